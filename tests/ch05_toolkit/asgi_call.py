"""Call an ASGI app directly, no server: for middleware tests that look at the messages themselves.

``call(app, "GET", "/", headers={...})`` runs one request through ``app`` in a fresh event
loop and returns what the app sent: the status, the headers (lower-cased names), the body
pieces as sent (so a test can see that a stream stayed a stream) and whatever was raised.
Real-server tests use ``tests.ch04_asgi.servers``; this is the fourth level's fake transport.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from chapters.ch04_asgi.types import ASGIApp, Message


@dataclass
class Sent:
    status: int = 0
    raw_headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    error: BaseException | None = None

    @property
    def headers(self) -> dict[str, str]:
        """Names lower-cased; a repeated name keeps its values joined with ", "."""
        joined: dict[str, str] = {}
        for name, value in self.raw_headers:
            key = name.decode("latin-1").lower()
            joined[key] = f"{joined[key]}, {value.decode('latin-1')}" if key in joined else value.decode("latin-1")
        return joined

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


def http_scope(method: str = "GET", path: str = "/", headers: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    raw_path, _, query = path.partition("?")
    head = {"host": "testserver", **{name.lower(): value for name, value in (headers or {}).items()}}
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": raw_path, "raw_path": raw_path.encode(), "query_string": query.encode(), "root_path": "",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in head.items()],
        "client": ("127.0.0.1", 5000), "server": ("testserver", 80), **extra,
    }  # fmt: skip


def call(app: ASGIApp, method: str = "GET", path: str = "/", headers: dict[str, str] | None = None, body: bytes = b"", **extra: Any) -> Sent:
    """One request through ``app``; an exception raised by the app is kept in ``.error``."""
    sent = Sent()
    incoming = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            sent.status, sent.raw_headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            sent.chunks.append(message.get("body", b""))

    async def run() -> None:
        try:
            await app(http_scope(method, path, headers, **extra), receive, send)
        except Exception as error:  # noqa: BLE001  # the test decides whether raising was right
            sent.error = error

    asyncio.run(run())
    return sent
