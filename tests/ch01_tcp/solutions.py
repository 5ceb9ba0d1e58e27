"""Reference solutions to the chapter 01 exercises (the answer key; the notebook has none).

``test_exercises.py`` runs every check in ``chapters.ch01_tcp.exercises`` against these, so
the key and the checks cannot drift apart.
"""

from __future__ import annotations

import selectors
import socket
from typing import Any

from chapters.ch01_tcp import LineBuffer, TCPServer, ThreadingTCPServer


def recv_exactly(sock: socket.socket, n: int) -> bytes:
    """Exercise 1: read exactly ``n`` bytes, however many ``recv()`` calls that takes."""
    chunks: list[bytes] = []
    missing = n
    while missing:
        chunk = sock.recv(missing)  # never more than we need: the rest belongs to the next message
        if not chunk:
            raise ConnectionError(f"peer closed after {n - missing} of {n} bytes")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


class UppercaseServer(ThreadingTCPServer):
    """Exercise 2: every line comes back in capitals; the line ``quit`` closes the connection."""

    def handle(self, conn: socket.socket, address: Any) -> None:
        lines = LineBuffer()
        while data := conn.recv(64 * 1024):
            for line in lines.feed(data):
                if line == b"quit":
                    return  # ThreadingTCPServer closes the connection
                conn.sendall(line.upper() + b"\n")


class _Member:
    __slots__ = ("conn", "lines", "outgoing")

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.lines = LineBuffer()
        self.outgoing = bytearray()


class ChatServer(TCPServer):
    """Exercise 3: one selectors loop; every line from anyone goes to everyone."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.socket.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._members: dict[socket.socket, _Member] = {}

    def serve_forever(self) -> None:
        self._selector.register(self.socket, selectors.EVENT_READ)
        try:
            while not self.stopping:  # shutdown() connects to us, which wakes select()
                for key, mask in self._selector.select():
                    if key.fileobj is self.socket:
                        self._accept()
                    elif key.fileobj in self._members:
                        self._serve(self._members[key.fileobj], mask)
        finally:
            for member in list(self._members.values()):
                self._leave(member)
            self._selector.close()

    def _accept(self) -> None:
        try:
            conn, _ = self.socket.accept()
        except BlockingIOError:
            return
        conn.setblocking(False)
        self._members[conn] = _Member(conn)
        self._selector.register(conn, selectors.EVENT_READ)

    def _serve(self, member: _Member, mask: int) -> None:
        try:
            if mask & selectors.EVENT_WRITE:
                del member.outgoing[: member.conn.send(member.outgoing)]
            if mask & selectors.EVENT_READ:
                data = member.conn.recv(64 * 1024)
                if not data:
                    return self._leave(member)
                for line in member.lines.feed(data):
                    self._broadcast(line + b"\n")
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return self._leave(member)
        self._want(member)

    def _broadcast(self, line: bytes) -> None:
        for member in self._members.values():
            member.outgoing += line
            self._want(member)

    def _want(self, member: _Member) -> None:
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if member.outgoing else 0)
        self._selector.modify(member.conn, events)

    def _leave(self, member: _Member) -> None:
        del self._members[member.conn]
        self._selector.unregister(member.conn)
        member.conn.close()
