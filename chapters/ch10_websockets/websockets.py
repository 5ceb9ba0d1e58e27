"""``WebSocket``: the ASGI ``websocket`` scope and its messages, seen as a conversation.

Why a class: an endpoint wants ``await websocket.receive_text()``, not a loop over raw
``websocket.receive`` dicts that may hold ``text`` or ``bytes``, may be a
``websocket.disconnect``, and must never come before ``websocket.connect``. The ASGI spec
fixes the order of the messages each way (asgi "WebSocket" section)::

    server -> app    websocket.connect, then websocket.receive ... , websocket.disconnect
    app -> server    websocket.accept (or websocket.close: refused), websocket.send ... ,
                     websocket.close

So :class:`WebSocket` keeps two states, one per direction (:class:`WebSocketState`), and
refuses a message that is out of order, naming the one it expected — the same checks, names
and signatures as ``starlette.websockets``. A ``websocket.disconnect`` becomes the exception
:class:`WebSocketDisconnect` (with the peer's close code), so an endpoint's happy path reads
straight through and its ``except WebSocketDisconnect`` is where the cleanup goes;
``iter_text()`` / ``iter_bytes()`` / ``iter_json()`` simply stop there.

Left out: Starlette's ``send_denial_response`` (the "websocket.http.response" extension that
lets an app refuse with a full HTTP response instead of a 403).
"""

from __future__ import annotations

import enum
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any, Literal

from chapters.ch05_toolkit import HTTPConnection
from chapters.ch05_toolkit.types import Message, Receive, Scope, Send

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketState"]


class WebSocketState(enum.Enum):
    """Where one direction of the conversation is."""

    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2


class WebSocketDisconnect(Exception):
    """The peer closed (``websocket.disconnect``): ``code`` is its close code (1006 if it
    vanished without a close frame, RFC 6455 §7.1.5), ``reason`` its text."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(code, reason or "")
        self.code = code
        self.reason = reason or ""


#: What the application may send next, per state of its direction (a table, not ifs).
APP_MAY_SEND: dict[WebSocketState, frozenset[str]] = {
    WebSocketState.CONNECTING: frozenset({"websocket.accept", "websocket.close"}),
    WebSocketState.CONNECTED: frozenset({"websocket.send", "websocket.close"}),
    WebSocketState.DISCONNECTED: frozenset(),
}
#: What the server may deliver next, per state of the client's direction.
CLIENT_MAY_SEND: dict[WebSocketState, frozenset[str]] = {
    WebSocketState.CONNECTING: frozenset({"websocket.connect"}),
    WebSocketState.CONNECTED: frozenset({"websocket.receive", "websocket.disconnect"}),
    WebSocketState.DISCONNECTED: frozenset(),
}


def _expected(allowed: frozenset[str], got: str) -> str:
    names = " or ".join(f'"{name}"' for name in sorted(allowed))
    return f"Expected ASGI message {names}, but got {got!r}"


class WebSocket(HTTPConnection):
    """One WebSocket connection: ``await websocket.accept()``, then receive and send.

    ::

        async def echo(websocket: WebSocket) -> None:
            await websocket.accept()
            async for text in websocket.iter_text():
                await websocket.send_text(f"echo: {text}")
    """

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        super().__init__(scope)
        if scope["type"] != "websocket":
            raise ValueError(f"WebSocket needs a 'websocket' scope, not {scope['type']!r}")
        self._receive, self._send = receive, send
        self.client_state = WebSocketState.CONNECTING
        self.application_state = WebSocketState.CONNECTING

    async def receive(self) -> Message:
        """The next ASGI message from the server, checked against the client's state."""
        allowed = CLIENT_MAY_SEND[self.client_state]
        if not allowed:
            raise RuntimeError('Cannot call "receive" once a disconnect message has been received.')
        message = await self._receive()
        if message["type"] not in allowed:
            raise RuntimeError(_expected(allowed, message["type"]))
        if message["type"] == "websocket.connect":
            self.client_state = WebSocketState.CONNECTED
        elif message["type"] == "websocket.disconnect":
            self.client_state = WebSocketState.DISCONNECTED
        return message

    async def send(self, message: Message) -> None:
        """Send an ASGI message to the server, checked against the application's state."""
        allowed = APP_MAY_SEND[self.application_state]
        if not allowed:
            raise RuntimeError('Cannot call "send" once a close message has been sent.')
        if message["type"] not in allowed:
            raise RuntimeError(_expected(allowed, message["type"]))
        if message["type"] == "websocket.close":
            self.application_state = WebSocketState.DISCONNECTED
        elif message["type"] == "websocket.accept":
            self.application_state = WebSocketState.CONNECTED
        try:
            await self._send(message)
        except OSError:  # the transport is gone under us: as if the peer had vanished
            self.application_state = WebSocketState.DISCONNECTED
            raise WebSocketDisconnect(code=1006) from None

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Complete the handshake (the server sends ``101 Switching Protocols``).

        ``subprotocol`` must be one the client offered in ``Sec-WebSocket-Protocol``
        (``websocket.scope["subprotocols"]``); ``headers`` are added to the 101 response.
        """
        if self.client_state is WebSocketState.CONNECTING:
            await self.receive()  # websocket.connect: the client's handshake request
        await self.send(
            {"type": "websocket.accept", "subprotocol": subprotocol, "headers": list(headers or [])}
        )

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close with ``code`` (RFC 6455 §7.4.1); before ``accept()`` this refuses: a 403."""
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})

    async def _receive_data(self) -> Message:
        """The next ``websocket.receive``; a disconnect raises :class:`WebSocketDisconnect`."""
        if self.application_state is not WebSocketState.CONNECTED:
            raise RuntimeError('WebSocket is not connected. Need to call "accept" first.')
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))
        return message

    async def receive_text(self) -> str:
        message = await self._receive_data()
        return message["text"]  # a KeyError on a binary message, as in Starlette

    async def receive_bytes(self) -> bytes:
        message = await self._receive_data()
        return message["bytes"]

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """A JSON value sent as a text message (or, with ``mode="binary"``, as UTF-8 bytes)."""
        if mode not in ("text", "binary"):
            raise RuntimeError('The "mode" argument should be "text" or "binary".')
        message = await self._receive_data()
        return json.loads(message["text"] if mode == "text" else message["bytes"].decode())

    async def iter_text(self) -> AsyncIterator[str]:
        """Every text message until the peer closes (the iteration then just ends)."""
        try:
            while True:
                yield await self.receive_text()
        except WebSocketDisconnect:
            pass

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        try:
            while True:
                yield await self.receive_bytes()
        except WebSocketDisconnect:
            pass

    async def iter_json(self) -> AsyncIterator[Any]:
        try:
            while True:
                yield await self.receive_json()
        except WebSocketDisconnect:
            pass

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        """``data`` as compact JSON (Starlette's separators, non-ASCII kept as is)."""
        if mode not in ("text", "binary"):
            raise RuntimeError('The "mode" argument should be "text" or "binary".')
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send_text(text)
        else:
            await self.send_bytes(text.encode())


class WebSocketClose:
    """An ASGI app that refuses (or ends) a WebSocket: what a router answers when no route
    matches (``code=1000``, which the server turns into a 403 before the handshake)."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.code, self.reason = code, reason or ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.close", "code": self.code, "reason": self.reason})
