"""Reference solutions to the exercises of ``notebooks/04_asgi.ipynb`` (the answer key).

``tests/ch04_asgi/test_exercises.py`` runs every check of ``chapters/ch04_asgi/exercises/``
against these.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import parse_qs

from chapters.ch04_asgi.types import ASGIApp, Message, Receive, Scope, Send

# --- exercise 1: x-process-time ----------------------------------------------------------------


class ProcessTimeMiddleware:
    """Add ``x-process-time`` (seconds, from the call until the response starts)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = time.perf_counter() - started
                headers = [
                    *message.get("headers", []),
                    (b"x-process-time", f"{elapsed:.4f}".encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_time)


# --- exercise 2: a streamed countdown ------------------------------------------------------------


async def countdown_app(scope: Scope, receive: Receive, send: Send) -> None:
    """``GET /?from=N``: ``N`` … ``1``, then ``liftoff!``, a line every 0.1 s."""
    query = parse_qs(scope["query_string"].decode("latin-1"))
    try:
        start = int(query.get("from", ["3"])[0])
        if start < 0:
            raise ValueError(start)
    except ValueError:
        body = b"from must be a whole number, 0 or more\n"
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    for n in range(start, 0, -1):
        await send({"type": "http.response.body", "body": b"%d\n" % n, "more_body": True})
        await asyncio.sleep(0.1)
    await send({"type": "http.response.body", "body": b"liftoff!\n", "more_body": False})


# --- exercise 3: a limit on concurrent requests ----------------------------------------------------


class ConcurrencyLimit:
    """At most ``max_concurrent_requests`` HTTP requests in the app at once; 503 beyond."""

    def __init__(self, app: ASGIApp, *, max_concurrent_requests: int = 100) -> None:
        self.app = app
        self.max_concurrent_requests = max_concurrent_requests
        self.in_progress = 0  # one event loop, no await between test and increment: no lock needed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_progress >= self.max_concurrent_requests:
            body = b"Service Unavailable: too many requests in progress\n"
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"1")]
            await send({"type": "http.response.start", "status": 503, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1
