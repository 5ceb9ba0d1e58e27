"""Reference solutions to the exercises of ``notebooks/05_toolkit.ipynb`` (the answer key).

``test_exercises.py`` runs each check in ``chapters/ch05_toolkit/exercises/`` against these.
"""

from __future__ import annotations

import re
import uuid

from chapters.ch05_toolkit import JSONResponse, Request
from chapters.ch05_toolkit.convertors import Convertor
from chapters.ch05_toolkit.headers import Headers, MutableHeaders
from chapters.ch05_toolkit.types import ASGIApp, Message, Receive, Scope, Send

# --- exercise 1: ValueError -> 400 JSON ------------------------------------------------------------


async def value_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


# --- exercise 2: a {name:slug} convertor -----------------------------------------------------------


class SlugConvertor(Convertor[str]):
    """Lowercase words of letters and digits joined by single hyphens: ``hello-world``."""

    regex = "[a-z0-9]+(?:-[a-z0-9]+)*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        if not re.fullmatch(self.regex, value):
            raise ValueError(f"not a slug: {value!r}")
        return value


# --- exercise 3: x-request-id ----------------------------------------------------------------------

VALID_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


class RequestIDMiddleware:
    """Every HTTP request gets an id: the client's, if sane, else a new one; echoed in the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("x-request-id", "")
        request_id = given if VALID_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["x-request-id"] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)
