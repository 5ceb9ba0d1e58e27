"""Chapter 08: the OpenAPI 3.1 document and the interactive docs (``/docs``, ``/redoc``), offline.

Everything chapter 07 exports is exported here, with :class:`FastAPI` replaced by one that
documents itself: ``app.openapi()``, ``GET /openapi.json``, Swagger UI at ``/docs`` and ReDoc
at ``/redoc``, their scripts served by the application from an installed package. FastAPI
code runs with only its import lines changed (``from fastapi import ...`` and
``from pydantic import ...`` both become ``from chapters.ch08_openapi import ...``).
"""

from chapters.ch07_dependencies import (
    APIRoute,
    APIRouter,
    BaseModel,
    Body,
    Cookie,
    Depends,
    FastAPIError,
    Field,
    FileResponse,
    Header,
    HTMLResponse,
    HTTPException,
    InvalidParameterError,
    JSONResponse,
    Path,
    PlainTextResponse,
    Query,
    RedirectResponse,
    Request,
    RequestValidationError,
    Response,
    ResponseValidationError,
    StreamingResponse,
    TestClient,
    ValidationError,
    jsonable_encoder,
    status,
)
from chapters.ch08_openapi.applications import FastAPI
from chapters.ch08_openapi.docs import get_redoc_html, get_swagger_ui_html
from chapters.ch08_openapi.document import get_openapi

__all__ = [
    "APIRoute",
    "APIRouter",
    "BaseModel",
    "Body",
    "Cookie",
    "Depends",
    "FastAPI",
    "FastAPIError",
    "Field",
    "FileResponse",
    "HTMLResponse",
    "HTTPException",
    "Header",
    "InvalidParameterError",
    "JSONResponse",
    "Path",
    "PlainTextResponse",
    "Query",
    "RedirectResponse",
    "Request",
    "RequestValidationError",
    "Response",
    "ResponseValidationError",
    "StreamingResponse",
    "TestClient",
    "ValidationError",
    "get_openapi",
    "get_redoc_html",
    "get_swagger_ui_html",
    "jsonable_encoder",
    "status",
]
