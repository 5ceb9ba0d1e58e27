"""The server: a listening socket, an event loop, the lifespan, and a graceful shutdown.

It follows the same contract as every server of this tutorial (``chapters.support``): the
constructor binds (``port=0`` picks a free port, read it from ``server.port``),
``serve_forever()`` runs until ``shutdown()`` is called from any thread. Inside an event loop
that is already running, ``await server.serve()`` does the same work.

A graceful shutdown, in order (what uvicorn does on Ctrl+C):

1. stop accepting: close the listening socket;
2. close idle connections now, and the busy ones right after their current response;
3. give in-flight requests ``timeout_graceful_shutdown`` seconds to finish, then cancel them;
4. run the application's lifespan shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from chapters.ch04_asgi.config import Config
from chapters.ch04_asgi.lifespan import Lifespan
from chapters.ch04_asgi.protocol import HTTPProtocol
from chapters.ch04_asgi.types import ASGIApp

logger = logging.getLogger("chapters.ch04_asgi.error")


@dataclass
class ServerState:
    """What the protocols share with the server: live connections and request tasks."""

    app_state: dict[str, Any] | None = None
    connections: set[HTTPProtocol] = field(default_factory=set)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)


class Server:
    """An ASGI server for ``app`` on ``host:port``.

    >>> server = Server(app, "127.0.0.1", 0)          # doctest: +SKIP
    >>> with serve_in_background(server):             # doctest: +SKIP
    ...     requests.get(f"http://127.0.0.1:{server.port}/")
    """

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        self.config = Config(app=app, host=host, port=port, **options)
        self.socket = _bind(host, port, self.config.backlog)
        self.host = host
        self.port: int = self.socket.getsockname()[1]
        self.lifespan = Lifespan(app, self.config.lifespan)
        self.state = ServerState(app_state=self.lifespan.state)
        self.started = threading.Event()  # set once the lifespan startup is done and we serve
        self.startup_failed = False
        self._stop_requested = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._exit: asyncio.Event | None = None

    def serve_forever(self) -> None:
        """Run the server in a new event loop in this thread until ``shutdown()``."""
        asyncio.run(self.serve())

    async def serve(self, *, install_signal_handlers: bool = False) -> None:
        """Serve in the running event loop until ``shutdown()`` (or Ctrl+C / SIGTERM)."""
        self._exit = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        if self._stop_requested.is_set():  # shutdown() came before the loop existed
            self._exit.set()
        if install_signal_handlers:
            self._install_signal_handlers()
        if not await self.lifespan.startup():
            self.startup_failed = True
            self.socket.close()
            return
        listener = await self._loop.create_server(lambda: HTTPProtocol(self.config, self.state), sock=self.socket)
        self.started.set()
        try:
            await self._exit.wait()
        finally:
            await self._shutdown(listener)

    def shutdown(self) -> None:
        """Ask the server to stop; safe from any thread, repeatedly, even before it started."""
        self._stop_requested.set()
        loop, exit_event = self._loop, self._exit
        if loop is not None and exit_event is not None:
            try:
                loop.call_soon_threadsafe(exit_event.set)
            except RuntimeError:
                pass  # the loop has already closed: the server is stopped

    def server_close(self) -> None:
        self.socket.close()

    async def _shutdown(self, listener: asyncio.Server) -> None:
        listener.close()  # 1. no new connections
        for connection in list(self.state.connections):  # 2. idle ones now, busy ones after
            connection.shutdown()
        if self.state.tasks:  # 3. in-flight requests, bounded
            _done, pending = await asyncio.wait(set(self.state.tasks), timeout=self.config.timeout_graceful_shutdown)
            for task in pending:
                task.cancel()
            if pending:
                logger.warning("Cancelled %d request(s) still running after %ss", len(pending), self.config.timeout_graceful_shutdown)
                await asyncio.wait(pending)
        for connection in list(self.state.connections):
            connection.transport.close()
        await asyncio.sleep(0)  # let the transports run their connection_lost callbacks
        await self.lifespan.shutdown()  # 4. the application's own clean-up

    def _install_signal_handlers(self) -> None:
        assert self._loop is not None
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self._loop.add_signal_handler(signum, self.shutdown)
            except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
                signal.signal(signum, lambda *_: self.shutdown())


def _bind(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket, non-blocking, ready for ``loop.create_server(sock=...)``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=backlog)
    sock.setblocking(False)
    return sock
