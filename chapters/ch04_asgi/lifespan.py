"""The lifespan protocol: the application's own startup and shutdown, run by the server.

An application opens its database pool or loads a model once, before the first request,
and releases it at exit. The server runs the application once more with a ``lifespan``
scope, in a task that lives as long as the server, and talks to it with four messages::

    server -> app: lifespan.startup      app -> server: lifespan.startup.complete | .failed
    server -> app: lifespan.shutdown     app -> server: lifespan.shutdown.complete | .failed

``mode="auto"`` tolerates applications that don't speak lifespan (they raise on the unknown
scope type): the server then just carries on without it. ``"on"`` makes that an error,
``"off"`` never asks. Whatever the application stores in ``scope["state"]`` during startup is
copied into every request's scope.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from chapters.ch04_asgi.config import LifespanMode
from chapters.ch04_asgi.types import ASGIApp, Message

logger = logging.getLogger("chapters.ch04_asgi.error")


class Lifespan:
    def __init__(self, app: ASGIApp, mode: LifespanMode) -> None:
        self.app = app
        self.mode = mode
        self.state: dict[str, Any] = {}
        self.error_occurred = False
        self.startup_failed = False
        self.shutdown_failed = False
        self._shutdown_requested = False

    async def startup(self) -> bool:
        """Run the application's startup; ``False`` means the server must not start."""
        if self.mode == "off":
            return True
        self._messages: asyncio.Queue[Message] = asyncio.Queue()
        self._startup_done = asyncio.Event()
        self._shutdown_done = asyncio.Event()
        self._task = asyncio.create_task(self._main())
        await self._messages.put({"type": "lifespan.startup"})
        await self._startup_done.wait()
        if self.startup_failed or (self.error_occurred and self.mode == "on"):
            logger.error("Application startup failed. Exiting.")
            return False
        logger.info("Application startup complete.")
        return True

    async def shutdown(self) -> None:
        """Run the application's shutdown (if it took part in startup)."""
        if self.mode == "off" or self.error_occurred:
            return
        logger.info("Waiting for application shutdown.")
        self._shutdown_requested = True
        await self._messages.put({"type": "lifespan.shutdown"})
        await self._shutdown_done.wait()
        if self.shutdown_failed:
            logger.error("Application shutdown failed.")
        else:
            logger.info("Application shutdown complete.")
        await self._task

    async def _main(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        try:
            await self.app(scope, self._receive, self._send)
        except BaseException:
            self.error_occurred = True
            if self.startup_failed or self.shutdown_failed:
                return  # the application reported it already
            if self.mode == "auto":
                logger.info("ASGI 'lifespan' protocol appears unsupported.")
            else:
                logger.exception("Exception in 'lifespan' protocol")
        finally:
            self._startup_done.set()
            self._shutdown_done.set()

    async def _receive(self) -> Message:
        return await self._messages.get()

    async def _send(self, message: Message) -> None:
        message_type = message["type"]
        if message_type in ("lifespan.startup.complete", "lifespan.startup.failed"):
            if self._startup_done.is_set():
                raise RuntimeError(f"'{message_type}' sent after startup was over")
            self.startup_failed = message_type.endswith("failed")
            if self.startup_failed and message.get("message"):
                logger.error("%s", message["message"])
            self._startup_done.set()
        elif message_type in ("lifespan.shutdown.complete", "lifespan.shutdown.failed"):
            if not self._shutdown_requested or self._shutdown_done.is_set():
                raise RuntimeError(f"'{message_type}' sent out of order")
            self.shutdown_failed = message_type.endswith("failed")
            if self.shutdown_failed and message.get("message"):
                logger.error("%s", message["message"])
            self._shutdown_done.set()
        else:
            raise RuntimeError(f"Unexpected ASGI lifespan message '{message_type}'")
