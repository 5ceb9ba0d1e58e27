"""Chapter 04's server, serving WebSockets too: the same contract, another protocol class.

``Server(app, host, port, **options)`` takes every chapter 04 option plus the WebSocket ones
of :class:`WebSocketConfig` (``ws_max_size``, ``ws_ping_interval``, ``ws_ping_timeout``,
``ws_close_timeout``). Its graceful shutdown is chapter 04's: each connection's
``shutdown()`` is called first, which for a WebSocket sends a Close with 1001 ("going away")
and hands ``websocket.disconnect`` to the application, which then has
``timeout_graceful_shutdown`` seconds to return.
"""

from __future__ import annotations

import asyncio
from dataclasses import fields
from typing import Any

from chapters.ch04_asgi import server as http_server
from chapters.ch04_asgi.config import Config
from chapters.ch04_asgi.types import ASGIApp
from chapters.ch10_websockets.config import WebSocketConfig
from chapters.ch10_websockets.protocol import WebSocketProtocol

_WEBSOCKET_OPTIONS = {field.name for field in fields(WebSocketConfig)} - {
    field.name for field in fields(Config)
}


class Server(http_server.Server):
    """An ASGI server for ``http`` and ``websocket`` scopes.

    >>> server = Server(app, "127.0.0.1", 0, ws_ping_interval=5)   # doctest: +SKIP
    >>> with serve_in_background(server):                          # doctest: +SKIP
    ...     async with websockets.connect(f"ws://127.0.0.1:{server.port}/ws") as ws: ...
    """

    config: WebSocketConfig

    def __init__(
        self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0, **options: Any
    ) -> None:
        ws_options = {
            name: options.pop(name) for name in list(options) if name in _WEBSOCKET_OPTIONS
        }
        super().__init__(app, host, port, **options)
        self.config = WebSocketConfig(**vars(self.config), **ws_options)

    async def serve(self, *, install_signal_handlers: bool = False) -> None:
        """Chapter 04's ``serve()``, with :class:`WebSocketProtocol` for each connection.

        Chapter 04 names its protocol class inside ``serve()``, so this is the one method
        repeated here; everything else (lifespan, shutdown, signals) is inherited.
        """
        self._exit = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        if self._stop_requested.is_set():
            self._exit.set()
        if install_signal_handlers:
            self._install_signal_handlers()
        if not await self.lifespan.startup():
            self.startup_failed = True
            self.socket.close()
            return
        listener = await self._loop.create_server(
            lambda: WebSocketProtocol(self.config, self.state), sock=self.socket
        )
        self.started.set()
        try:
            await self._exit.wait()
        finally:
            await self._shutdown(listener)
