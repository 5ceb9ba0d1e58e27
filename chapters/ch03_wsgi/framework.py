"""A micro-framework on WSGI: what Flask gives you, in one screenful.

``environ`` and ``start_response`` are a fine interface for servers and a poor one for
writing web pages. A framework wraps them: a :class:`Request` object reads the environ, a
:class:`Response` object *is* a WSGI application (as in Werkzeug) that calls
``start_response`` for you, and :class:`App` routes each request to the function registered
for its path and method::

    app = App()

    @app.route("/users/{user_id:int}")
    def get_user(request: Request, user_id: int) -> dict:
        return {"id": user_id}                # a dict becomes a JSON response

The :class:`App` itself is a WSGI application, so any WSGI server runs it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cached_property
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from chapters.ch03_wsgi.routing import Match, Route
from chapters.ch03_wsgi.types import Environ, StartResponse

View = Callable[..., Any]


class HTTPException(Exception):
    """Raise it in a view to answer ``status_code`` with ``detail`` (as JSON)."""

    def __init__(
        self, status_code: int, detail: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        self.status_code = status_code
        self.detail = detail or HTTPStatus(status_code).phrase
        self.headers = headers or {}
        super().__init__(status_code, self.detail)


class Request:
    """A read-only view of one ``environ``, decoded for humans (UTF-8 path, parsed query)."""

    def __init__(self, environ: Environ, path_params: dict[str, Any] | None = None) -> None:
        self.environ = environ
        self.path_params = path_params or {}

    @property
    def method(self) -> str:
        return self.environ["REQUEST_METHOD"]

    @cached_property
    def path(self) -> str:
        # PEP 3333 gives PATH_INFO as latin-1 of the raw bytes: undo that, then decode UTF-8.
        return self.environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace") or "/"

    @cached_property
    def query(self) -> dict[str, list[str]]:
        """``?tag=a&tag=b`` → ``{"tag": ["a", "b"]}``."""
        return parse_qs(self.environ.get("QUERY_STRING", ""), keep_blank_values=True)

    @cached_property
    def headers(self) -> dict[str, str]:
        """Request headers, names lowercased: ``request.headers["user-agent"]``."""
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in self.environ.items()
            if key.startswith("HTTP_")
        }
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if self.environ.get(key):
                headers[key.replace("_", "-").lower()] = self.environ[key]
        return headers

    @cached_property
    def body(self) -> bytes:
        """The whole body, read once. ``wsgi.input_terminated`` lets us read to its end."""
        stream = self.environ["wsgi.input"]
        if self.environ.get("wsgi.input_terminated"):
            return stream.read(-1)
        return stream.read(int(self.environ.get("CONTENT_LENGTH") or 0))

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            raise HTTPException(400, "the request body is not valid JSON") from None


class Response:
    """A status, headers and a body; calling it with ``(environ, start_response)`` sends it."""

    media_type = "text/plain; charset=utf-8"

    def __init__(
        self,
        content: bytes | str = b"",
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.body = content.encode() if isinstance(content, str) else content
        self.status_code = status_code
        self.headers = {"Content-Type": self.media_type, **(headers or {})}

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        status = f"{self.status_code} {HTTPStatus(self.status_code).phrase}"
        start_response(status, list(self.headers.items()))
        return [self.body]  # one item: the server can send a Content-Length


class JSONResponse(Response):
    media_type = "application/json"

    def __init__(
        self, content: Any, status_code: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(json.dumps(content).encode(), status_code, headers)


class App:
    """Decorator routing, Request in, Response out; itself a WSGI application."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, path: str, methods: Iterable[str] = ("GET",)) -> Callable[[View], View]:
        """Register the decorated view for ``path`` and ``methods``.

        >>> @app.route("/items/{item_id:int}", methods=["GET", "PUT"])   # doctest: +SKIP
        ... def item(request: Request, item_id: int) -> dict: ...
        """

        def register(view: View) -> View:
            self.routes.append(Route(path, view, frozenset(method.upper() for method in methods)))
            return view

        return register

    def get(self, path: str) -> Callable[[View], View]:
        return self.route(path, ["GET"])

    def post(self, path: str) -> Callable[[View], View]:
        return self.route(path, ["POST"])

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except HTTPException as error:
            response = JSONResponse({"detail": error.detail}, error.status_code, error.headers)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        """Find the route (404 if no path matches, 405 if only the method differs), call it."""
        allowed: set[str] = set()
        for route in self.routes:
            match, params = route.matches(request.method, request.path)
            if match is Match.FULL:
                request.path_params = params
                return to_response(route.endpoint(request, **params))
            if match is Match.PARTIAL:
                allowed |= route.methods
        if allowed:
            raise HTTPException(405, headers={"Allow": ", ".join(sorted(allowed))})
        raise HTTPException(404)


def to_response(value: Any) -> Response:
    """What a view may return: a Response, a dict or list (JSON), str or bytes (text)."""
    if isinstance(value, Response):
        return value
    if isinstance(value, dict | list):
        return JSONResponse(value)
    if isinstance(value, str | bytes):
        return Response(value)
    raise TypeError(
        f"a view must return a Response, dict, list, str or bytes, not {type(value).__name__}"
    )
