"""Chapter 05: an ASGI toolkit (our Starlette) — requests, responses, routing, middleware, an app.

Same public names and signatures as Starlette for the parts built here, so Starlette code
runs with only its import lines changed. Runs on chapter 04's server and on uvicorn.
"""

from chapters.ch05_toolkit.applications import Starlette
from chapters.ch05_toolkit.background import BackgroundTask, BackgroundTasks
from chapters.ch05_toolkit.concurrency import run_in_threadpool
from chapters.ch05_toolkit.datastructures import (
    URL,
    Headers,
    MutableHeaders,
    QueryParams,
    State,
    URLPath,
)
from chapters.ch05_toolkit.exceptions import HTTPException
from chapters.ch05_toolkit.middleware import Middleware
from chapters.ch05_toolkit.middleware.cors import CORSMiddleware
from chapters.ch05_toolkit.middleware.errors import ServerErrorMiddleware
from chapters.ch05_toolkit.middleware.exceptions import ExceptionMiddleware
from chapters.ch05_toolkit.middleware.gzip import GZipMiddleware
from chapters.ch05_toolkit.middleware.trustedhost import TrustedHostMiddleware
from chapters.ch05_toolkit.requests import HTTPConnection, Request
from chapters.ch05_toolkit.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from chapters.ch05_toolkit.routing import (
    BaseRoute,
    Match,
    Mount,
    NoMatchFound,
    Route,
    Router,
    compile_path,
)
from chapters.ch05_toolkit.testclient import TestClient

__all__ = [
    "URL",
    "BackgroundTask",
    "BackgroundTasks",
    "BaseRoute",
    "CORSMiddleware",
    "ExceptionMiddleware",
    "FileResponse",
    "GZipMiddleware",
    "HTMLResponse",
    "HTTPConnection",
    "HTTPException",
    "Headers",
    "JSONResponse",
    "Match",
    "Middleware",
    "Mount",
    "MutableHeaders",
    "NoMatchFound",
    "PlainTextResponse",
    "QueryParams",
    "RedirectResponse",
    "Request",
    "Response",
    "Route",
    "Router",
    "ServerErrorMiddleware",
    "Starlette",
    "State",
    "StreamingResponse",
    "TestClient",
    "TrustedHostMiddleware",
    "URLPath",
    "compile_path",
    "run_in_threadpool",
]
