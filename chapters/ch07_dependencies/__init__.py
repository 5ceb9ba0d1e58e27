"""Chapter 07: dependency injection (our ``Depends``), on chapter 06's framework.

Everything chapter 06 exports, plus :func:`Depends`: FastAPI code that uses dependencies
runs with only its import lines changed (``from fastapi import ...`` and
``from pydantic import ...`` both become ``from chapters.ch07_dependencies import ...``).
"""

from chapters.ch06_framework import (
    BaseModel,
    Body,
    Cookie,
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
from chapters.ch07_dependencies.applications import FastAPI
from chapters.ch07_dependencies.param_functions import Depends
from chapters.ch07_dependencies.routing import APIRoute, APIRouter

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
    "jsonable_encoder",
    "status",
]
