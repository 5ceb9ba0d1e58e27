"""What the chapter 05 checks share: spotting a placeholder, calling an ASGI app by hand.

A failed check ends with ``reproduce, with client = TestClient(app): client.get(...)``: ``app``
is the small ``Starlette`` application the check builds around your code (its ``_app``, or
the lines above the request in the check), ``TestClient`` this chapter's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chapters.ch05_toolkit.testtransport import LoopThread
from chapters.ch05_toolkit.types import ASGIApp, Message, Scope
from chapters.support.exercises import ExerciseFailed, is_placeholder


class NotAttempted(Exception):
    """Raised inside a check when the reader's code reached a ``NotImplementedError``."""


def untouched(obj: object, *methods: str) -> bool:
    """True for ``None``, a placeholder function, or a class whose ``methods`` are all placeholders."""
    if isinstance(obj, type):
        found = [
            next((vars(klass)[name] for klass in obj.__mro__ if name in vars(klass)), None)
            for name in methods
        ]
        return all(method is None or is_placeholder(method) for method in found)
    return is_placeholder(obj)


def http_scope(path: str = "/", headers: list[tuple[bytes, bytes]] | None = None) -> Scope:
    """A minimal ``http`` scope, like the one a server builds for ``GET path``."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"check"), *(headers or [])],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


def call_app(app: ASGIApp, scope: Scope) -> list[Message]:
    """Call ``app`` once with a fake receive/send, on a loop in a thread; every message it sent."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    async def run() -> None:
        await app(scope, receive, send)

    loop = LoopThread()
    try:
        loop.run(run())
    finally:
        loop.stop()
    return sent


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
