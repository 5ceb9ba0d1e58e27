"""Servers and clients for the WebSocket tests: our server or uvicorn, and three kinds of client.

The servers run the same ASGI application in a background thread on a free port of
127.0.0.1 and are stopped when the ``with`` block ends. The clients: the ``websockets``
package (asyncio), ``wsproto`` (sans-IO, driven over a blocking socket here), and a raw socket
that writes whatever bytes a test wants, broken ones included.
"""

from __future__ import annotations

import base64
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from wsproto import ConnectionType, WSConnection
from wsproto import events as wsp

from chapters.ch04_asgi.types import ASGIApp
from chapters.ch10_websockets import Server
from chapters.ch10_websockets.frames import Opcode, build_frame
from chapters.support import serve_in_background
from tests.ch04_asgi.servers import HOST, TIMEOUT, Running, running_uvicorn


@contextmanager
def running_ours(app: ASGIApp, **options: Any) -> Iterator[Running]:
    options.setdefault("access_log", False)
    with serve_in_background(Server(app, HOST, 0, **options)) as server:
        yield Running("ch10", server.port)


ServeFn = Callable[..., AbstractContextManager[Running]]
SERVERS: dict[str, ServeFn] = {"ch10": running_ours, "uvicorn": running_uvicorn}


def handshake_request(
    path: str = "/", *, headers: dict[str, str] | None = None, omit: tuple[str, ...] = ()
) -> bytes:
    """A valid opening handshake, with ``headers`` replaced or added and ``omit`` left out."""
    fields = {
        "Host": "localhost",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        "Sec-WebSocket-Version": "13",
        **(headers or {}),
    }
    lines = [f"GET {path} HTTP/1.1", *(f"{k}: {v}" for k, v in fields.items() if k not in omit)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class RawClient:
    """A blocking socket that speaks frames by hand: for the bytes no library would send."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def read_head(self) -> tuple[int, bytes]:
        """The status and the head of the HTTP response (its body is left in the buffer)."""
        while b"\r\n\r\n" not in self.buffer:
            self._recv_more()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1]), head

    def read_all(self) -> bytes:
        """Everything until the server closes the connection."""
        while chunk := self.sock.recv(65536):
            self.buffer += chunk
        data, self.buffer = self.buffer, b""
        return data

    def open(self, path: str = "/") -> bytes:
        self.sock.sendall(handshake_request(path))
        status, head = self.read_head()
        assert status == 101, head
        return head

    def send_frame(
        self, opcode: int, payload: bytes = b"", *, fin: bool = True, masked: bool = True
    ) -> None:
        self.sock.sendall(
            build_frame(
                Opcode(opcode), payload, fin=fin, mask_key=os.urandom(4) if masked else None
            )
        )

    def read_frame(self) -> tuple[int, bytes]:
        """``(opcode, payload)`` of the next (unmasked) frame from the server."""
        self._need(2)
        length = self.buffer[1] & 0x7F
        start = 2
        if length == 126:
            self._need(4)
            length, start = int.from_bytes(self.buffer[2:4], "big"), 4
        elif length == 127:
            self._need(10)
            length, start = int.from_bytes(self.buffer[2:10], "big"), 10
        assert not self.buffer[1] & 0x80, "a server must not mask its frames"
        self._need(start + length)
        opcode, payload = self.buffer[0] & 0x0F, self.buffer[start : start + length]
        self.buffer = self.buffer[start + length :]
        return opcode, payload

    def read_close(self) -> int:
        """The code of the server's Close frame (skipping data frames before it)."""
        while True:
            opcode, payload = self.read_frame()
            if opcode == Opcode.CLOSE:
                return int.from_bytes(payload[:2], "big")

    def _need(self, size: int) -> None:
        while len(self.buffer) < size:
            self._recv_more()

    def _recv_more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"server closed the connection; buffered: {self.buffer[:200]!r}")
        self.buffer += chunk


class WsprotoClient:
    """wsproto's client over a blocking socket: each call sends, then reads until an event."""

    def __init__(self, port: int, path: str = "/", subprotocols: list[str] | None = None) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.pending: list[wsp.Event] = []
        self.sock.sendall(
            self.ws.send(
                wsp.Request(host="localhost", target=path, subprotocols=subprotocols or [])
            )
        )
        event = self.next_event()
        assert isinstance(event, wsp.AcceptConnection), event
        self.subprotocol = event.subprotocol

    def send(self, event: wsp.Event) -> None:
        self.sock.sendall(self.ws.send(event))

    def next_event(self) -> wsp.Event:
        while not self.pending:
            self.ws.receive_data(self.sock.recv(65536) or None)
            self.pending.extend(self.ws.events())
        return self.pending.pop(0)

    def receive_message(self) -> str | bytes:
        """A whole message, however many frames it came in."""
        parts: list[Any] = []
        while True:
            event = self.next_event()
            assert isinstance(event, wsp.Message), event
            parts.append(event.data)
            if event.message_finished:
                return "".join(parts) if isinstance(event, wsp.TextMessage) else b"".join(parts)

    def close(self) -> None:
        self.sock.close()
