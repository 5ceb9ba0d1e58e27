"""Chapter 10's framework (``@app.websocket``, parameters, ``Depends``) against FastAPI.

``framework_app.py`` is written for FastAPI; it runs on real FastAPI on uvicorn (the
reference) and, imports swapped, on ours, on uvicorn and on chapter 10's server. Each
scenario is one conversation from a ``websockets`` client; the dependencies' log is compared
too. Then what no server shows: the ASGI messages of a validation error (1008), the errors
raised at registration, overrides, and the OpenAPI document without WebSocket routes.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Annotated, Any

import pytest

from chapters.ch08_openapi import Body, Depends, FastAPIError, InvalidParameterError
from chapters.ch10_websockets.applications import FastAPI
from chapters.ch10_websockets.websockets import WebSocket
from tests.ch04_asgi.servers import running_uvicorn
from tests.ch10_websockets.loading import load
from tests.ch10_websockets.serving import ServeFn, converse, run, serve, ws_url

__all__ = ["serve"]

SCENARIOS: dict[str, tuple[str, dict[str, Any]]] = {
    "params": ("/items/5?q=1&q=2", {"additional_headers": {"X-Token": "t"}}),
    "bad-path-param": ("/items/five", {}),
    "bad-query-param": ("/items/5?q=x", {}),
    "guard-refuses": ("/private?token=nope", {}),
    "guard-passes": ("/private?token=secret&name=ann", {"replies": 1, "close": (1001, "")}),
    "constrained": ("/limited?size=2", {}),
    "constraint-broken": ("/limited?size=9", {}),
    "required-missing": ("/limited", {}),
    "exception-after-accept": ("/taken/admin", {}),
    "router": ("/v1/rooms/blue?token=secret", {"send": ["hi"], "replies": 1, "close": (1000, "")}),
    "router-guard": ("/v1/rooms/blue", {}),
}

EXPECTED = {
    "params": {"received": ['{"item_id":5,"q":[1,2],"x_token":"t","db":"db"}']},
    "bad-path-param": {"status": 403},
    "bad-query-param": {"status": 403},
    "guard-refuses": {"status": 403},
    "guard-passes": {"received": ["welcome ann@/private"]},
    "constrained": {"received": ["0", "1"], "closed": (4002, "")},
    "constraint-broken": {"status": 403},
    "required-missing": {"status": 403},
    "exception-after-accept": {"closed": (4001, "admin is taken")},
    "router": {"received": ["anonymous@/v1/rooms/blue in blue: hi"], "closed": (1000, "")},
    "router-guard": {"status": 403},
}


def get_json(port: int, path: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return json.load(response)


def observe(framework: str, serve: ServeFn) -> dict[str, Any]:
    module = load("framework_app", framework)
    seen: dict[str, Any] = {}
    with serve(module.app) as running:
        for name, (path, options) in SCENARIOS.items():
            seen[name] = run(converse(ws_url(running, path), **options))
            seen[f"{name} log"] = get_json(running.port, "/log")
        seen["http"] = get_json(running.port, "/v1/rooms/blue/info?token=secret")
    return seen


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return observe("real", running_uvicorn)


def test_fastapi_says_what_the_scenarios_expect(reference: dict[str, Any]) -> None:
    for name, expected in EXPECTED.items():
        assert {key: reference[name].get(key) for key in expected} == expected, name
    assert reference["params log"] == ["resource opened", "endpoint done", "resource closed"]
    assert reference["guard-passes log"] == ["token checked", ["private left", 1001]]


def test_ours_has_the_same_conversations_and_log_as_fastapi(
    reference: dict[str, Any], serve: ServeFn
) -> None:
    assert observe("ours", serve) == reference


def test_openapi_leaves_websockets_out() -> None:
    ours, real = load("framework_app", "ours").app, load("framework_app", "real").app
    assert list(ours.openapi()["paths"]) == list(real.openapi()["paths"])
    assert list(ours.openapi()["paths"]) == ["/log", "/v1/rooms/{room}/info"]


def asgi_messages(app: Any, path: str, query: bytes = b"") -> list[dict[str, Any]]:
    """What ``app`` sends for one connection whose client connects, then closes at once."""
    sent: list[dict[str, Any]] = []
    incoming = [{"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1000}]

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "subprotocols": [],
        "state": {},
    }
    run(app(scope, receive, send))
    return sent


def test_a_validation_error_closes_with_1008_and_the_errors() -> None:
    """FastAPI's handler: close with WS_1008_POLICY_VIOLATION, the errors as the reason."""
    ours = asgi_messages(load("framework_app", "ours").app, "/limited", b"size=9")
    real = asgi_messages(load("framework_app", "real").app, "/limited", b"size=9")
    assert [m["code"] for m in ours] == [m["code"] for m in real] == [1008]
    assert json.loads(ours[0]["reason"]) == real[0]["reason"]  # FastAPI sends the list itself
    assert real[0]["reason"][0]["loc"] == ["query", "size"]


def test_overrides_reach_websocket_endpoints() -> None:
    module = load("framework_app", "ours")
    module.app.dependency_overrides[module.token] = lambda: "overridden"
    sent = asgi_messages(module.app, "/v1/rooms/red")  # no token: only the override lets it in
    assert [message["type"] for message in sent] == ["websocket.accept"]
    module.app.dependency_overrides.clear()
    assert [m["code"] for m in asgi_messages(module.app, "/v1/rooms/red")] == [1008]


def needs_body(payload: Annotated[list[int], Body()]) -> int:
    return len(payload)


def test_misuse_is_refused_at_registration() -> None:
    app = FastAPI()

    with pytest.raises(FastAPIError, match="must be an `async def`"):

        @app.websocket("/sync")
        def sync_endpoint(websocket: WebSocket) -> None: ...

    with pytest.raises(InvalidParameterError, match="no request body, yet item would be read"):

        @app.websocket("/body")
        async def body_endpoint(websocket: WebSocket, item: Annotated[dict, Body()]) -> None: ...

    with pytest.raises(InvalidParameterError, match="payload"):

        @app.websocket("/dependency-body")
        async def dependency_body(count: Annotated[int, Depends(needs_body)]) -> None: ...
