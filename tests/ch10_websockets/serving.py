"""Servers and a client for the toolkit, framework and chat tests of chapter 10.

Every app here is plain ASGI, so each test runs on uvicorn (the reference, with the
``websockets`` package serving the protocol) and on chapter 10's own
:class:`~chapters.ch10_websockets.server.Server`; both bind port 0 on 127.0.0.1 and stop
when the ``with`` block ends. The client is the ``websockets`` package (asyncio API), and
:func:`converse` turns one conversation into plain data, so that two servers or two
frameworks are compared with ``==``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from chapters.ch04_asgi import ASGIApp
from chapters.support import serve_in_background
from tests.ch04_asgi.servers import HOST, Running, running_uvicorn

TIMEOUT = 5.0


@contextmanager
def running_ch10(app: ASGIApp, **options: Any) -> Iterator[Running]:
    """Chapter 10's server (chapter 04's, with WebSockets), in a background thread."""
    from chapters.ch10_websockets.server import Server  # written alongside this chapter's toolkit

    options.setdefault("access_log", False)
    with serve_in_background(Server(app, HOST, 0, **options)) as server:
        yield Running("ch10", server.port)


ServeFn = Callable[..., AbstractContextManager[Running]]
SERVERS: dict[str, ServeFn] = {"uvicorn": running_uvicorn, "ch10": running_ch10}


@pytest.fixture(params=sorted(SERVERS))
def serve(request: pytest.FixtureRequest) -> ServeFn:
    """Each test that takes ``serve`` runs once per server."""
    return SERVERS[request.param]


def ws_url(running: Running, path: str) -> str:
    return f"ws://{HOST}:{running.port}{path}"


async def receive_all(ws: ClientConnection) -> tuple[list[str | bytes], tuple[int, str] | None]:
    """Every message until the server closes; then its close code and reason (None if none)."""
    received: list[str | bytes] = []
    try:
        while True:
            received.append(await asyncio.wait_for(ws.recv(), TIMEOUT))
    except ConnectionClosed as closed:
        frame = closed.rcvd
        return received, None if frame is None else (frame.code, frame.reason)


async def converse(
    url: str,
    send: Sequence[str | bytes] = (),
    *,
    replies: int = 0,
    close: tuple[int, str] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Open, send each message, read ``replies`` answers, maybe ``close``; what the client saw.

    ``{"status": 403}`` if the handshake was refused; else the subprotocol, the messages
    received and the server's close code and reason.
    """
    try:
        async with connect(url, open_timeout=TIMEOUT, close_timeout=TIMEOUT, **options) as ws:
            seen: dict[str, Any] = {"status": 101, "subprotocol": ws.subprotocol}
            for message in send:
                await ws.send(message)
            answers = [await asyncio.wait_for(ws.recv(), TIMEOUT) for _ in range(replies)]
            if close is not None:
                await ws.close(*close)
            rest, seen["closed"] = await receive_all(ws)
            seen["received"] = answers + rest
            return seen
    except InvalidStatus as refused:
        return {"status": refused.response.status_code}


def run(coroutine: Awaitable[Any]) -> Any:
    """Run a client coroutine to the end from a plain (sync) test, with a deadline."""

    async def bounded() -> Any:
        return await asyncio.wait_for(coroutine, TIMEOUT * 3)

    return asyncio.run(bounded())
