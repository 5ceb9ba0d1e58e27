"""Helpers for the chapter 02 server tests: a raw-socket HTTP client, and a server to test.

A raw socket sends exactly the bytes we choose (no client library fixes a bad header or
normalises ``/../``) and shows exactly what the server sent back, so responses are parsed
here by hand, and strictly. Every wait is bounded by a socket timeout.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self

from chapters.ch02_http.messages import Handler
from chapters.ch02_http.server import HTTPServer
from chapters.support import serve_in_background

HOST = "127.0.0.1"
TIMEOUT = 5.0


@contextmanager
def running(app: Handler | None = None, **options: Any) -> Iterator[HTTPServer]:
    """An :class:`HTTPServer` on a free port of 127.0.0.1, stopped (and joined) on exit."""
    with serve_in_background(HTTPServer(HOST, 0, app=app, **options)) as server:
        yield server


@dataclass
class RawResponse:
    status: int
    reason: bytes
    headers: list[tuple[bytes, bytes]]  # names lowercased
    body: bytes
    head: bytes  # status line and header lines, as received

    @property
    def status_line(self) -> bytes:
        return self.head.split(b"\r\n", 1)[0]

    def header(self, name: str) -> str | None:
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        wanted = name.lower().encode()
        return [value.decode("latin-1") for key, value in self.headers if key == wanted]


class RawClient:
    """One client connection; keeps unread bytes, so pipelined responses parse in order."""

    def __init__(self, port: int, timeout: float = TIMEOUT) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buffer = bytearray()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> None:
        data = self.sock.recv(256 * 1024)
        if not data:
            raise ConnectionError(
                f"closed by the server; unparsed bytes: {bytes(self.buffer[:200])!r}"
            )
        self.buffer += data

    def _take(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._fill()
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data

    def _take_line(self) -> bytes:
        while (end := self.buffer.find(b"\r\n")) == -1:
            self._fill()
        return self._take(end + 2)[:-2]

    def read_head(self) -> RawResponse:
        """The next status line and headers (a 1xx included); the body is left unread."""
        while (end := self.buffer.find(b"\r\n\r\n")) == -1:
            self._fill()
        head = self._take(end + 4)[:-4]
        status_line, *lines = head.split(b"\r\n")
        version, status, reason = status_line.split(b" ", 2)
        assert version == b"HTTP/1.1", f"unexpected status line {status_line!r}"
        headers = []
        for line in lines:
            name, colon, value = line.partition(b":")
            assert colon and name == name.strip(), f"malformed header line {line!r}"
            headers.append((name.lower(), value.strip(b" \t")))
        return RawResponse(status=int(status), reason=reason, headers=headers, body=b"", head=head)

    def read_response(self, *, method: bytes = b"GET") -> RawResponse:
        """The next response, with its body framed as RFC 9112 §6.3 says (1xx: head only)."""
        response = self.read_head()
        if method == b"HEAD" or response.status < 200 or response.status in (204, 304):
            return response
        if (response.header("transfer-encoding") or "").lower() == "chunked":
            response.body = self._read_chunked()
        elif (length := response.header("content-length")) is not None:
            response.body = self._take(int(length))
        else:
            response.body = self.read_until_close()
        return response

    def _read_chunked(self) -> bytes:
        chunks = []
        while size := int(self._take_line().split(b";")[0], 16):
            chunks.append(self._take(size))
            assert self._take(2) == b"\r\n", "chunk data not followed by CRLF"
        while self._take_line():  # trailers, up to the empty line
            pass
        return b"".join(chunks)

    def read_until_close(self, timeout: float = TIMEOUT, *, reset_ok: bool = True) -> bytes:
        """Everything until the server closes; ``TimeoutError`` if it stays open longer.

        A reset counts as a close (what was received before it is returned), unless
        ``reset_ok`` is false: then only an orderly close (FIN) will do.
        """
        self.sock.settimeout(timeout)
        data = bytes(self.buffer)
        self.buffer.clear()
        try:
            while chunk := self.sock.recv(256 * 1024):
                data += chunk
        except ConnectionResetError:
            if not reset_ok:
                raise
        return data


def exchange(port: int, raw: bytes, *, method: bytes = b"GET") -> RawResponse:
    """Send ``raw`` on a new connection and read one response."""
    with RawClient(port) as client:
        client.send(raw)
        return client.read_response(method=method)


def get(port: int, target: str, *, method: str = "GET") -> RawResponse:
    """A one-off request, ``Connection: close``, the target sent exactly as given."""
    raw = f"{method} {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".encode("latin-1")
    return exchange(port, raw, method=method.encode())


def assert_still_serving(
    port: int, target: str = "/", expected: bytes = b"Hello from chapter 02"
) -> None:
    """The server answers a well-formed request on a fresh connection."""
    response = get(port, target)
    assert response.status == 200, response.head
    assert expected in response.body
