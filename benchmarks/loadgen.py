"""A small, bounded HTTP/1.1 load generator in pure Python.

Less precise than ``wrk`` (the client itself costs CPU, and Python's client is slower than
most servers it measures), so only *ratios* between servers measured with it in the same
run mean something. It keeps ``connections`` keep-alive connections busy for ``duration``
seconds, each sending a request as soon as the previous response has fully arrived, and
counts complete responses. It only understands Content-Length responses, which is what the
benchmark apps send.
"""

from __future__ import annotations

import selectors
import socket
import time
from dataclasses import dataclass


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    p99_ms: float | None = None  # only wrk --latency reports it

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class _Client:
    __slots__ = ("sock", "buffer", "expected")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()
        self.expected = -1  # total length of the response in progress, once its head is in


def _response_length(buffer: bytearray) -> int:
    """Bytes the response at the start of ``buffer`` takes, or -1 if its head is incomplete."""
    end = buffer.find(b"\r\n\r\n")
    if end == -1:
        return -1
    head = bytes(buffer[:end]).lower()
    start = head.find(b"\r\ncontent-length:")
    if start == -1:
        raise ValueError("the load generator needs Content-Length responses")
    value = head[start + 17 : head.find(b"\r\n", start + 2) if head.find(b"\r\n", start + 2) != -1 else None]
    return end + 4 + int(value.strip())


def run(host: str, port: int, request: bytes, *, connections: int = 16, duration: float = 3.0) -> Result:
    """Keep ``connections`` connections busy with ``request`` for ``duration`` seconds."""
    selector = selectors.DefaultSelector()
    clients = []
    for _ in range(connections):
        sock = socket.create_connection((host, port), timeout=5)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        client = _Client(sock)
        clients.append(client)
        selector.register(sock, selectors.EVENT_READ, client)
        sock.send(request)
    done = errors = 0
    start = time.perf_counter()
    deadline = start + duration
    try:
        while (now := time.perf_counter()) < deadline:
            for key, _ in selector.select(timeout=deadline - now):
                client = key.data
                try:
                    data = client.sock.recv(256 * 1024)
                except (BlockingIOError, InterruptedError):
                    continue
                if not data:
                    errors += 1
                    selector.unregister(client.sock)
                    continue
                client.buffer += data
                while True:
                    if client.expected == -1:
                        client.expected = _response_length(client.buffer)
                    if client.expected == -1 or len(client.buffer) < client.expected:
                        break
                    del client.buffer[: client.expected]
                    client.expected = -1
                    done += 1
                    client.sock.send(request)
    finally:
        elapsed = time.perf_counter() - start
        for client in clients:
            client.sock.close()
        selector.close()
    return Result(requests=done, errors=errors, seconds=elapsed)
