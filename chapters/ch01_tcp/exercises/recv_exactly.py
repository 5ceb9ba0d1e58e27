"""Exercise 1: ``recv_exactly(sock, n)``, the loop that one ``recv()`` is not."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from typing import Any

from chapters.ch01_tcp.base import close_quietly
from chapters.ch01_tcp.exercises.harness import call_with_deadline
from chapters.support.exercises import ExerciseFailed, expect, is_placeholder, not_attempted, passed

RecvExactly = Callable[[Any, int], bytes]


class _StingySocket:
    """A stand-in socket whose ``recv()`` hands out at most ``piece`` bytes, then ``b""``."""

    def __init__(self, data: bytes, piece: int = 3) -> None:
        self._data = bytearray(data)
        self.piece = piece
        self.closed = False

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if self.closed:
            raise OSError("recv() on a closed socket")
        chunk = bytes(self._data[: min(bufsize, self.piece)])
        del self._data[: len(chunk)]
        return chunk

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self.recv(nbytes or len(view))
        view[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self.closed = True


def check_recv_exactly(recv_exactly: RecvExactly | None, *, timeout: float = 2.0) -> None:
    """Exercise 1: ``recv_exactly(sock, n)`` returns exactly ``n`` bytes, or raises
    ``ConnectionError`` (``EOFError`` is accepted too) if the peer closes first."""
    title = "Exercise 1, recv_exactly"
    if is_placeholder(recv_exactly):
        not_attempted(title)
        return
    assert recv_exactly is not None
    try:
        _recv_exactly_in_pieces(recv_exactly, timeout)
        _recv_exactly_at_end_of_stream(recv_exactly, timeout)
        _recv_exactly_on_a_real_socket(recv_exactly, timeout)
    except NotImplementedError:
        not_attempted(title)
        return
    passed(title)


def _recv_exactly_in_pieces(recv_exactly: RecvExactly, timeout: float) -> None:
    data = b"0123456789abcdefghij"
    sock = _StingySocket(data, piece=3)

    def call(n: int) -> Any:
        hang = f"recv_exactly(sock, {n}) did not return although the bytes were there"
        return call_with_deadline(
            recv_exactly, sock, n, timeout=timeout, hang_message=hang, on_timeout=sock.close
        )

    got = call(0)
    expect(got == b"", f"recv_exactly(sock, 0) should return b'', got {got!r}")
    got = call(10)
    expect(
        isinstance(got, bytes) and len(got) >= 10,
        f"recv_exactly(sock, 10) returned {got!r}: one recv() may return fewer bytes than you ask "
        "for (this test socket hands out 3 at a time), so call it in a loop until you have n",
    )
    expect(got == data[:10], f"recv_exactly(sock, 10) should return {data[:10]!r}, got {got!r}")
    got = call(6)
    expect(
        got == data[10:16],
        f"the next recv_exactly(sock, 6) should return {data[10:16]!r}, got {got!r}: bytes that "
        "follow the first message were lost; ask recv() only for the bytes still missing "
        "(n minus what you have), so you never read past the end of your message",
    )


def _recv_exactly_at_end_of_stream(recv_exactly: RecvExactly, timeout: float) -> None:
    sock = _StingySocket(b"abc", piece=3)
    try:
        got = call_with_deadline(
            recv_exactly,
            sock,
            5,
            timeout=timeout,
            on_timeout=sock.close,
            hang_message="recv_exactly(sock, 5) never returned after the peer closed having sent "
            "3 bytes: recv() returning b'' means the peer has closed; stop looping and raise "
            "ConnectionError",
        )
    except (ConnectionError, EOFError):
        return
    raise ExerciseFailed(
        f"recv_exactly(sock, 5) returned {got!r} although the peer closed after 3 bytes: "
        "raise ConnectionError instead of returning a short message"
    )


def _recv_exactly_on_a_real_socket(recv_exactly: RecvExactly, timeout: float) -> None:
    big = bytes(range(256)) * 800  # 200 KB: more than one recv() returns on most systems
    reader, writer = socket.socketpair()
    reader.settimeout(timeout)
    sender = threading.Thread(target=writer.sendall, args=(big + b"hello world",), daemon=True)
    sender.start()
    try:
        for n, expected in ((len(big), big), (5, b"hello"), (6, b" world")):
            got = _recv_from_real_socket(recv_exactly, reader, n, timeout)
            expect(
                got == expected,
                f"recv_exactly(sock, {n}) on a real socket returned the wrong bytes",
            )
    finally:
        sender.join(timeout)
        close_quietly(reader)
        close_quietly(writer)


def _recv_from_real_socket(
    recv_exactly: RecvExactly, reader: socket.socket, n: int, timeout: float
) -> Any:
    try:
        return call_with_deadline(
            recv_exactly,
            reader,
            n,
            timeout=timeout + 1,
            on_timeout=lambda: close_quietly(reader),
            hang_message=f"recv_exactly(sock, {n}) did not return",
        )
    except TimeoutError:
        raise ExerciseFailed(
            f"recv_exactly(sock, {n}) waited for bytes that had already arrived: an "
            "earlier call read past the end of its message and dropped the rest"
        ) from None
