"""``FastAPI`` with WebSocket endpoints: ``@app.websocket("/ws/{room}")``.

Why a subclass: everything else is chapter 08's application (and, through it, 07's and
06's). This one changes two things:

* its router is our :class:`~chapters.ch10_websockets.routing.APIRouter`, which adds
  ``websocket()``, ``add_api_websocket_route()`` and ``add_websocket_route()``; the app's
  ``dependencies=[...]`` and ``dependency_overrides`` reach WebSocket endpoints as they
  reach HTTP ones;
* it installs FastAPI's default handler for :class:`WebSocketRequestValidationError` (close
  with 1008), unless ``exception_handlers=`` brings another.

WebSocket routes are not :class:`~chapters.ch06_framework.routing.APIRoute` objects, so the
OpenAPI document leaves them out, as FastAPI's does (OpenAPI describes request/response
operations; a conversation is not one)::

    app = FastAPI()

    @app.websocket("/ws/{room}")
    async def chat(websocket: WebSocket, room: str, name: str = "anonymous"):
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_text(f"{name}@{room}: {text}")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chapters.ch08_openapi import FastAPI as DocumentedFastAPI
from chapters.ch10_websockets.exceptions import (
    WebSocketRequestValidationError,
    websocket_request_validation_exception_handler,
)
from chapters.ch10_websockets.routing import APIRouter, WebSocketDecorators, WebSocketEndpoint

__all__ = ["FastAPI"]


class FastAPI(WebSocketDecorators, DocumentedFastAPI):
    """Chapter 08's application, with ``@app.websocket(path)``."""

    router_class: type[APIRouter] = APIRouter  # type: ignore[assignment]
    router: APIRouter

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # The handlers' table is typed for HTTP handlers (request -> response); a websocket
        # handler takes the WebSocket and answers by closing it, as in FastAPI.
        self.exception_handlers.setdefault(
            WebSocketRequestValidationError,
            websocket_request_validation_exception_handler,  # type: ignore[arg-type]
        )

    def add_api_websocket_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        name: str | None = None,
        *,
        dependencies: Sequence[Any] | None = None,
    ) -> None:
        self.router.add_api_websocket_route(path, endpoint, name, dependencies=dependencies)

    def add_websocket_route(
        self, path: str, endpoint: WebSocketEndpoint, name: str | None = None
    ) -> None:
        self.router.add_websocket_route(path, endpoint, name)
