"""``CORSMiddleware``: tell browsers which other origins may call this API.

Why: a page from ``https://app.example`` calling ``https://api.example`` is a cross-origin
request, and the browser only lets the page read the answer if the server says so in
``Access-Control-*`` headers (the Fetch standard, https://fetch.spec.whatwg.org/#http-cors-protocol).
Two cases:

* a **preflight** — ``OPTIONS`` with ``Origin`` and ``Access-Control-Request-Method`` — asks
  "may I send this method with these headers?" before the real request. We answer it
  ourselves, 200 if everything asked for is allowed, else 400 naming what is not (browsers
  only look at the headers; the 400 and its text are for the humans debugging).
* a **simple** (or actual) request carries ``Origin``: the app answers, and we add
  ``Access-Control-Allow-Origin`` (``*``, or the origin itself) on the way out.

The Fetch rules mirrored from ``starlette.middleware.cors``: with credentials (cookies)
allowed, ``*`` is not accepted by browsers, so the request's own origin is echoed instead;
the CORS headers depend on ``Origin``, so every response says ``Vary: Origin``, and a cache
does not serve one origin's answer to another.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from chapters.ch05_toolkit.headers import Headers, MutableHeaders
from chapters.ch05_toolkit.responses import PlainTextResponse, Response
from chapters.ch05_toolkit.types import ASGIApp, Message, Receive, Scope, Send

ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
# CORS-safelisted request headers (Fetch §2.2.2): a browser may always send them.
SAFELISTED_HEADERS = {"Accept", "Accept-Language", "Content-Language", "Content-Type"}
PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"


class CORSMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        allow_origins: Collection[str] = (),
        allow_methods: Collection[str] = ("GET",),
        allow_headers: Collection[str] = (),
        allow_credentials: bool = False,
        allow_origin_regex: str | None = None,
        expose_headers: Collection[str] = (),
        max_age: int = 600,
    ) -> None:
        self.app = app
        self.allow_origins = set(allow_origins)
        self.allow_all_origins = "*" in self.allow_origins
        self.allow_origin_regex = None if allow_origin_regex is None else re.compile(allow_origin_regex)
        self.allow_methods = ALL_METHODS if "*" in allow_methods else tuple(allow_methods)
        self.allow_all_headers = "*" in allow_headers
        self.allow_headers = sorted(SAFELISTED_HEADERS | set(allow_headers) - {"*"})
        self.allow_credentials = allow_credentials
        # Computed once: the headers every simple response and every preflight carries.
        self.simple_headers = self._simple_headers(expose_headers)
        self.preflight_headers = self._preflight_headers(max_age)

    def _simple_headers(self, expose_headers: Collection[str]) -> dict[str, str]:
        headers = {}
        if self.allow_all_origins:
            headers["Access-Control-Allow-Origin"] = "*"
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        if expose_headers:
            headers["Access-Control-Expose-Headers"] = ", ".join(expose_headers)
        return headers

    def _preflight_headers(self, max_age: int) -> dict[str, str]:
        headers = {"Vary": PREFLIGHT_VARY}
        if self.allow_all_origins and not self.allow_credentials:
            headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Allow-Methods"] = ", ".join(self.allow_methods)
        headers["Access-Control-Max-Age"] = str(max_age)
        if not self.allow_all_headers:
            headers["Access-Control-Allow-Headers"] = ", ".join(self.allow_headers)
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None and scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self.preflight_response(headers)(scope, receive, send)
        else:
            await self.app(scope, receive, self._sender(send, origin))

    def is_allowed_origin(self, origin: str) -> bool:
        if self.allow_all_origins or origin in self.allow_origins:
            return True
        return self.allow_origin_regex is not None and self.allow_origin_regex.fullmatch(origin) is not None

    def preflight_response(self, request_headers: Headers) -> Response:
        """200 "OK" if origin, method and every requested header are allowed, else 400 naming the faults."""
        headers = dict(self.preflight_headers)
        failures = []
        origin = request_headers["origin"]
        if not self.is_allowed_origin(origin):
            failures.append("origin")
        elif "Access-Control-Allow-Origin" not in headers:  # explicit origins, or credentials
            headers["Access-Control-Allow-Origin"] = origin
        if request_headers["access-control-request-method"] not in self.allow_methods:
            failures.append("method")
        requested = request_headers.get("access-control-request-headers")
        if requested is not None and self.allow_all_headers:
            headers["Access-Control-Allow-Headers"] = requested  # "*" with credentials: echo them
        elif requested is not None and not self._headers_allowed(requested):
            failures.append("headers")
        if failures:
            return PlainTextResponse("Disallowed CORS " + ", ".join(failures), status_code=400, headers=headers)
        return PlainTextResponse("OK", status_code=200, headers=headers)

    def _headers_allowed(self, requested: str) -> bool:
        allowed = {header.lower() for header in self.allow_headers}
        return all(header.strip().lower() in allowed for header in requested.split(",") if header.strip())

    def _sender(self, send: Send, origin: str | None) -> Send:
        """``send``, adding the CORS headers to the response's start message."""

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._add_simple_headers(MutableHeaders(scope=message), origin)
            await send(message)

        return send_with_cors

    def _add_simple_headers(self, headers: MutableHeaders, origin: str | None) -> None:
        if origin is not None:
            headers.update(self.simple_headers)
            if self.allow_all_origins and self.allow_credentials:
                headers["Access-Control-Allow-Origin"] = origin  # "*" is refused with credentials
            elif not self.allow_all_origins and self.is_allowed_origin(origin):
                headers["Access-Control-Allow-Origin"] = origin
        # Whether CORS headers are present at all depends on Origin, so caches must key on it.
        headers.add_vary_header("Origin")
