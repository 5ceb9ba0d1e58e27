"""The errors a WebSocket endpoint raises, and what they become: a close code, not a status.

Why not :class:`HTTPException`: once the handshake is under way there is no response to put
a status on. An endpoint that refuses a client raises :class:`WebSocketException` with a close
code from RFC 6455 §7.4.1 (``1008`` policy violation, ``1003`` unsupported data, ...); the
route closes the connection with it. Before ``accept()`` the server turns any close into an
HTTP ``403 Forbidden`` (the ASGI spec), after it into a close frame carrying the code.

:class:`WebSocketRequestValidationError` is chapter 06's :class:`RequestValidationError` for
a WebSocket: the path, query, header, cookie or dependency values were invalid. FastAPI's
handler for it closes with ``1008``, and so does ours. Both names and signatures are
Starlette's and FastAPI's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from chapters.ch06_framework import jsonable_encoder, status
from chapters.ch06_framework.exceptions import ValidationException
from chapters.ch10_websockets.websockets import WebSocket

__all__ = [
    "WebSocketException",
    "WebSocketRequestValidationError",
    "websocket_exception_handler",
    "websocket_request_validation_exception_handler",
]


class WebSocketException(Exception):
    """``raise WebSocketException(code=1008, reason="unknown room")``: close with this code."""

    def __init__(self, code: int, reason: str | None = None) -> None:
        self.code = code
        self.reason = reason or ""

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, reason={self.reason!r})"


class WebSocketRequestValidationError(ValidationException):
    """The connection's parameters did not validate; ``errors()`` lists them, as for a 422."""

    def __init__(self, errors: Sequence[Any]) -> None:
        super().__init__(errors)


async def websocket_exception_handler(websocket: WebSocket, exc: Exception) -> None:
    """The default handler (Starlette's): close with the exception's code and reason."""
    assert isinstance(exc, WebSocketException)
    await websocket.close(code=exc.code, reason=exc.reason)


async def websocket_request_validation_exception_handler(
    websocket: WebSocket, exc: Exception
) -> None:
    """FastAPI's handler: close with 1008, the errors as the reason.

    FastAPI passes the list of errors itself as ``reason``; the ASGI spec says ``reason`` is
    a string, so ours sends them as JSON text. Validation runs before the endpoint, hence
    before ``accept()``: on the wire the client sees the server's 403 either way.
    """
    assert isinstance(exc, WebSocketRequestValidationError)
    reason = json.dumps(jsonable_encoder(exc.errors()))
    await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason=reason)
