"""What the chapter 07 checks share: spotting "not attempted", calling the reader's code safely.

Requests go through :func:`request`, so a failed check ends with ``reproduce, with client =
TestClient(app): client.get(...)``: ``app`` is the ``FastAPI()`` the check builds around your
code (its ``_app``).
"""

from __future__ import annotations

from typing import Any

from chapters.ch07_dependencies import TestClient
from chapters.support.exercises import guarded, sent


def request(client: TestClient, method: str, url: str, **options: Any) -> Any:
    """One request through the reader's code; the exception it raises, if any, is reported,
    and a failure found in its answer ends with a line to send it again (``with_reproducer``)."""
    return guarded(lambda: sent(client, method, url, **options), f"{method} {url}")


def error_summary(errors: list[dict[str, Any]]) -> list[tuple[str, tuple[Any, ...]]]:
    """``[(type, loc), ...]``: what a check compares (the messages come with the type)."""
    return [(error.get("type", "?"), tuple(error.get("loc", ()))) for error in errors]
