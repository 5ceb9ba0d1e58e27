"""What every TCP server in this chapter shares: a listening socket and a way to stop.

The three echo servers (``step1_blocking``, ``step2_threads``, ``step3_selectors``) differ
only in *how they wait*: for the next client, for the next bytes of a client. Everything
else lives here, once: creating the listening socket, reporting the bound port, and stopping.

Stopping is the interesting part. A thread blocked in ``accept()`` cannot be interrupted by
setting a flag: it is asleep in the kernel until a client connects. So ``shutdown()`` sets the
flag *and then connects to the server itself* to wake it up. That little trick is portable
(Linux, macOS, Windows), where closing the socket from another thread is not.
"""

from __future__ import annotations

import socket
import threading


class TCPServer:
    """A listening TCP socket, bound in the constructor (see ``chapters.support``).

    ``port=0`` asks the operating system for any free port; read the one you got from
    ``server.port``. Subclasses implement ``serve_forever()`` and must return from it soon
    after ``shutdown()`` is called.
    """

    #: How many finished handshakes the kernel queues while we are busy (``listen(backlog)``).
    backlog: int = socket.SOMAXCONN

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        try:
            if hasattr(socket, "SO_REUSEADDR") and not _on_windows():
                # Let a restarted server bind its port again at once, even while the
                # connections of the previous run are in TIME_WAIT. (On Windows the same
                # option would let two live servers share a port, so it is not set there.)
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind((host, port))
            self.socket.listen(self.backlog)
        except BaseException:
            self.socket.close()
            raise
        self.host = host
        self.port: int = self.socket.getsockname()[1]
        self._stopping = threading.Event()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def serve_forever(self) -> None:
        raise NotImplementedError

    def shutdown(self) -> None:
        """Ask ``serve_forever()`` to return. Safe from any thread, any number of times."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self.wake_up()

    def wake_up(self) -> None:
        """Wake a thread blocked in ``accept()`` by connecting to ourselves."""
        try:
            with socket.create_connection(self._wake_address(), timeout=1.0):
                pass
        except OSError:
            pass  # the listener is already closed: nobody is waiting in accept()

    def server_close(self) -> None:
        """Release the listening socket (the port is free again)."""
        self.socket.close()

    def _wake_address(self) -> tuple[str, int]:
        # A server bound to "all interfaces" is reachable on the loopback address.
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return host, self.port

    def __enter__(self) -> TCPServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
        self.server_close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.host}:{self.port}>"


def _on_windows() -> bool:
    import sys

    return sys.platform == "win32"


def close_quietly(conn: socket.socket) -> None:
    """Tell the peer we are done (FIN) and release the socket, ignoring a peer already gone."""
    try:
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    conn.close()
