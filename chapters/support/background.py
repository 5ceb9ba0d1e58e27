"""Run a server in a background thread, and stop it cleanly.

Why this exists: a notebook cell or a test needs a live server *and* the next line of code
to talk to it. So the server runs in a thread, the caller gets its bound port (servers are
created with ``port=0`` so the operating system picks a free one: no "Address already in
use"), and when the caller is done the server is shut down, its thread joined and its
listening socket closed. Nothing is left behind, which is what lets a notebook run twice in
a row in one kernel.

The contract every server in this repository follows (like ``socketserver.BaseServer``):

* the constructor binds and listens, so clients may connect as soon as it returns;
* ``port`` is the bound port (useful when you asked for port 0);
* ``serve_forever()`` runs until ``shutdown()`` is called;
* ``shutdown()`` asks ``serve_forever()`` to return; it may be called from any thread, more
  than once, even before ``serve_forever()`` has started, and does not wait;
* ``server_close()`` releases the listening socket.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar


class Server(Protocol):
    """What :class:`BackgroundServer` needs from a server (see the module docstring)."""

    @property
    def port(self) -> int: ...

    def serve_forever(self) -> None: ...

    def shutdown(self) -> None: ...

    def server_close(self) -> None: ...


S = TypeVar("S", bound=Server)

# Servers started under a name, so that re-running a notebook cell replaces the server that
# the previous run of the same cell started instead of leaking it.
_running: dict[str, BackgroundServer] = {}
_running_lock = threading.Lock()


class BackgroundServer:
    """A server running in a daemon thread, with ``start()`` and ``stop()``.

    In a notebook, start in one cell and stop in a later one::

        echo = BackgroundServer(ThreadedEchoServer("127.0.0.1", 0), name="echo").start()
        ...                      # talk to 127.0.0.1:echo.port
        echo.stop()

    Starting a server under an explicit ``name`` first stops any server still running under
    that name, so a notebook cell can be run again safely. In code with a clear scope, prefer
    :func:`serve_in_background`.
    """

    def __init__(self, server: Server, *, name: str | None = None, join_timeout: float = 10.0):
        self.server = server
        self.name = name or type(server).__name__
        self._registered = name is not None
        self.join_timeout = join_timeout
        # Daemon, so that a kernel or interpreter that exits without calling stop() is not
        # kept alive by a forgotten server. stop() still joins it.
        self._thread = threading.Thread(
            target=server.serve_forever, name=f"server:{self.name}", daemon=True
        )

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> BackgroundServer:
        if self._registered:
            with _running_lock:
                previous = _running.pop(self.name, None)
            if previous is not None:
                previous.stop()
        self._thread.start()
        with _running_lock:
            _running[self.name if self._registered else f"{self.name}@{id(self):x}"] = self
        return self

    def stop(self) -> None:
        """Shut the server down, join its thread, close its socket. Safe to call twice."""
        self.server.shutdown()
        if self._thread.is_alive():
            self._thread.join(self.join_timeout)
        self.server.server_close()
        with _running_lock:
            for key in [key for key, value in _running.items() if value is self]:
                del _running[key]
        if self._thread.is_alive():
            raise RuntimeError(
                f"{self.name} did not stop within {self.join_timeout}s after shutdown()"
            )

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<BackgroundServer {self.name} on port {self.port}, {state}>"


@contextmanager
def serve_in_background(server: S, *, name: str | None = None) -> Iterator[S]:
    """Run ``server`` in a background thread for the duration of a ``with`` block.

    >>> with serve_in_background(SomeServer("127.0.0.1", 0)) as server:  # doctest: +SKIP
    ...     requests.get(f"http://127.0.0.1:{server.port}/")
    """
    with BackgroundServer(server, name=name):
        yield server


def stop_all() -> None:
    """Stop every server started by :class:`BackgroundServer` that is still running."""
    with _running_lock:
        servers = list(_running.values())
    for background in servers:
        background.stop()
