"""Errors named for the fault, carrying the answer to give: a close code or an HTTP status.

Once the connection is a WebSocket, a peer that breaks RFC 6455 is answered with a Close
frame whose code says why (§7.4.1) and the TCP connection is closed ("fail the WebSocket
connection", §7.1.7): :class:`RemoteProtocolError` carries that code (1002 by default; 1007
for text that is not UTF-8, 1009 for a message over the size limit). Before that, during
the HTTP/1.1 handshake, the answer is an HTTP status: :class:`HandshakeError` is chapter 02's
``RemoteProtocolError`` with a ``status_hint`` (400, or 426 for a version we don't speak) and
the headers to send with it.
"""

from __future__ import annotations

from chapters.ch02_http import errors as http_errors
from chapters.ch02_http.events import Headers


class ProtocolError(Exception):
    """Something broke the WebSocket protocol (RFC 6455)."""

    def __init__(self, message: str, *, close_code: int = 1002) -> None:
        super().__init__(message)
        self.close_code = close_code


class RemoteProtocolError(ProtocolError):
    """The peer sent frames we cannot accept: close with ``close_code`` and drop the TCP."""


class LocalProtocolError(ProtocolError):
    """We tried to send something the protocol does not allow (a bug in our code)."""

    def __init__(self, message: str, *, close_code: int = 1011) -> None:
        super().__init__(message, close_code=close_code)


class HandshakeError(http_errors.RemoteProtocolError):
    """The opening handshake is refused: answer ``status_hint`` with ``headers`` (§4.2.2)."""

    def __init__(
        self, message: str, *, status_hint: int = 400, headers: Headers | None = None
    ) -> None:
        super().__init__(message, status_hint=status_hint)
        self.headers: Headers = headers or []
