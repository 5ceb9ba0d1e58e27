"""Chapter 03: WSGI (PEP 3333): a threaded server, bare-spec apps, a micro-framework, middleware."""

from chapters.ch03_wsgi.apps import echo_app, environ_app, hello_app
from chapters.ch03_wsgi.cycle import ResponseCycle
from chapters.ch03_wsgi.environ import build_environ
from chapters.ch03_wsgi.framework import App, HTTPException, JSONResponse, Request, Response
from chapters.ch03_wsgi.loader import ImportFromStringError, import_from_string
from chapters.ch03_wsgi.middleware import RequestLogging, Timing
from chapters.ch03_wsgi.pool import BoundedThreadingTCPServer
from chapters.ch03_wsgi.server import WSGIServer, make_server, serve
from chapters.ch03_wsgi.streams import ClientDisconnected, ErrorStream, WSGIInput
from chapters.ch03_wsgi.types import Environ, StartResponse, WSGIApplication

__all__ = [
    "App",
    "BoundedThreadingTCPServer",
    "ClientDisconnected",
    "Environ",
    "ErrorStream",
    "HTTPException",
    "ImportFromStringError",
    "JSONResponse",
    "Request",
    "RequestLogging",
    "Response",
    "ResponseCycle",
    "StartResponse",
    "Timing",
    "WSGIApplication",
    "WSGIInput",
    "WSGIServer",
    "build_environ",
    "echo_app",
    "environ_app",
    "hello_app",
    "import_from_string",
    "make_server",
    "serve",
]
