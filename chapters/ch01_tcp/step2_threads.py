"""Step 2: a thread per connection.

The accept loop stays the same as in step 1, but each accepted connection is handed to a
new thread, so the loop is back in ``accept()`` at once and a slow client no longer blocks
the others. This is how ``socketserver.ThreadingMixIn`` (and Python's ``http.server``) work.

:class:`ThreadingTCPServer` is the reusable part: a subclass only says what to do with one
connection by overriding :meth:`ThreadingTCPServer.handle`. Chapter 02's HTTP server is such
a subclass. The cost of the model: a thread (and its stack) per open connection, which is
what chapter 04's asyncio server avoids.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

from chapters.ch01_tcp.base import TCPServer, close_quietly
from chapters.ch01_tcp.step1_blocking import echo

Address = tuple[Any, ...]  # (host, port) for IPv4, (host, port, flowinfo, scope_id) for IPv6


class ThreadingTCPServer(TCPServer):
    """Accept connections and handle each in its own thread.

    On ``shutdown()`` the accept loop stops, open connections are shut down (their blocked
    ``recv()`` returns ``b""``) and every handler thread is joined before ``serve_forever()``
    returns, so nothing outlives the server.
    """

    #: How long ``serve_forever()`` waits for handler threads to finish after shutdown.
    join_timeout: float = 5.0

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self._lock = threading.Lock()
        self._connections: dict[socket.socket, threading.Thread] = {}

    def handle(self, conn: socket.socket, address: Address) -> None:
        """Serve one connection. Override this; it runs in the connection's own thread."""
        raise NotImplementedError

    def serve_forever(self) -> None:
        try:
            while not self.stopping:
                conn, address = self.socket.accept()
                if self.stopping:
                    conn.close()
                    break
                thread = threading.Thread(
                    target=self._run_handler, args=(conn, address), daemon=True
                )
                with self._lock:
                    self._connections[conn] = thread
                thread.start()
        finally:
            self._close_connections()

    @property
    def active_connections(self) -> int:
        with self._lock:
            return len(self._connections)

    def _run_handler(self, conn: socket.socket, address: Address) -> None:
        try:
            self.handle(conn, address)
        except OSError:
            pass  # the peer reset or vanished; that ends this connection, not the server
        finally:
            with self._lock:
                self._connections.pop(conn, None)
            close_quietly(conn)

    def _close_connections(self) -> None:
        with self._lock:
            connections = list(self._connections.items())
        for conn, _thread in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for _conn, thread in connections:
            thread.join(self.join_timeout)


class ThreadedEchoServer(ThreadingTCPServer):
    """The step 1 echo, one thread per client."""

    def handle(self, conn: socket.socket, address: Address) -> None:
        echo(conn)
