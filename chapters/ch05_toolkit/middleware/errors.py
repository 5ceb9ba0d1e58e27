"""``ServerErrorMiddleware``: the last line of defence, turning any exception into a 500.

Why outermost: whatever raises — an endpoint, an exception handler, a user middleware — the
client must get an answer, not a dropped connection. So this wraps the whole stack and, if
an exception escapes and no response has started yet, sends a 500: a plain "Internal Server
Error", your ``handler(request, exc)``'s response, or with ``debug=True`` the traceback (an
HTML page if the client accepts HTML, plain text otherwise). Then it **re-raises**, so the
server logs the traceback and a test client can surface it — the same policy as
``starlette.middleware.errors.ServerErrorMiddleware``. If the response had already started,
a 500 can no longer be sent: the exception just goes on, and the server closes the
connection (chapter 04's failure policy).
"""

from __future__ import annotations

import html
import traceback

from chapters.ch05_toolkit.middleware.exceptions import ExceptionHandler, WatchedSend, call_handler
from chapters.ch05_toolkit.requests import Request
from chapters.ch05_toolkit.responses import HTMLResponse, PlainTextResponse, Response
from chapters.ch05_toolkit.types import ASGIApp, Receive, Scope, Send

DEBUG_PAGE = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>500 {error}</title>
<style>body {{ font-family: sans-serif; }} pre {{ background: #f6f6f6; padding: 1em; overflow: auto; }}</style>
</head>
<body>
<h1>500 Server Error</h1>
<h2>{error}</h2>
<pre>{traceback}</pre>
</body>
</html>
"""


class ServerErrorMiddleware:
    def __init__(self, app: ASGIApp, handler: ExceptionHandler | None = None, debug: bool = False) -> None:
        self.app = app
        self.handler = handler
        self.debug = debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watched = WatchedSend(send)
        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if not watched.response_started:
                response = await self.error_response(Request(scope), exc)
                await response(scope, receive, send)
            raise  # always: the server logs it, a test client may re-raise it

    async def error_response(self, request: Request, exc: Exception) -> Response:
        """The 500 to send: the debug page, the user's handler's answer, or plain text."""
        if self.debug:
            return self.debug_response(request, exc)
        response = None if self.handler is None else await call_handler(self.handler, request, exc)
        return PlainTextResponse("Internal Server Error", status_code=500) if response is None else response

    def debug_response(self, request: Request, exc: Exception) -> Response:
        """The traceback, for the developer: HTML for a browser, plain text for curl."""
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        if "text/html" not in request.headers.get("accept", ""):
            return PlainTextResponse(text, status_code=500)
        # Escaped: the message and the source lines may hold "<script>" from user input.
        error = html.escape(f"{type(exc).__name__}: {exc}")
        return HTMLResponse(DEBUG_PAGE.format(error=error, traceback=html.escape(text)), status_code=500)
