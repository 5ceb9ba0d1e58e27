"""Step 1: a blocking echo server, one client at a time.

The simplest server there is: ``accept()`` waits for a client, then ``recv()`` waits for its
bytes and ``sendall()`` sends them back, until the client closes (``recv()`` returns ``b""``).
Only then does the loop come back to ``accept()``. While one client is connected, a second
one is accepted by the *kernel* (it waits in the listen backlog) but nobody reads from it:
it stalls. Steps 2 and 3 fix that in two different ways.
"""

from __future__ import annotations

import socket

from chapters.ch01_tcp.base import TCPServer, close_quietly

#: How many bytes we ask ``recv()`` for at most. It may return fewer: TCP is a byte stream,
#: and a message written in one ``send()`` can arrive in several pieces (or merged with the
#: next one). Nothing beyond this size is lost: it simply waits for the next ``recv()``.
RECV_SIZE = 64 * 1024


def echo(conn: socket.socket) -> None:
    """Send back every byte the client sends, until it closes its side."""
    while True:
        data = conn.recv(RECV_SIZE)  # blocks until bytes arrive; b"" means the client closed
        if not data:
            return
        conn.sendall(data)  # send() may write only part; sendall() loops until all is sent


class BlockingEchoServer(TCPServer):
    """Serve one connection at a time, in the thread that calls ``serve_forever()``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self._current: socket.socket | None = None

    def serve_forever(self) -> None:
        while not self.stopping:
            conn, _address = self.socket.accept()  # blocks until a client connects
            if self.stopping:  # woken up by shutdown(), not by a real client
                conn.close()
                break
            self._current = conn
            try:
                # shutdown() may have run between accept() and the line above, seen no
                # current client and so not unblocked it: check again before serving.
                if not self.stopping:
                    echo(conn)
            except OSError:
                pass  # the client vanished mid-message (reset): serve the next one
            finally:
                self._current = None
                close_quietly(conn)

    def shutdown(self) -> None:
        super().shutdown()
        current = self._current
        if current is not None:
            # Unblock the recv() of the client being served: it now returns b"".
            try:
                current.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
