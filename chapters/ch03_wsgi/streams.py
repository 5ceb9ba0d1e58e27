"""``wsgi.input`` and ``wsgi.errors``: the two streams an application finds in ``environ``.

:class:`WSGIInput` is the request body as a read-only binary file. It reads nothing until
the application asks: each ``read`` pulls :class:`Data` events from the chapter 02 parser,
which pulls bytes from the socket. Reading on demand is what makes three things right:

* ``Expect: 100-continue`` is answered by the first read, so a client is told to send its
  body only if the application wants it (an app that answers 413 at once never gets it);
* the stream ends exactly where the body ends, whether it came with Content-Length or
  chunked (the parser de-chunks and bounds it), so ``read()`` never blocks past the body
  and the server can say ``wsgi.input_terminated = True``;
* a large upload never sits in memory whole unless the application asks for it whole.

:class:`ErrorStream` is ``wsgi.errors``: a text stream whose lines go to the logging module.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterable, Iterator

from chapters.ch02_http import (
    NEED_DATA,
    Connection,
    Data,
    EndOfMessage,
    InformationalResponse,
    RemoteProtocolError,
)

RECV_SIZE = 64 * 1024
#: How much of a body the application did not read we read and drop to keep the connection.
DRAIN_LIMIT = 256 * 1024


class ClientDisconnected(Exception):
    """The client went away (reset, or a write that timed out): stop serving this connection.

    Deliberately *not* an ``OSError``: an application may raise ``OSError`` itself (a missing
    file is one), and that is a bug to answer with 500, not a client to give up on.
    """


class WSGIInput:
    """The request body, read on demand from the connection (PEP 3333 "Input Stream")."""

    def __init__(self, http: Connection, conn: socket.socket) -> None:
        self._http = http
        self._conn = conn
        self._buffer = bytearray()
        self._done = False

    def _fill(self) -> bool:
        """Add the next piece of the body to the buffer; ``False`` at the end of the body."""
        if self._done:
            return False
        http = self._http
        if http.they_are_waiting_for_100_continue:
            self._sendall(http.send(InformationalResponse(status_code=100)))
        while True:
            event = http.next_event()
            if event is NEED_DATA:
                http.receive_data(self._recv())
            elif isinstance(event, Data):
                self._buffer += event.data
                return True
            else:
                assert isinstance(event, EndOfMessage), event
                self._done = True
                return False

    def drain(self, limit: int = DRAIN_LIMIT) -> None:
        """Read and drop what the application left of the body, up to ``limit`` bytes.

        Called before the response ends: a body left unread would leave the connection
        mid-request, and the parser would have to close it. Reading a small rest keeps the
        connection alive for the next request (gunicorn and waitress do the same). Not if
        the client still waits for ``100 Continue``: it never sent the body, so there is
        nothing to drop, and the connection closes.
        """
        self._buffer.clear()
        if self._http.they_are_waiting_for_100_continue:
            return
        while len(self._buffer) <= limit and self._fill():
            pass
        self._buffer.clear()

    def _recv(self) -> bytes:
        try:
            return self._conn.recv(RECV_SIZE)
        except TimeoutError:
            raise RemoteProtocolError(
                "request body not received in time", status_hint=408
            ) from None
        except OSError as error:
            raise ClientDisconnected(str(error)) from error

    def _sendall(self, data: bytes) -> None:
        try:
            self._conn.sendall(data)
        except OSError as error:
            raise ClientDisconnected(str(error)) from error

    def _take(self, size: int) -> bytes:
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all that is left if ``size`` is ``None`` or negative)."""
        if size is None or size < 0:
            while self._fill():
                pass
            return self._take(len(self._buffer))
        while len(self._buffer) < size and self._fill():
            pass
        return self._take(size)

    def readline(self, size: int | None = -1) -> bytes:
        """One line, ``\\n`` included (at most ``size`` bytes); ``b""`` at the end of the body."""
        limit = None if size is None or size < 0 else size
        searched = 0
        while True:
            end = self._buffer.find(b"\n", searched)
            if end != -1:
                length = end + 1
                break
            searched = len(self._buffer)
            if (limit is not None and searched >= limit) or not self._fill():
                length = searched
                break
        return self._take(length if limit is None else min(length, limit))

    def readlines(self, hint: int | None = -1) -> list[bytes]:
        """Lines until the end, or until their total size reaches ``hint``."""
        lines: list[bytes] = []
        total = 0
        while line := self.readline():
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                break
        return lines

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


class ErrorStream:
    """``wsgi.errors``: a text stream that sends each complete line to a logger.

    PEP 3333 asks for a file-like text stream with ``write``, ``writelines`` and ``flush``.
    Backing it with :mod:`logging` rather than ``sys.stderr`` lets the application's error
    output land wherever the server's own log goes (and lets tests capture it).
    """

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self._logger.error("%s", line)
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._pending:
            self._logger.error("%s", self._pending)
            self._pending = ""
