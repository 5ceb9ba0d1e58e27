"""The response classes, re-exported: ``from fastapi.responses import HTMLResponse`` has a twin here.

Nothing new is needed: chapter 05's responses already render JSON compactly and UTF-8
(``JSONResponse``), set ``Content-Length`` and ``Content-Type``, and send themselves as ASGI
messages. FastAPI's ``fastapi/responses.py`` is the same kind of re-export of Starlette's.
An endpoint returns one of these to take full control of the answer; anything else it
returns is rendered with the route's ``response_class`` (``JSONResponse`` by default).
"""

from __future__ import annotations

from chapters.ch05_toolkit.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

__all__ = [
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "PlainTextResponse",
    "RedirectResponse",
    "Response",
    "StreamingResponse",
]
