"""Chapter 05's contract: ``Request``, ``Response``, ``JSONResponse``, ``Route``, ``Router``.

Run against the reference by default, and against yours with
``pytest tests/ch05_toolkit --impl my_toolkit`` (see README.md, "Build it yourself: the
contract"). No server: each test calls an ASGI app directly, and a failure shows the request
sent and the ASGI messages that came back.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from types import ModuleType
from typing import Any

import pytest

from tests.workshop import TIMEOUT, Transcript, http_scope

pytestmark = pytest.mark.timeout(15)


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine, TIMEOUT))


def test_a_response_sends_its_status_headers_and_body(
    impl: ModuleType, transcript: Transcript
) -> None:
    response = transcript.call(
        impl.Response, b"hi", status_code=201, headers={"x-a": "1"}, media_type="text/plain"
    )
    sent = transcript.asgi(response, "GET", "/")
    assert [m["type"] for m in sent.messages] == ["http.response.start", "http.response.body"]
    assert sent.status == 201
    assert sent.header(b"content-length") == b"2"
    assert sent.header(b"content-type") == b"text/plain; charset=utf-8"
    assert sent.header(b"x-a") == b"1"
    assert all(isinstance(n, bytes) and isinstance(v, bytes) for n, v in sent.headers), (
        "ASGI headers are (bytes, bytes) pairs"
    )
    assert sent.body == b"hi"


def test_text_content_is_encoded_as_utf8(impl: ModuleType, transcript: Transcript) -> None:
    response = transcript.call(impl.Response, "café", media_type="text/html")
    sent = transcript.asgi(response, "GET", "/")
    assert sent.body == "café".encode()
    assert sent.header(b"content-length") == b"5", "the length in bytes, not in characters"
    assert sent.header(b"content-type") == b"text/html; charset=utf-8"


def test_a_json_response(impl: ModuleType, transcript: Transcript) -> None:
    content = {"name": "Ada", "tags": ["a", "b"], "count": 2, "none": None}
    sent = transcript.asgi(transcript.call(impl.JSONResponse, content, status_code=202), "GET", "/")
    assert sent.status == 202
    assert sent.header(b"content-type") == b"application/json"
    assert json.loads(sent.body) == content
    assert sent.header(b"content-length") == str(len(sent.body)).encode()


def test_a_request_reads_the_scope(impl: ModuleType, transcript: Transcript) -> None:
    scope = http_scope("GET", "/search?q=ada+lovelace&page=2", [(b"x-custom", b"yes")])
    request = transcript.call(impl.Request, scope)
    assert transcript.read("request.method", lambda: request.method) == "GET"
    assert transcript.read("request.url.path", lambda: request.url.path) == "/search"
    params = transcript.read("request.query_params", lambda: request.query_params)
    assert params["q"] == "ada lovelace", "query values are decoded ('+' is a space)"
    assert params["page"] == "2"
    assert params.get("missing") is None
    headers = transcript.read("request.headers", lambda: request.headers)
    assert headers["x-custom"] == "yes"
    assert headers.get("X-Custom") == "yes", "header names are case-insensitive"


def test_a_request_reads_its_body_through_receive(impl: ModuleType, transcript: Transcript) -> None:
    messages = [
        {"type": "http.request", "body": b'{"x": ', "more_body": True},
        {"type": "http.request", "body": b"[1, 2]}", "more_body": False},
    ]
    transcript.note("receive() will return", messages)

    async def receive() -> dict[str, Any]:
        if not messages:
            raise AssertionError("receive() called again after more_body was False")
        return messages.pop(0)

    scope = http_scope("POST", "/", [(b"content-type", b"application/json")])
    request = transcript.call(impl.Request, scope, receive)
    body = transcript.read("await request.body()", lambda: run(request.body()))
    assert body == b'{"x": [1, 2]}', "every http.request message's body, until more_body is False"
    again = transcript.read("await request.body() again", lambda: run(request.body()))
    assert again == body, "the body is read once and kept"
    assert transcript.read("await request.json()", lambda: run(request.json())) == {"x": [1, 2]}


def make_router(impl: ModuleType) -> Any:
    async def home(request: Any) -> Any:
        return impl.JSONResponse({"page": "home"})

    async def item(request: Any) -> Any:
        item_id = request.path_params["item_id"]
        return impl.JSONResponse({"item_id": item_id, "is_int": isinstance(item_id, int)})

    async def user(request: Any) -> Any:
        return impl.JSONResponse({"name": request.path_params["name"], "method": request.method})

    async def search(request: Any) -> Any:
        return impl.JSONResponse({"q": request.query_params.get("q")})

    return impl.Router(
        [
            impl.Route("/", home),
            impl.Route("/items/{item_id:int}", item),
            impl.Route("/users/{name}", user, methods=["POST", "PUT"]),
            impl.Route("/search", search, methods=["GET"]),
        ]
    )


ROUTING = {
    "root": ("GET", "/", 200, {"page": "home"}),
    "int-parameter": ("GET", "/items/42", 200, {"item_id": 42, "is_int": True}),
    "int-parameter-not-digits": ("GET", "/items/abc", 404, None),
    "str-parameter": ("POST", "/users/ada", 200, {"name": "ada", "method": "POST"}),
    "str-parameter-second-method": ("PUT", "/users/ada", 200, {"name": "ada", "method": "PUT"}),
    "str-parameter-stops-at-slash": ("POST", "/users/ada/extra", 404, None),
    "query-string": ("GET", "/search?q=asgi", 200, {"q": "asgi"}),
    "no-route": ("GET", "/nowhere", 404, None),
    "wrong-method": ("GET", "/users/ada", 405, None),
}


@pytest.mark.parametrize(("method", "path", "status", "data"), ROUTING.values(), ids=ROUTING)
def test_the_router_runs_the_matching_route(
    impl: ModuleType, transcript: Transcript, method: str, path: str, status: int, data: Any
) -> None:
    transcript.note(
        "routes: / (GET), /items/{item_id:int} (GET), /users/{name} (POST, PUT), /search (GET)"
    )
    sent = transcript.asgi(make_router(impl), method, path)
    assert sent.status == status
    if data is not None:
        assert json.loads(sent.body) == data
    if status == 405:
        allow = (sent.header(b"allow") or b"").decode()
        assert {"POST", "PUT"} <= {m.strip() for m in allow.split(",")}, (
            "a 405 says which methods the path accepts, in an Allow header"
        )
