"""What the chapter 07 checks share: spotting "not attempted", calling the reader's code safely."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chapters.ch07_dependencies import TestClient
from chapters.support.exercises import ExerciseFailed


class NotAttempted(Exception):
    """Raised inside a check when the reader's code reached a ``NotImplementedError``."""


def guarded(call: Callable[[], Any], doing: str) -> Any:
    """``call()``; NotImplementedError means "not attempted", anything else is reported."""
    try:
        return call()
    except NotImplementedError:
        raise NotAttempted from None
    except ExerciseFailed:
        raise
    except Exception as error:
        raise ExerciseFailed(f"{doing} raised {error!r}") from error


def request(client: TestClient, method: str, url: str, **options: Any) -> Any:
    """One request through the reader's code; the exception it raises, if any, is reported."""
    return guarded(lambda: client.request(method, url, **options), f"{method} {url}")


def json_of(response: Any) -> Any:
    """The response's JSON, or ``None`` if its body is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def error_summary(errors: list[dict[str, Any]]) -> list[tuple[str, tuple[Any, ...]]]:
    """``[(type, loc), ...]``: what a check compares (the messages come with the type)."""
    return [(error.get("type", "?"), tuple(error.get("loc", ()))) for error in errors]
