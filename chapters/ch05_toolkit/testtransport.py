"""The machinery under :class:`~chapters.ch05_toolkit.testclient.TestClient`.

Split out so the client module reads as its API: ``LoopThread`` is the event loop the app
runs on (in a background thread, so callers with a running loop of their own, like Jupyter,
are not disturbed), ``Exchange`` is one request's ``receive``/``send`` pair (like chapter
04's ``RequestResponseCycle``, minus the socket), and the helpers encode request bodies and
read ``Set-Cookie`` expiry.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import threading
from collections.abc import Coroutine, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from chapters.ch05_toolkit.types import Message

__all__ = ["Exchange", "LoopThread", "cancel", "encode_body", "expired"]

T = TypeVar("T")


class LoopThread:
    """An event loop running forever in a daemon thread; ``run(coro)`` blocks for the result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="testclient-loop", daemon=True
        )
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


class Exchange:
    """One request/response cycle against the app: the ``receive`` and ``send`` it gets."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.request_sent = False
        self.complete = asyncio.Event()
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    async def receive(self) -> Message:
        if not self.request_sent:
            self.request_sent = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        await self.complete.wait()  # the client "leaves" once it has the whole response
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if self.status is not None:
                raise RuntimeError("http.response.start sent twice")
            self.status = message["status"]
            self.headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            if self.status is None:
                raise RuntimeError("http.response.body sent before http.response.start")
            if self.complete.is_set():
                raise RuntimeError("http.response.body sent after the response was complete")
            self.chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                self.complete.set()


async def cancel(task: asyncio.Task[None]) -> None:
    """Let a lifespan task that is still running (an app ignoring shutdown) end cleanly."""
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def encode_body(json: Any, data: Any, content: str | bytes | None) -> tuple[bytes, dict[str, str]]:
    """The request body and its Content-Type, from the ``requests``-style arguments."""
    if json is not None:
        return jsonlib.dumps(json).encode("utf-8"), {"content-type": "application/json"}
    if isinstance(data, Mapping):
        return urlencode(data, doseq=True).encode("ascii"), {
            "content-type": "application/x-www-form-urlencoded"
        }
    raw = content if content is not None else data
    if raw is None:
        return b"", {}
    return (raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)), {}


def expired(expires: str) -> bool:
    if not expires:
        return False
    try:
        return parsedate_to_datetime(expires) <= datetime.now(UTC)
    except (TypeError, ValueError):
        return False
