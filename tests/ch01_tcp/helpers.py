"""Small socket helpers for the chapter 01 tests: every wait is bounded by a timeout."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

HOST = "127.0.0.1"


def recv_exactly(sock: socket.socket, n: int, timeout: float = 10.0) -> bytes:
    """Read exactly ``n`` bytes; ``TimeoutError`` if a ``recv()`` waits over ``timeout``."""
    sock.settimeout(timeout)
    chunks: list[bytes] = []
    missing = n
    while missing:
        chunk = sock.recv(min(missing, 256 * 1024))
        if not chunk:
            raise ConnectionError(f"closed after {n - missing} of {n} bytes")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def is_closed_by_peer(sock: socket.socket, timeout: float = 5.0) -> bool:
    """True if the peer closed (FIN or RST) within ``timeout``, False if it stayed silent.

    Bytes still arriving (an echo in flight) are read and skipped.
    """
    sock.settimeout(timeout)
    try:
        while sock.recv(64 * 1024):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def first_difference(got: bytes, expected: bytes) -> str:
    """Say where two long byte strings part (a 1 MB diff is no use in a failure message)."""
    index = next(
        (i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected))
    )
    return f"{len(got)} bytes back for {len(expected)} sent; first difference at byte {index}"


def new_threads(before: set[threading.Thread]) -> list[str]:
    return [t.name for t in threading.enumerate() if t not in before and t.is_alive()]


@contextmanager
def connections(port: int, count: int, timeout: float = 10.0) -> Iterator[list[socket.socket]]:
    """``count`` client sockets connected at once to ``HOST:port``, all closed on exit."""
    socks: list[socket.socket] = []
    try:
        for _ in range(count):
            socks.append(socket.create_connection((HOST, port), timeout=timeout))
        yield socks
    finally:
        for sock in socks:
            sock.close()


def run_in_threads(
    target: Callable[[int], None], count: int, timeout: float = 20.0
) -> list[BaseException]:
    """Run ``target(i)`` for ``i`` in ``range(count)`` in threads; return what they raised."""
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            target(i)
        except BaseException as error:  # noqa: BLE001 (reported by the caller)
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(i,), name=f"test-client-{i}") for i in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        errors.append(TimeoutError(f"client threads still running after {timeout}s: {stuck}"))
    return errors
