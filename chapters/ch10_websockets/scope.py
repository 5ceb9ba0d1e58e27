"""The ``websocket`` connection scope (ASGI spec, "WebSocket", "Websocket Connection Scope").

It is the ``http`` scope of the handshake request with three differences: the type, the
scheme (``ws``), no ``method``, and the ``subprotocols`` the client offered. So it is built
from chapter 04's :func:`http_scope`, not written again.
"""

from __future__ import annotations

from typing import Any

from chapters.ch02_http.events import Request
from chapters.ch04_asgi.scope import http_scope
from chapters.ch04_asgi.types import Scope

#: The ASGI WebSocket spec version this server implements: 2.3 added the denial response
#: (``websocket.http.response.*``), 2.4 the ``reason`` of ``websocket.disconnect``.
SPEC_VERSION = "2.4"


def websocket_scope(
    request: Request,
    *,
    subprotocols: list[str],
    server: tuple[str, int] | None,
    client: tuple[str, int] | None,
    root_path: str,
    state: dict[str, Any] | None,
) -> Scope:
    scope = http_scope(request, server=server, client=client, root_path=root_path, state=state)
    del scope["method"]
    scope["type"] = "websocket"
    scope["scheme"] = "ws"
    scope["asgi"]["spec_version"] = SPEC_VERSION
    scope["subprotocols"] = subprotocols
    scope["extensions"] = {"websocket.http.response": {}}  # we can send a denial response
    return scope
