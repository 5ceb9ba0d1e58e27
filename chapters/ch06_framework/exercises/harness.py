"""What the chapter 06 checks share: spotting "not attempted", calling the reader's code safely."""

from __future__ import annotations

from typing import Any

from chapters.ch06_framework import TestClient
from chapters.support.exercises import guarded


def request(client: TestClient, method: str, url: str, **options: Any) -> Any:
    """One request through the reader's code; the exception it raises, if any, is reported."""
    return guarded(lambda: client.request(method, url, **options), f"{method} {url}")


def error_summary(errors: list[dict[str, Any]]) -> list[tuple[str, tuple[Any, ...]]]:
    """``[(type, loc), ...]``: what a check compares (the messages come with the type)."""
    return [(error.get("type", "?"), tuple(error.get("loc", ()))) for error in errors]
