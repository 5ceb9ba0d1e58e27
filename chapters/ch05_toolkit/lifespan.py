"""The application side of the lifespan protocol: a context manager instead of four messages.

Chapter 04's server sends ``lifespan.startup`` and ``lifespan.shutdown`` and waits for the
``.complete`` or ``.failed`` answers. Writing that exchange by hand in every application is
error-prone, so Starlette lets the application give one async context manager factory::

    @contextlib.asynccontextmanager
    async def lifespan(app):
        pool = await open_pool()        # startup
        yield {"pool": pool}            # optional state, copied into every request's scope
        await pool.close()              # shutdown

and its ``Router`` turns the messages into ``async with lifespan(app)``. A dict yielded is
merged into ``scope["state"]``, which the server copies into each request
(``request.state.pool``). This module is that translation (``Router.lifespan`` in
``starlette/routing.py``).
"""

from __future__ import annotations

import traceback
from typing import Any

from chapters.ch05_toolkit.types import Lifespan, Receive, Scope, Send


class LifespanHandler:
    """``await handler(scope, receive, send)`` for a ``lifespan`` scope; ``None`` = nothing to do."""

    def __init__(self, lifespan: Lifespan | None = None) -> None:
        self.lifespan_context = lifespan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False
        await receive()  # lifespan.startup
        try:
            if self.lifespan_context is None:
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()  # lifespan.shutdown
            else:
                async with self.lifespan_context(scope.get("app")) as state:
                    self._merge_state(scope, state)
                    await send({"type": "lifespan.startup.complete"})
                    started = True
                    await receive()  # lifespan.shutdown
        except BaseException:
            # Tell the server which phase failed (with the traceback, for its log), then let
            # the exception go on, as Starlette does.
            phase = "shutdown" if started else "startup"
            await send({"type": f"lifespan.{phase}.failed", "message": traceback.format_exc()})
            raise
        await send({"type": "lifespan.shutdown.complete"})

    @staticmethod
    def _merge_state(scope: Scope, state: Any) -> None:
        if state is None:
            return
        if "state" not in scope:
            raise RuntimeError('The server does not support "state" in the lifespan scope.')
        scope["state"].update(state)
