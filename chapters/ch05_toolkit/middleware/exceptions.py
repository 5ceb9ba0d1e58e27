"""``ExceptionMiddleware``: expected errors become responses, by exception class or status.

Why a separate, innermost layer: ``raise HTTPException(404)`` and ``raise
PermissionDenied()`` are not bugs, they are answers, and the application chooses how they
look — ``exception_handlers={404: not_found_page, PermissionDenied: to_403}``. Sitting just
outside the router, this layer catches them while user middleware still sees the final
response (a CORS or GZip layer can still add its headers). Anything without a handler goes
on outward to :class:`ServerErrorMiddleware` (a 500). Handlers are found by status code
first (for an ``HTTPException``), then by the exception's class and its bases in MRO order,
as in ``starlette.middleware.exceptions.ExceptionMiddleware``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

from chapters.ch05_toolkit.concurrency import is_async_callable, run_in_threadpool
from chapters.ch05_toolkit.exceptions import HTTPException
from chapters.ch05_toolkit.requests import Request
from chapters.ch05_toolkit.responses import PlainTextResponse, Response
from chapters.ch05_toolkit.types import ASGIApp, Message, Receive, Scope, Send

ExceptionHandler = Callable[[Request, Exception], Awaitable[Response] | Response]


class WatchedSend:
    """``send``, noting whether ``http.response.start`` has gone out.

    Both error layers need to know: an exception can still become a response before that
    message, and no longer after it (the client already has a status line).
    """

    def __init__(self, send: Send) -> None:
        self.send = send
        self.response_started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.response_started = True
        await self.send(message)


async def call_handler(handler: ExceptionHandler, request: Request, exc: Exception) -> Response | None:
    """``handler(request, exc)``, awaited if async, in a worker thread if not."""
    if is_async_callable(handler):
        return await handler(request, exc)  # type: ignore[misc]
    return cast(Response | None, await run_in_threadpool(handler, request, exc))


class ExceptionMiddleware:
    def __init__(self, app: ASGIApp, handlers: Mapping[Any, ExceptionHandler] | None = None, debug: bool = False) -> None:
        self.app = app
        self.debug = debug
        self._status_handlers: dict[int, ExceptionHandler] = {}
        self._exception_handlers: dict[type[Exception], ExceptionHandler] = {HTTPException: self.http_exception}
        for key, handler in (handlers or {}).items():
            self.add_exception_handler(key, handler)

    def add_exception_handler(self, exc_class_or_status_code: int | type[Exception], handler: ExceptionHandler) -> None:
        if isinstance(exc_class_or_status_code, int):
            self._status_handlers[exc_class_or_status_code] = handler
        elif isinstance(exc_class_or_status_code, type) and issubclass(exc_class_or_status_code, Exception):
            self._exception_handlers[exc_class_or_status_code] = handler
        else:
            raise TypeError(f"handlers are keyed by status code or Exception subclass, not {exc_class_or_status_code!r}")

    def lookup_handler(self, exc: Exception) -> ExceptionHandler | None:
        """By status code for an ``HTTPException``, else the nearest class in ``type(exc).__mro__``."""
        if isinstance(exc, HTTPException) and exc.status_code in self._status_handlers:
            return self._status_handlers[exc.status_code]
        for cls in type(exc).__mro__:
            if cls in self._exception_handlers:
                return self._exception_handlers[cls]
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watched = WatchedSend(send)
        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            handler = self.lookup_handler(exc)
            if handler is None:
                raise
            if watched.response_started:
                raise RuntimeError("Caught handled exception, but response already started.") from exc
            response = await call_handler(handler, Request(scope, receive), exc)
            if response is not None:
                await response(scope, receive, send)

    async def http_exception(self, request: Request, exc: Exception) -> Response:
        """The default answer to ``HTTPException``: its detail as plain text, with its headers."""
        assert isinstance(exc, HTTPException)
        if exc.status_code in (204, 304):  # RFC 9110 §15.3.5, §15.4.5: these carry no content
            return Response(status_code=exc.status_code, headers=exc.headers)
        return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)
