"""The default answers to the two expected errors: ``HTTPException`` and a request that fails validation.

Why JSON and not chapter 05's plain text: an API's clients are programs, and a program
wants ``{"detail": ...}`` it can parse, for a 404 from the router as much as for one raised
in an endpoint. The 422 body lists every error with its ``loc`` (``["query", "limit"]``,
``["body", "items", 0, "price"]``), so a form can highlight each bad field at once.

Both are ordinary exception handlers, installed by :class:`~.applications.FastAPI` and
replaced the ordinary way::

    @app.exception_handler(RequestValidationError)
    async def plain_422(request, exc):
        return PlainTextResponse(str(exc), status_code=400)

Same names and answers as ``fastapi/exception_handlers.py``.
"""

from __future__ import annotations

from chapters.ch05_toolkit import HTTPException as ToolkitHTTPException
from chapters.ch05_toolkit import JSONResponse, Request, Response
from chapters.ch06_framework.encoders import jsonable_encoder
from chapters.ch06_framework.exceptions import RequestValidationError

__all__ = [
    "http_exception_handler",
    "is_body_allowed_for_status_code",
    "request_validation_exception_handler",
]


def is_body_allowed_for_status_code(status_code: int | None) -> bool:
    """1xx, 204 and 304 answers carry no content (RFC 9110 §6.4.1, §15.3.5, §15.4.5)."""
    return status_code is None or not (status_code < 200 or status_code in (204, 304))


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    """``{"detail": exc.detail}`` with the exception's status and headers."""
    assert isinstance(exc, ToolkitHTTPException)  # registered for this class only
    if not is_body_allowed_for_status_code(exc.status_code):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


async def request_validation_exception_handler(request: Request, exc: Exception) -> Response:
    """``422 {"detail": [every error]}``; ``jsonable_encoder`` makes each ``input`` JSON-ready."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
