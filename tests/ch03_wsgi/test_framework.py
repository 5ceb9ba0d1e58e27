"""The micro-framework and the middleware, in process (no socket) and on the server."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable
from typing import Any

import pytest
import requests

from chapters.ch03_wsgi import (
    App,
    Environ,
    HTTPException,
    Request,
    RequestLogging,
    StartResponse,
    Timing,
    hello_app,
)
from chapters.ch03_wsgi.demo import make_app
from chapters.ch03_wsgi.routing import compile_path
from tests.ch03_wsgi.helpers import running


def call(
    app: Any, method: str = "GET", path: str = "/", body: bytes = b"", query: str = ""
) -> tuple[str, dict[str, str], bytes]:
    """Call a WSGI app directly, the way a server would, and collect its response."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
    }
    started: list[Any] = []
    result = app(
        environ, lambda status, headers, exc_info=None: started.extend([status, dict(headers)])
    )
    try:
        data = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    return started[0], started[1], data


def test_routes_path_parameters_and_json() -> None:
    app = make_app()
    status, headers, body = call(app, "POST", "/notes", json.dumps({"text": "hi"}).encode())
    assert status == "201 Created" and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"id": 1, "text": "hi"}
    assert json.loads(call(app, "GET", "/notes/1")[2]) == {"id": 1, "text": "hi"}
    assert json.loads(call(app, "GET", "/notes")[2]) == [{"id": 1, "text": "hi"}]


def test_404_405_and_errors() -> None:
    app = make_app()
    assert call(app, "GET", "/nowhere")[0] == "404 Not Found"
    status, headers, _ = call(app, "PUT", "/notes")
    assert status == "405 Method Not Allowed" and headers["Allow"] == "GET, HEAD, POST"
    assert call(app, "GET", "/notes/abc")[0] == "404 Not Found", "{note_id:int} only matches digits"
    assert call(app, "GET", "/notes/99")[0] == "404 Not Found"
    assert call(app, "POST", "/notes", b"{not json")[0] == "400 Bad Request"
    assert call(app, "POST", "/notes", b'{"text": 1}')[0] == "422 Unprocessable Entity"


def test_request_decodes_path_query_and_headers() -> None:
    seen: dict[str, Any] = {}
    app = App()

    @app.get("/files/{path:path}")
    def files(request: Request, path: str) -> str:
        seen.update(path=path, query=request.query, method=request.method)
        return "ok"

    assert call(app, "GET", "/files/caf\xc3\xa9/x.txt", query="a=1&a=2")[0] == "200 OK"
    assert seen == {"path": "café/x.txt", "query": {"a": ["1", "2"]}, "method": "GET"}


def test_bad_route_definitions_fail_at_registration() -> None:
    with pytest.raises(ValueError, match="unknown converter"):
        compile_path("/x/{id:uuid}")
    with pytest.raises(ValueError, match="twice"):
        compile_path("/{a}/{a}")
    with pytest.raises(ValueError, match="starts with"):
        compile_path("x")


def test_a_view_returning_something_odd_is_a_type_error() -> None:
    app = App()
    app.get("/")(lambda request: 42)
    with pytest.raises(TypeError, match="a view must return"):
        call(app)


def test_http_exception_headers() -> None:
    app = App()

    @app.get("/")
    def secret(request: Request) -> str:
        raise HTTPException(401, "log in first", {"WWW-Authenticate": "Basic"})

    status, headers, body = call(app)
    assert status == "401 Unauthorized" and headers["WWW-Authenticate"] == "Basic"
    assert json.loads(body) == {"detail": "log in first"}


def test_framework_on_the_server() -> None:
    with running(make_app()) as server:
        base = f"http://127.0.0.1:{server.port}"
        assert requests.post(f"{base}/notes", json={"text": "a"}, timeout=5).status_code == 201
        assert requests.get(f"{base}/notes/1", timeout=5).json() == {"id": 1, "text": "a"}
        assert requests.head(f"{base}/notes/1", timeout=5).status_code == 200
        assert requests.delete(f"{base}/notes/1", timeout=5).json() == {"deleted": "a"}


def test_timing_middleware_adds_server_timing() -> None:
    status, headers, body = call(Timing(hello_app))
    assert status == "200 OK" and body == b"Hello, WSGI!\n"
    assert headers["Server-Timing"].startswith("app;dur=")


class Closing:
    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Any:
        yield b"abc"

    def close(self) -> None:
        self.closed = True


def test_logging_middleware_logs_after_the_body_and_passes_close_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = Closing()

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        start_response("201 Created", [])
        return body

    with caplog.at_level(logging.INFO, "chapters.ch03_wsgi.access"):
        assert call(RequestLogging(app), "POST", "/x")[2] == b"abc"
    assert body.closed
    assert len(caplog.messages) == 1 and caplog.messages[0].startswith("POST /x 201 3B ")
