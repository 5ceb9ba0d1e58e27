"""Chapter 06: routing and type-hint validation (our FastAPI), on our own models (our pydantic).

Same public names and signatures as FastAPI and pydantic for the parts built here, so
FastAPI code runs with only its import lines changed (``from fastapi import ...`` and
``from pydantic import ...`` both become ``from chapters.ch06_framework import ...``).
Built on chapter 05's toolkit; runs on chapter 04's server and on uvicorn.
"""

from chapters.ch05_toolkit import Request, TestClient
from chapters.ch06_framework import status
from chapters.ch06_framework.applications import FastAPI
from chapters.ch06_framework.encoders import jsonable_encoder
from chapters.ch06_framework.exceptions import (
    FastAPIError,
    HTTPException,
    InvalidParameterError,
    RequestValidationError,
    ResponseValidationError,
)
from chapters.ch06_framework.models import BaseModel, Field, ValidationError
from chapters.ch06_framework.param_functions import Body, Cookie, Header, Path, Query
from chapters.ch06_framework.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from chapters.ch06_framework.routing import APIRoute, APIRouter

__all__ = [
    "APIRoute",
    "APIRouter",
    "BaseModel",
    "Body",
    "Cookie",
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
