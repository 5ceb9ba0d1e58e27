"""Clients for the echo servers: the other end of the socket.

Two ways to know that the reply is complete, the two ways every protocol uses:

* :func:`echo_once` sends everything, then *half-closes* (``shutdown(SHUT_WR)``: "I will
  send no more") and reads until the server closes in turn. The end of the stream is the
  end of the message, like an HTTP/1.0 response without Content-Length.
* :class:`LineClient` keeps the connection open and frames each message with a newline,
  reading until a whole line has arrived (see :mod:`chapters.ch01_tcp.framing`).
"""

from __future__ import annotations

import socket
import threading

from chapters.ch01_tcp.framing import LineBuffer


def echo_once(host: str, port: int, message: bytes, *, timeout: float = 10.0) -> bytes:
    """Send ``message``, say we are done, and return every byte the server sent back.

    The sending happens in a second thread while this one reads. With a large message, a
    client that sends everything before reading anything deadlocks against an echo server:
    the server blocks writing to us because we do not read, so it stops reading from us,
    so our ``sendall()`` blocks too.
    """
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sender = threading.Thread(target=_send_and_half_close, args=(sock, message))
        sender.start()
        chunks = []
        try:
            while chunk := sock.recv(64 * 1024):
                chunks.append(chunk)
        finally:
            sender.join()
        return b"".join(chunks)


def _send_and_half_close(sock: socket.socket, message: bytes) -> None:
    try:
        sock.sendall(message)
        sock.shutdown(socket.SHUT_WR)  # half-close: the server's recv() now returns b""
    except OSError:
        pass  # the reading side sees the same failure and reports it


class LineClient:
    """A connection that exchanges newline-terminated messages.

    >>> with LineClient("127.0.0.1", server.port) as client:  # doctest: +SKIP
    ...     client.request(b"hello")
    b'hello'
    """

    def __init__(self, host: str, port: int, *, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self._lines = LineBuffer()
        self._ready: list[bytes] = []

    def send_line(self, message: bytes) -> None:
        if b"\n" in message:
            raise ValueError("a message may not contain the newline that frames it")
        self.sock.sendall(message + b"\n")

    def recv_line(self) -> bytes:
        """Read until one whole line has arrived, however many ``recv()`` calls that takes."""
        while not self._ready:
            data = self.sock.recv(64 * 1024)
            if not data:
                raise ConnectionError("server closed the connection in the middle of a line")
            self._ready.extend(self._lines.feed(data))
        return self._ready.pop(0)

    def request(self, message: bytes) -> bytes:
        self.send_line(message)
        return self.recv_line()

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> LineClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
