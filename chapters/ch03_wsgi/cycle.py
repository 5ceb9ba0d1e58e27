"""One request, one cycle object: ``start_response``, ``write`` and the response iterable.

PEP 3333 splits the response in two. ``start_response(status, headers)`` only *records* the
status and headers; they go on the wire with the first non-empty piece of body (an
iterable's item or a ``write()`` call), or when the iterable ends. Until then the
application may change its mind: calling ``start_response`` again *with* ``exc_info``
replaces them (an error page instead of the page it meant to send). Once they are sent, it
is too late: that second call re-raises the error, and the server closes the connection.

:class:`ResponseCycle` enforces that order and turns the application's strings into the
chapter 02 parser's events; framing (Content-Length, chunked, close-delimited, HEAD) is
decided by the parser from the headers, exactly as in chapter 02.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterable

from chapters.ch02_http import Connection, Data, EndOfMessage, Response
from chapters.ch03_wsgi.streams import ClientDisconnected, WSGIInput
from chapters.ch03_wsgi.types import ExcInfo, ResponseHeaders, Write

# Status-Code SP Reason-Phrase, e.g. "404 Not Found" (PEP 3333 "The start_response() Callable")
STATUS = re.compile(r"([1-9][0-9]{2}) (.*)", re.DOTALL)

#: RFC 9110 §7.6.1 hop-by-hop headers: they describe *this* connection, which the server
#: owns, so an application must not set them (PEP 3333). We drop them, as gunicorn does,
#: except that ``Connection: close`` is honoured.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)


class ResponseCycle:
    """The response side of one request: what the application passes to the server."""

    def __init__(
        self,
        http: Connection,
        conn: socket.socket,
        body: WSGIInput,
        *,
        clients_waiting: Callable[[], bool] = lambda: False,
    ) -> None:
        self._http = http
        self._conn = conn
        self._body = body
        self._clients_waiting = clients_waiting  # asked when the head goes: free this worker?
        self._status: tuple[int, bytes] | None = None
        self._headers: list[tuple[bytes, bytes]] = []
        self.headers_sent = False
        self.status_code: int | None = None  # once sent, for logs and tests

    def start_response(
        self, status: str, headers: ResponseHeaders, exc_info: ExcInfo | None = None
    ) -> Write:
        """Record the status and headers (PEP 3333); return the legacy ``write`` callable."""
        if exc_info is not None:
            try:
                if self.headers_sent:
                    raise exc_info[1].with_traceback(exc_info[2])  # too late for an error page
            finally:
                exc_info = None  # break the frame <-> traceback cycle, as the PEP asks
        elif self._status is not None:
            raise RuntimeError("start_response() called a second time without exc_info")
        self._status = parse_status(status)
        self._headers = encode_headers(headers)
        return self.write

    def write(self, data: bytes) -> None:
        """The imperative API of PEP 3333, kept for old frameworks: send ``data`` now."""
        if not isinstance(data, bytes):
            raise TypeError(f"write() takes bytes, not {type(data).__name__}")
        self._send_data(data, force_head=True)

    def send_iterable(self, result: Iterable[bytes]) -> None:
        """Send the application's iterable, then end the message. (The caller closes it.)"""
        if not self.headers_sent and self._status is not None and _single_item(result):
            (data,) = result  # type: ignore[misc]
            self._send_whole(_check_bytes(data))
            return
        for data in result:
            self._send_data(_check_bytes(data), force_head=False)
        self._finish()

    def _send_whole(self, data: bytes) -> None:
        """A single-item body: its length is known, so head, body and end go in one write."""
        headers = self._headers
        assert self._status is not None
        # 204 and 304 never have a body, nor a Content-Length for one (RFC 9110 §8.6).
        if self._status[0] not in (204, 304) and not _has_header(headers, b"content-length"):
            headers = [*headers, (b"content-length", b"%d" % len(data))]
        self._body.drain()
        head = self._head(headers)
        self._sendall(head + self._http.send(Data(data=data)) + self._http.send(EndOfMessage()))

    def _send_data(self, data: bytes, *, force_head: bool) -> None:
        if self.headers_sent:
            if data:
                self._sendall(self._http.send(Data(data=data)))
        elif data or force_head:
            # PEP 3333: the headers go with the first non-empty chunk (or the first write()).
            self._sendall(self._head(self._headers) + self._http.send(Data(data=data)))

    def _finish(self) -> None:
        if self.headers_sent:
            self._body.drain()
            self._sendall(self._http.send(EndOfMessage()))
        else:
            self._send_whole(b"")  # nothing was sent: an empty body, its length known

    def _head(self, headers: list[tuple[bytes, bytes]]) -> bytes:
        if self._status is None:
            raise RuntimeError("the application sent body data before calling start_response()")
        status_code, reason = self._status
        if self._clients_waiting():
            headers = [*headers, (b"connection", b"close")]
        head = self._http.send(Response(status_code=status_code, reason=reason, headers=headers))
        self.headers_sent = True
        self.status_code = status_code
        return head

    def _sendall(self, data: bytes) -> None:
        try:
            self._conn.sendall(data)
        except OSError as error:
            raise ClientDisconnected(str(error)) from error


def parse_status(status: str) -> tuple[int, bytes]:
    """``"404 Not Found"`` → ``(404, b"Not Found")``; a ``ValueError`` for anything else."""
    match = STATUS.fullmatch(status) if isinstance(status, str) else None
    if match is None:
        raise ValueError(f"status must be a str like '200 OK', got {status!r}")
    return int(match[1]), match[2].encode("latin-1")


def encode_headers(headers: ResponseHeaders) -> list[tuple[bytes, bytes]]:
    """The application's ``(str, str)`` headers as bytes, hop-by-hop ones removed.

    The parser checks names and values when it serializes them (a CR LF in a value is
    refused, not sent: no response splitting).
    """
    if type(headers) is not list:
        raise TypeError(f"response headers must be a list, got {type(headers).__name__}")
    encoded = []
    for header in headers:
        if (
            type(header) is not tuple
            or len(header) != 2
            or not all(type(part) is str for part in header)
        ):
            raise TypeError(f"each response header must be a (str, str) tuple, got {header!r}")
        name, value = header
        lowered = name.lower()
        if lowered in HOP_BY_HOP and not (
            lowered == "connection" and value.strip().lower() == "close"
        ):
            continue
        encoded.append((name.encode("latin-1"), value.encode("latin-1")))
    return encoded


def _has_header(headers: list[tuple[bytes, bytes]], wanted: bytes) -> bool:
    return any(name.lower() == wanted for name, _ in headers)


def _single_item(result: Iterable[bytes]) -> bool:
    """A list or tuple of one item: its whole body is known before anything is sent."""
    return type(result) in (list, tuple) and len(result) == 1  # type: ignore[arg-type]


def _check_bytes(data: object) -> bytes:
    if type(data) is not bytes:
        raise TypeError(f"the application must yield bytes, not {type(data).__name__}")
    return data
