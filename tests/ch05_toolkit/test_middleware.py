"""Middleware: stack order, ServerError, Exception handlers, CORS, GZip, TrustedHost.

Most tests call the ASGI app directly (``asgi_call.call``) to see the exact messages; the
CORS tables are checked against Starlette's own ``CORSMiddleware`` as the oracle.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
import starlette.middleware.cors
import starlette.middleware.gzip

from chapters.ch05_toolkit import (
    CORSMiddleware,
    GZipMiddleware,
    HTTPException,
    Middleware,
    PlainTextResponse,
    Request,
    Response,
    Route,
    Starlette,
    StreamingResponse,
    TrustedHostMiddleware,
)
from chapters.ch05_toolkit.middleware.errors import ServerErrorMiddleware
from chapters.ch05_toolkit.middleware.exceptions import ExceptionMiddleware
from chapters.ch05_toolkit.types import ASGIApp, Receive, Scope, Send
from tests.ch05_toolkit.asgi_call import call

# -- the stack's order -----------------------------------------------------------------------


class Logging:
    """Records its name on the way in and on the way out."""

    def __init__(self, app: ASGIApp, name: str, log: list[str]) -> None:
        self.app, self.name, self.log = app, name, log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.log.append(f"{self.name} in")
        await self.app(scope, receive, send)
        self.log.append(f"{self.name} out")


def test_user_middleware_runs_first_given_outermost_and_add_middleware_goes_outside() -> None:
    log: list[str] = []

    async def endpoint(request: Request) -> Response:
        log.append("endpoint")
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/", endpoint)], middleware=[Middleware(Logging, "A", log), Middleware(Logging, name="B", log=log)])
    app.add_middleware(Logging, "outer", log)
    assert call(app).body == b"ok"
    assert log == ["outer in", "A in", "B in", "endpoint", "B out", "A out", "outer out"]
    with pytest.raises(RuntimeError, match="after an application has started"):
        app.add_middleware(Logging, "late", log)


def test_middleware_unpacks_like_starlettes() -> None:
    cls, args, kwargs = Middleware(Logging, "A", log=[])
    assert (cls, args, kwargs) == (Logging, ("A",), {"log": []})
    assert repr(Middleware(GZipMiddleware, minimum_size=10)) == "Middleware(GZipMiddleware, minimum_size=10)"


def test_http_exceptions_pass_through_user_middleware_as_responses() -> None:
    """ExceptionMiddleware is inside user middleware: a CORS layer still decorates a 404."""
    app = Starlette(routes=[], middleware=[Middleware(CORSMiddleware, allow_origins=["*"])])
    sent = call(app, "GET", "/missing", headers={"Origin": "https://a.example"})
    assert (sent.status, sent.body, sent.headers["access-control-allow-origin"]) == (404, b"Not Found", "*")


# -- ServerErrorMiddleware -------------------------------------------------------------------


async def boom(request: Request) -> Response:
    raise ValueError("<script>alert(1)</script>")


def test_server_error_answers_500_and_reraises() -> None:
    sent = call(Starlette(routes=[Route("/", boom)]))
    assert (sent.status, sent.body) == (500, b"Internal Server Error")
    assert isinstance(sent.error, ValueError)  # re-raised, so the server logs it


def test_debug_page_is_html_for_browsers_escaped_and_plain_text_otherwise() -> None:
    app = Starlette(debug=True, routes=[Route("/", boom)])
    page = call(app, headers={"Accept": "text/html,*/*"})
    assert page.status == 500 and page.headers["content-type"].startswith("text/html")
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.body and b"<script>" not in page.body
    assert b"Traceback" in page.body and b"in boom" in page.body
    text = call(app)
    assert text.headers["content-type"].startswith("text/plain")
    assert b"ValueError: <script>alert(1)</script>" in text.body


@pytest.mark.parametrize("key", [500, Exception])
def test_a_500_handler_answers_instead(key: Any) -> None:
    def handler(request: Request, exc: Exception) -> Response:  # sync: run in a thread
        return PlainTextResponse(f"sorry: {type(exc).__name__}", status_code=500)

    sent = call(Starlette(routes=[Route("/", boom)], exception_handlers={key: handler}))
    assert (sent.status, sent.body) == (500, b"sorry: ValueError")
    assert isinstance(sent.error, ValueError)


def test_after_the_response_started_no_500_can_be_sent() -> None:
    async def half(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        raise RuntimeError("mid-stream")

    sent = call(ServerErrorMiddleware(half))
    assert (sent.status, sent.body) == (200, b"partial")
    assert isinstance(sent.error, RuntimeError)


# -- ExceptionMiddleware ---------------------------------------------------------------------


class Denied(PermissionError):
    pass


def raising(exc: Exception) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise exc

    return app


async def by_class(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"class handler: {type(exc).__name__}", status_code=403)


async def by_status(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"custom {request.url.path}", status_code=404)


HANDLERS = {PermissionError: by_class, 404: by_status}


def test_handlers_are_found_by_class_through_the_mro() -> None:
    sent = call(ExceptionMiddleware(raising(Denied()), handlers=HANDLERS))
    assert (sent.status, sent.body, sent.error) == (403, b"class handler: Denied", None)


def test_handlers_are_found_by_status_code_for_http_exceptions() -> None:
    sent = call(ExceptionMiddleware(raising(HTTPException(404)), handlers=HANDLERS), path="/x")
    assert (sent.status, sent.body) == (404, b"custom /x")


def test_default_http_exception_handler_sends_detail_and_headers() -> None:
    sent = call(ExceptionMiddleware(raising(HTTPException(401, "who are you?", headers={"WWW-Authenticate": "Basic"}))))
    assert (sent.status, sent.body, sent.headers["www-authenticate"]) == (401, b"who are you?", "Basic")
    assert sent.headers["content-type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("status", [204, 304])
def test_no_body_for_204_and_304(status: int) -> None:
    sent = call(ExceptionMiddleware(raising(HTTPException(status))))
    assert (sent.status, sent.body) == (status, b"")


def test_unhandled_exceptions_go_on_outward() -> None:
    sent = call(ExceptionMiddleware(raising(KeyError("k")), handlers=HANDLERS))
    assert isinstance(sent.error, KeyError) and sent.status == 0


def test_handler_keys_must_be_status_codes_or_exception_classes() -> None:
    with pytest.raises(TypeError):
        ExceptionMiddleware(raising(KeyError()), handlers={"404": by_status})


# -- CORS: our middleware against Starlette's, same config, same requests --------------------

CONFIGS: dict[str, dict[str, Any]] = {
    "explicit": {"allow_origins": ["https://a.example"], "allow_methods": ["GET", "POST"], "allow_headers": ["X-Token"]},
    "wildcard": {"allow_origins": ["*"], "allow_methods": ["GET", "PUT"], "expose_headers": ["X-Total"]},
    "wildcard+credentials": {"allow_origins": ["*"], "allow_credentials": True, "allow_headers": ["*"], "max_age": 60},
    "regex": {"allow_origin_regex": r"https://.*\.example\.org", "allow_methods": ["GET", "DELETE"]},
    "explicit+credentials": {"allow_origins": ["https://a.example"], "allow_credentials": True, "allow_headers": ["*"]},
}
PREFLIGHTS = {
    "allowed": {"Origin": "https://a.example", "Access-Control-Request-Method": "GET"},
    "regex origin": {"Origin": "https://x.example.org", "Access-Control-Request-Method": "DELETE"},
    "bad origin": {"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    "bad method": {"Origin": "https://a.example", "Access-Control-Request-Method": "PATCH"},
    "headers": {"Origin": "https://a.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "X-Token, content-type"},
    "bad headers": {"Origin": "https://a.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "X-Other"},
}  # fmt: skip
SIMPLE = {
    "no origin": {},
    "allowed": {"Origin": "https://a.example"},
    "regex origin": {"Origin": "https://x.example.org"},
    "other origin": {"Origin": "https://evil.example"},
}


async def app_with_vary(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"vary", b"Cookie"), (b"x-total", b"3")]})
    await send({"type": "http.response.body", "body": b"data"})


def normalized(headers: dict[str, str]) -> dict[str, str]:
    """Starlette also speaks Private Network Access (a draft we leave out): drop its trace."""
    return {k: v.replace(", Access-Control-Request-Private-Network", "") for k, v in headers.items()}


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("request_headers", PREFLIGHTS)
def test_cors_preflight_matches_starlette(config: str, request_headers: str) -> None:
    headers = PREFLIGHTS[request_headers]
    ours = call(CORSMiddleware(app_with_vary, **CONFIGS[config]), "OPTIONS", "/", headers=headers)
    theirs = call(starlette.middleware.cors.CORSMiddleware(app_with_vary, **CONFIGS[config]), "OPTIONS", "/", headers=headers)
    assert (ours.status, ours.body) == (theirs.status, theirs.body)
    assert normalized(ours.headers) == normalized(theirs.headers)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("request_headers", SIMPLE)
@pytest.mark.parametrize("method", ["GET", "OPTIONS"])  # an OPTIONS without the request-method header is not a preflight
def test_cors_simple_requests_match_starlette(config: str, request_headers: str, method: str) -> None:
    headers = SIMPLE[request_headers]
    ours = call(CORSMiddleware(app_with_vary, **CONFIGS[config]), method, "/", headers=headers)
    theirs = call(starlette.middleware.cors.CORSMiddleware(app_with_vary, **CONFIGS[config]), method, "/", headers=headers)
    assert (ours.status, ours.body, ours.raw_headers) == (theirs.status, theirs.body, theirs.raw_headers)


def test_cors_spelled_out() -> None:
    """The same rules, readable without an oracle."""
    explicit = CORSMiddleware(app_with_vary, allow_origins=["https://a.example"], allow_methods=["GET", "POST"])
    ok = call(explicit, "OPTIONS", "/", headers=PREFLIGHTS["allowed"])
    assert (ok.status, ok.body, ok.headers["access-control-allow-origin"]) == (200, b"OK", "https://a.example")
    assert ok.headers["access-control-allow-methods"] == "GET, POST"
    refused = call(explicit, "OPTIONS", "/", headers={**PREFLIGHTS["bad origin"], "Access-Control-Request-Method": "PUT"})
    assert (refused.status, refused.body) == (400, b"Disallowed CORS origin, method")
    assert "access-control-allow-origin" not in refused.headers
    simple = call(explicit, headers={"Origin": "https://a.example"})
    assert simple.headers["access-control-allow-origin"] == "https://a.example"
    assert simple.headers["vary"] == "Cookie, Origin"
    # With credentials a browser refuses "*", so the origin is echoed instead.
    creds = call(CORSMiddleware(app_with_vary, allow_origins=["*"], allow_credentials=True), headers={"Origin": "https://b.example"})
    assert creds.headers["access-control-allow-origin"] == "https://b.example"
    assert creds.headers["access-control-allow-credentials"] == "true"


# -- GZip --------------------------------------------------------------------------------------

BIG = b"All work and no play makes Jack a dull boy. " * 40  # 1,760 bytes, compresses well


def plain(body: bytes, **headers: str) -> ASGIApp:
    return Response(body, media_type=headers.pop("media_type", "text/plain"), headers=headers)


async def stream(scope: Scope, receive: Receive, send: Send) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield BIG

    await StreamingResponse(chunks(), media_type="text/plain", headers={"content-length": str(3 * len(BIG))})(scope, receive, send)


def test_gzip_compresses_big_bodies_for_clients_that_accept_it() -> None:
    sent = call(GZipMiddleware(plain(BIG)), headers={"Accept-Encoding": "gzip, deflate"})
    assert sent.headers["content-encoding"] == "gzip"
    assert sent.headers["vary"] == "Accept-Encoding"
    assert int(sent.headers["content-length"]) == len(sent.body) < len(BIG)
    assert gzip.decompress(sent.body) == BIG


@pytest.mark.parametrize(
    ("body", "accept", "extra"),
    [(b"small", "gzip", {}), (BIG, "br", {}), (BIG, "gzip", {"content-encoding": "br"}), (BIG, "gzip", {"media_type": "image/png"})],
    ids=["below minimum", "not accepted", "already encoded", "excluded type"],
)
def test_gzip_leaves_these_alone(body: bytes, accept: str, extra: dict[str, str]) -> None:
    sent = call(GZipMiddleware(plain(body, **extra)), headers={"Accept-Encoding": accept})
    assert sent.body == body
    assert sent.headers.get("content-encoding") == extra.get("content-encoding")
    assert sent.headers["content-length"] == str(len(body))


def test_gzip_says_vary_even_when_the_client_cannot_decompress() -> None:
    assert call(GZipMiddleware(plain(BIG)), headers={"Accept-Encoding": "identity"}).headers["vary"] == "Accept-Encoding"
    assert "vary" not in call(GZipMiddleware(plain(b"small")), headers={"Accept-Encoding": "identity"}).headers


def test_gzip_compresses_streams_chunk_by_chunk_and_drops_content_length() -> None:
    sent = call(GZipMiddleware(stream, minimum_size=10), headers={"Accept-Encoding": "gzip"})
    assert sent.headers["content-encoding"] == "gzip" and "content-length" not in sent.headers
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert decompressor.decompress(sent.chunks[0]) == BIG  # each chunk decodable on arrival (sync flush)
    assert decompressor.decompress(b"".join(sent.chunks[1:])) == 2 * BIG
    assert gzip.decompress(sent.body) == 3 * BIG


def test_gzip_matches_starlette_byte_for_byte() -> None:
    ours = call(GZipMiddleware(stream, minimum_size=10), headers={"Accept-Encoding": "gzip"})
    theirs = call(starlette.middleware.gzip.GZipMiddleware(stream, minimum_size=10), headers={"Accept-Encoding": "gzip"})
    assert (ours.chunks, ours.raw_headers) == (theirs.chunks, theirs.raw_headers)


# -- TrustedHost -------------------------------------------------------------------------------

HOSTS = ["example.com", "*.example.org", "www.example.net"]


@pytest.mark.parametrize("host", ["example.com", "EXAMPLE.com:8000", "api.example.org", "a.b.example.org"])
def test_trusted_hosts_pass(host: str) -> None:
    assert call(TrustedHostMiddleware(plain(b"in"), allowed_hosts=HOSTS), headers={"Host": host}).status == 200


@pytest.mark.parametrize("host", ["evil.com", "example.org", "example.com.evil.com", ""])
def test_other_hosts_get_400(host: str) -> None:
    sent = call(TrustedHostMiddleware(plain(b"in"), allowed_hosts=HOSTS), headers={"Host": host})
    assert (sent.status, sent.body) == (400, b"Invalid host header")


def test_www_redirect() -> None:
    sent = call(TrustedHostMiddleware(plain(b"in"), allowed_hosts=HOSTS), path="/a?b=1", headers={"Host": "example.net"})
    assert (sent.status, sent.headers["location"]) == (307, "http://www.example.net/a?b=1")
    no_redirect = TrustedHostMiddleware(plain(b"in"), allowed_hosts=HOSTS, www_redirect=False)
    assert call(no_redirect, headers={"Host": "example.net"}).status == 400


def test_wildcard_patterns_must_be_leading_subdomains() -> None:
    with pytest.raises(ValueError, match=r"\*\.example\.com"):
        TrustedHostMiddleware(plain(b""), allowed_hosts=["example.*"])


def test_default_allows_any_host() -> None:
    assert call(TrustedHostMiddleware(plain(b"in")), headers={"Host": "anything"}).status == 200

