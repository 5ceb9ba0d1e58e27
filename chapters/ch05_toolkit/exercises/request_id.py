"""Exercise 3 (stretching): a ``RequestIDMiddleware`` that tags every response with ``x-request-id``."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

from chapters.ch05_toolkit import (
    JSONResponse,
    Middleware,
    Request,
    Route,
    Starlette,
    StreamingResponse,
    TestClient,
)
from chapters.ch05_toolkit.exercises.harness import (
    NotAttempted,
    call_app,
    guarded,
    http_scope,
    untouched,
)
from chapters.ch05_toolkit.types import ASGIApp
from chapters.support.exercises import (
    ExerciseFailed,
    Result,
    expect,
    forget_request,
    not_attempted,
    passed,
    remember_request,
    sent,
    with_reproducer,
)

TITLE = "Exercise 3, RequestIDMiddleware"
VALID_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
PARTS = ["one, ", "two, ", "three\n"]


async def _whoami(request: Request) -> JSONResponse:
    return JSONResponse({"request_id": getattr(request.state, "request_id", None)})


async def _stream(request: Request) -> StreamingResponse:
    async def parts() -> AsyncIterator[str]:
        for part in PARTS:
            yield part

    return StreamingResponse(parts(), media_type="text/plain", headers={"x-app": "inner"})


def _app(middleware: Callable[..., ASGIApp]) -> Starlette:
    return Starlette(
        routes=[Route("/", _whoami), Route("/stream", _stream)], middleware=[Middleware(middleware)]
    )


@with_reproducer
def check_request_id_middleware(middleware: Callable[..., ASGIApp] | None) -> Result:
    """Exercise 3: ``RequestIDMiddleware(app)`` gives every HTTP request an id — the client's
    ``x-request-id`` if it is 1–64 letters, digits or ``-``, else a new unique one — stores it
    in ``scope["state"]["request_id"]`` and adds it to the response's headers."""
    if untouched(middleware, "__call__"):
        return not_attempted(TITLE)
    assert middleware is not None
    try:
        _check_messages(middleware)
        client = TestClient(_app(middleware))
        first, second = (_check_fresh_id(client) for _ in range(2))
        expect(
            first != second,
            f"two requests got the same id {first!r}: make a new one per request (uuid.uuid4().hex).",
        )
        _check_client_id(client)
        _check_other_responses(client)
        _check_lifespan(middleware)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _check_messages(middleware: Callable[..., ASGIApp]) -> None:
    """Called by hand: the header must be a pair of bytes with a lowercase name."""
    app = guarded(
        lambda: _app(middleware), "building Starlette(middleware=[Middleware(RequestIDMiddleware)])"
    )
    remember_request("GET", "/")  # what the scope below says
    messages = guarded(lambda: call_app(app, http_scope("/")), "GET / through your middleware")
    start = next((m for m in messages if m.get("type") == "http.response.start"), None)
    expect(start is not None, f"GET / sent no http.response.start (messages: {messages}).")
    assert start is not None
    for name, value in start.get("headers", []):
        expect(
            isinstance(name, bytes) and isinstance(value, bytes),
            f"the header {(name, value)!r} is not a pair of bytes: ASGI headers are (b'name', b'value').",
        )
    names = [name for name, _ in start.get("headers", [])]
    expect(
        b"x-request-id" in names,
        f"http.response.start has no b'x-request-id' header (names: {names}); ASGI header names "
        "are lowercase bytes.",
    )
    expect(
        names.count(b"x-request-id") == 1,
        f"x-request-id appears {names.count(b'x-request-id')} times, expected once.",
    )


def _get(client: TestClient, path: str, **options: Any) -> Any:
    return guarded(lambda: sent(client, "GET", path, **options), f"GET {path}")


def _check_fresh_id(client: TestClient) -> str:
    response = _get(client, "/")
    request_id = response.headers.get("x-request-id")
    expect(
        request_id is not None,
        f"GET / answered with headers {dict(response.headers)}: no x-request-id.",
    )
    assert request_id is not None
    expect(
        VALID_ID.fullmatch(request_id) is not None,
        f"the generated id {request_id!r} should be 1 to 64 letters, digits or '-' (uuid.uuid4().hex is).",
    )
    seen = response.json()["request_id"]
    expect(
        seen == request_id,
        f"the endpoint saw request.state.request_id = {seen!r}, but the response says "
        f"x-request-id: {request_id!r}: store the same id in scope['state']['request_id'] "
        "before calling the app (scope.setdefault('state', {})).",
    )
    return request_id


def _check_client_id(client: TestClient) -> None:
    given = "abc-123"
    response = _get(client, "/", headers={"x-request-id": given})
    echoed = response.headers.get("x-request-id")
    expect(
        echoed == given and response.json()["request_id"] == given,
        f"a request sent with x-request-id: {given} got x-request-id: {echoed!r} and the endpoint "
        f"saw {response.json()['request_id']!r}: reuse a valid id the client sent (it ties your "
        "log lines to the caller's).",
    )
    for bad in ("<script>alert(1)</script>", "x" * 65, ""):
        response = _get(client, "/", headers={"x-request-id": bad})
        got = response.headers.get("x-request-id")
        expect(
            got is not None and got != bad and VALID_ID.fullmatch(got) is not None,
            f"a request sent with x-request-id: {bad!r} got x-request-id: {got!r}: an id that is "
            "not 1 to 64 letters, digits or '-' must be replaced by a new one, not echoed.",
        )


def _check_other_responses(client: TestClient) -> None:
    missing = _get(client, "/nowhere")
    expect(
        missing.status_code == 404 and "x-request-id" in missing.headers,
        f"GET /nowhere answered {missing.status_code} with headers {dict(missing.headers)}: a 404 "
        "needs an x-request-id too.",
    )
    streamed = _get(client, "/stream")
    expect(
        "x-request-id" in streamed.headers and streamed.headers.get("x-app") == "inner",
        f"GET /stream (a StreamingResponse with header x-app: inner) came back with headers "
        f"{dict(streamed.headers)}: add yours to the app's headers, don't replace them.",
    )
    expect(
        streamed.text == "".join(PARTS),
        f"GET /stream's body became {streamed.text!r}, expected {''.join(PARTS)!r}: pass every "
        "http.response.body message on, unchanged.",
    )


def _check_lifespan(middleware: Callable[..., ASGIApp]) -> None:
    forget_request()  # `with TestClient(app)` runs the lifespan: not one request
    try:
        with TestClient(_app(middleware)) as client:
            client.get("/")
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:
        raise ExerciseFailed(
            f"running the lifespan through your middleware raised {error!r}: for scopes other "
            "than 'http', just `await self.app(scope, receive, send)`."
        ) from error
