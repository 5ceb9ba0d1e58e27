"""Chapter 10's toolkit (``WebSocket``, ``WebSocketRoute`` on chapter 05's router) against Starlette.

``toolkit_app.py`` is written for Starlette; it runs on real Starlette on uvicorn (the
reference) and, with its imports swapped, on ours on uvicorn and on chapter 10's server.
Each scenario is one conversation seen from a ``websockets`` client (handshake status,
subprotocol, messages, close code and reason); the three runs must agree, and the reference
must say what the scenario's comment says (so agreement on a wrong answer cannot pass).
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from chapters.ch05_toolkit import Router
from chapters.ch10_websockets.routing import WebSocketRoute
from chapters.ch10_websockets.websockets import WebSocket
from tests.ch04_asgi.servers import running_uvicorn
from tests.ch10_websockets.loading import load
from tests.ch10_websockets.serving import ServeFn, converse, run, serve, ws_url

__all__ = ["serve"]  # the fixture, imported for pytest

SCENARIOS: dict[str, tuple[str, dict[str, Any]]] = {
    "echo": ("/echo", {"send": ["a", "é"], "replies": 2, "close": (1000, "")}),
    "bytes": ("/bytes", {"send": [b"\x00\x01\xff"], "replies": 1, "close": (1000, "")}),
    "json": ("/json", {"send": ['{"n": [1, 2]}'], "replies": 1, "close": (1000, "")}),
    "room": ("/rooms/7?x=1", {}),
    "room-subprotocol": ("/rooms/2", {"subprotocols": ["chat.v1", "chat.v2"]}),
    "mounted": ("/sub/echo/hey", {"send": ["b"], "replies": 1, "close": (1000, "")}),
    "no-route": ("/nowhere", {}),
    "http-route-as-websocket": ("/", {}),
    "refuse": ("/refuse", {}),
    "refuse-by-exception": ("/refuse-by-exception", {}),
    "close-by-exception": ("/close-by-exception", {}),
    "crash": ("/crash", {}),
    "record-close": ("/record-close", {"close": (4321, "bye now")}),
}

EXPECTED = {
    "echo": {"received": ["echo: a", "echo: é"], "closed": (1000, "")},
    "bytes": {"received": [b"\xff\x01\x00"], "closed": (1000, "")},
    "json": {"received": ['{"got":{"n":[1,2]},"path":"/json"}'], "closed": (1000, "")},
    "room": {
        "received": ['{"params":{"number":7},"query":{"x":"1"}}'],
        "closed": (4007, "done"),
        "subprotocol": None,
    },
    "room-subprotocol": {"subprotocol": "chat.v2", "closed": (4002, "done")},
    "mounted": {"received": ["echo: b"], "closed": (1000, "")},
    "no-route": {"status": 403},
    "http-route-as-websocket": {"status": 403},
    "refuse": {"status": 403},
    "refuse-by-exception": {"status": 403},
    "close-by-exception": {"received": ["hello"], "closed": (4003, "go away")},
    # uvicorn drops the connection (no close frame: 1006); RFC 6455 §7.4.1 would allow 1011.
    "crash": {"received": ["about to fail"], "closed": None},
    "record-close": {"closed": (4321, "bye now")},
}


def get_json(port: int, path: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return json.load(response)


def observe(framework: str, serve: ServeFn) -> dict[str, Any]:
    """Every scenario against ``toolkit_app.py`` on ``framework``, then what the app logged."""
    module = load("toolkit_app", framework)
    seen: dict[str, Any] = {}
    with serve(module.app) as running:
        for name, (path, options) in SCENARIOS.items():
            seen[name] = run(converse(ws_url(running, path), **options))
        seen["log"] = get_json(running.port, "/log")
    return seen


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return observe("real", running_uvicorn)


def test_starlette_says_what_the_scenarios_expect(reference: dict[str, Any]) -> None:
    for name, expected in EXPECTED.items():
        assert {key: reference[name].get(key) for key in expected} == expected, name


def test_ours_has_the_same_conversations_as_starlette(
    reference: dict[str, Any], serve: ServeFn
) -> None:
    ours = observe("ours", serve)
    # A choice the RFC leaves to the server, not the framework: how to end a connection whose
    # app crashed (1011 or drop it: 1006). The Close echoing the client's carries its code and
    # its reason on both servers, so "record-close" is compared as it is.
    if ours["crash"]["closed"] == (1011, ""):
        ours["crash"]["closed"] = None
    assert {name: ours[name] for name in SCENARIOS} == {name: reference[name] for name in SCENARIOS}
    assert ours["log"] == reference["log"]


def test_what_the_endpoints_saw_of_the_client(reference: dict[str, Any]) -> None:
    """The client's close code reached the endpoint; the states ended DISCONNECTED."""
    assert ["client closed", 4321, "bye now"] in reference["log"]
    assert ["echo ended", "DISCONNECTED", "CONNECTED"] in reference["log"]


def test_url_path_for_a_websocket_route() -> None:
    app = load("toolkit_app", "ours").app
    url = app.url_path_for("room", number=3)
    assert (str(url), url.protocol) == ("/rooms/3", "websocket")
    assert str(app.url_path_for("sub_echo", word="x")) == "/sub/echo/x"
    real = load("toolkit_app", "real").app.url_path_for("room", number=3)
    assert (str(real), real.protocol) == (str(url), url.protocol)


def test_a_websocket_route_matches_websocket_scopes_only() -> None:
    async def endpoint(websocket: WebSocket) -> None: ...

    route = WebSocketRoute("/ws/{n:int}", endpoint)
    websocket_scope = {"type": "websocket", "path": "/ws/3", "root_path": ""}
    match, child = route.matches(websocket_scope)
    assert (match.name, child["path_params"]) == ("FULL", {"n": 3})
    assert route.matches({**websocket_scope, "type": "http", "method": "GET"})[0].name == "NONE"
    assert route.matches({**websocket_scope, "path": "/ws/x"})[0].name == "NONE"


def test_a_router_without_a_match_refuses_with_1000() -> None:
    """Chapter 05's router, unchanged, refuses an unmatched WebSocket as Starlette does."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    router = Router(routes=[WebSocketRoute("/ws", lambda websocket: None)])
    run(router({"type": "websocket", "path": "/other", "root_path": ""}, receive, send))
    assert sent == [{"type": "websocket.close", "code": 1000}]


def test_a_websocket_route_on_its_own_refuses_what_it_does_not_match() -> None:
    """As Starlette's ``BaseRoute.__call__``: a close (the server's 403), not an HTTP 404."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def endpoint(websocket: WebSocket) -> None:
        await websocket.close(code=4000)

    route = WebSocketRoute("/ws", endpoint)
    run(route({"type": "websocket", "path": "/other", "root_path": ""}, receive, send))
    run(route({"type": "websocket", "path": "/ws", "root_path": ""}, receive, send))
    assert sent == [
        {"type": "websocket.close", "code": 1000, "reason": ""},
        {"type": "websocket.close", "code": 4000, "reason": ""},
    ]
