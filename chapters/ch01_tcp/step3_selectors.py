"""Step 3: one thread, many clients, with ``selectors`` (an event loop).

Instead of blocking in ``accept()`` or ``recv()``, every socket is made non-blocking and
registered with a selector (epoll on Linux, kqueue on macOS, select on Windows). One call,
``selector.select()``, sleeps until *any* socket is ready, and we then do exactly the work
that will not block: accept the waiting client, read the bytes that arrived, write as much
as the kernel will take. This is the loop that asyncio (chapter 04) is built on.

Two things the blocking version got for free must now be done by hand:

* **partial writes**: ``send()`` on a non-blocking socket writes what fits in the kernel's
  buffer and returns the count; the rest waits in our own outgoing buffer until the socket
  is writable again;
* **flow control**: a client that sends a lot but never reads would make that buffer grow
  without bound, so above ``HIGH_WATER`` bytes we stop reading from it until it catches up.

Stopping uses a socket pair instead of the self-connect of the blocking steps: a byte
written to one end makes the other end readable, which wakes ``select()``.
"""

from __future__ import annotations

import selectors
import socket

from chapters.ch01_tcp.base import TCPServer, close_quietly
from chapters.ch01_tcp.step1_blocking import RECV_SIZE

#: Stop reading from a client while this many bytes wait to be sent back to it.
HIGH_WATER = 1024 * 1024


class _Client:
    """What the loop remembers about one connection: the bytes still to send back."""

    __slots__ = ("conn", "outgoing", "peer_done")

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.outgoing = bytearray()
        self.peer_done = False  # the client closed its sending side (recv returned b"")


class SelectorEchoServer(TCPServer):
    """An echo server that serves every client from one thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.socket.setblocking(False)
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._clients: dict[socket.socket, _Client] = {}

    @property
    def active_connections(self) -> int:
        return len(self._clients)

    def wake_up(self) -> None:
        try:
            self._wake_writer.send(b"\0")
        except OSError:
            pass  # already closed: the loop has ended

    def serve_forever(self) -> None:
        self._selector.register(self.socket, selectors.EVENT_READ, self._accept)
        self._selector.register(self._wake_reader, selectors.EVENT_READ, None)
        try:
            while not self.stopping:
                for key, mask in self._selector.select():
                    if key.data is not None:  # None marks the wake-up socket
                        key.data(key.fileobj, mask)
        finally:
            for client in list(self._clients.values()):
                self._drop(client)
            self._selector.close()

    def _accept(self, listener: socket.socket, mask: int) -> None:
        try:
            conn, _address = listener.accept()
        except BlockingIOError:
            return  # another wake-up raced us to it
        conn.setblocking(False)
        client = _Client(conn)
        self._clients[conn] = client
        self._selector.register(conn, selectors.EVENT_READ, self._on_ready)

    def _on_ready(self, conn: socket.socket, mask: int) -> None:
        client = self._clients[conn]
        try:
            if mask & selectors.EVENT_READ:
                self._read(client)
            if mask & selectors.EVENT_WRITE and client.outgoing:
                sent = conn.send(client.outgoing)
                del client.outgoing[:sent]
        except (BlockingIOError, InterruptedError):
            pass  # spurious wake-up: try again on the next select()
        except OSError:
            self._drop(client)  # reset by the peer: forget it, keep serving the others
            return
        self._update_interest(client)

    def _read(self, client: _Client) -> None:
        data = client.conn.recv(RECV_SIZE)
        if data:
            client.outgoing += data  # echo: everything read is to be written back
        else:
            client.peer_done = True

    def _update_interest(self, client: _Client) -> None:
        """Choose what to wait for next on this socket (the flow-control decision)."""
        if client.peer_done and not client.outgoing:
            self._drop(client)  # all echoed and the client is finished: close
            return
        events = 0
        if not client.peer_done and len(client.outgoing) < HIGH_WATER:
            events |= selectors.EVENT_READ
        if client.outgoing:
            events |= selectors.EVENT_WRITE
        self._selector.modify(client.conn, events, self._on_ready)

    def _drop(self, client: _Client) -> None:
        self._clients.pop(client.conn, None)
        try:
            self._selector.unregister(client.conn)
        except (KeyError, ValueError):
            pass
        close_quietly(client.conn)

    def server_close(self) -> None:
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()
