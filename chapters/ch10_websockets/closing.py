"""The closing handshake (RFC 6455 §7): which Close frame is sent, and when the TCP connection ends.

Why a unit of its own: an accepted WebSocket ends in one of three ways, each with its rule,
and the cycle reaches them from many places (the application, a frame, the keep-alive, the
server's shutdown):

- *we close* (``websocket.close``, the application's return or failure, 1001 on shutdown):
  send our Close and wait for the peer's; the server then closes the TCP connection first
  (§7.1.1). A peer that never answers gets ``ws_close_timeout`` seconds, then the TCP
  connection is closed anyway;
- *the peer closes*: answer with a Close of our own and close the TCP connection at once.
  §5.5.1 says the answer "typically echos the status code it received"; uvicorn (through
  ``websockets`` or ``wsproto``) echoes the reason too, and so do we. A Close that carried
  no code (1005) is answered by one without a code;
- *the connection fails* (§7.1.7: the peer broke the protocol, or stopped answering pings):
  a Close with the fault's code if one may still be sent, then the TCP connection.

Each way ends with ``on_closed(code, reason)``: what ``websocket.disconnect`` will report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from chapters.ch10_websockets.connection import WebSocketConnection
from chapters.ch10_websockets.events import Close
from chapters.ch10_websockets.state import CLOSE_RECEIVED, FAILED, OPEN


class ClosingHandshake:
    def __init__(
        self,
        transport: asyncio.Transport,
        *,
        close_timeout: float,
        on_closed: Callable[[int, str], None],
    ) -> None:
        self.transport = transport
        self.close_timeout = close_timeout
        self._on_closed = on_closed
        self._timer: asyncio.TimerHandle | None = None

    def start(self, ws: WebSocketConnection, close: Close) -> None:
        """Our Close: the peer answers with its own, or the TCP is closed after a timeout."""
        self.write(ws.send(close))
        if self._timer is None and not self.transport.is_closing():
            self._timer = asyncio.get_running_loop().call_later(
                self.close_timeout, self.transport.close
            )

    def received(self, ws: WebSocketConnection, close: Close) -> None:
        """The peer's Close: answer it if the peer started the handshake, then close the TCP."""
        if ws.state is CLOSE_RECEIVED:
            self.write(ws.send(close))  # the echo: its code and its reason
        self.transport.close()
        self._on_closed(close.code, close.reason)

    def fail(self, ws: WebSocketConnection | None, code: int, reason: str) -> None:
        """Fail the connection: a Close with ``code`` if one may still be sent, then the TCP."""
        if ws is not None and ws.state in (OPEN, FAILED, CLOSE_RECEIVED):
            self.write(ws.send(Close(code=code, reason=fit_close_reason(reason))))
        self.transport.close()
        self._on_closed(code, reason)

    def done(self) -> None:
        """The connection is over: the timeout no longer has anything to wait for."""
        if self._timer is not None:
            self._timer.cancel()

    def write(self, data: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(data)


def fit_close_reason(reason: str) -> str:
    """``reason`` cut to the 123 bytes of UTF-8 a Close frame can carry (RFC 6455 §5.5),
    at a character boundary: counting characters would let non-ASCII text overflow."""
    return reason.encode()[:123].decode("utf-8", "ignore")
