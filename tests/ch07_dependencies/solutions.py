"""Reference solutions to the exercises of ``notebooks/07_dependencies.ipynb`` (the answer key).

``test_exercises.py`` runs each check in ``chapters/ch07_dependencies/exercises/`` against these.
"""

import sqlite3
from collections.abc import Iterator
from typing import Annotated

from chapters.ch07_dependencies import Depends, Header, HTTPException, Query, Request, status
from chapters.ch07_dependencies.exercises import API_KEYS, Ledger, get_ledger

# --- exercise 1: a pagination dependency class -----------------------------------------------------


class Page:
    def __init__(
        self,
        page: Annotated[int, Query(ge=1)] = 1,
        size: Annotated[int, Query(ge=1, le=50)] = 20,
    ) -> None:
        self.offset = (page - 1) * size
        self.limit = size


# --- exercise 2: an API-key guard ------------------------------------------------------------------


def require_api_key(x_api_key: Annotated[str | None, Header()] = None) -> str:
    client = API_KEYS.get(x_api_key or "")
    if client is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Invalid or missing API key",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    return client


# --- exercise 3: an audited transaction ------------------------------------------------------------


def transaction(
    request: Request, ledger: Annotated[Ledger, Depends(get_ledger)]
) -> Iterator[sqlite3.Connection]:
    connection = ledger.connect()
    audit = "INSERT INTO audit (method, path, outcome) VALUES (?, ?, ?)"
    try:
        yield connection
        connection.execute(audit, (request.method, request.url.path, "committed"))
        connection.commit()
    except Exception as exc:
        connection.rollback()
        reason = exc.status_code if isinstance(exc, HTTPException) else type(exc).__name__
        connection.execute(audit, (request.method, request.url.path, f"rolled back: {reason}"))
        connection.commit()
        raise
    finally:
        connection.close()
