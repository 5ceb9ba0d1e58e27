"""The application: Starlette code runs unchanged but for its imports; failures; lifespan; servers.

The oracle is Starlette itself: ``docs_apps.py`` is loaded once with Starlette's imports and
once with ours, both are served by chapter 04's server, and every request must get the same
status, headers and body from both.
"""

from __future__ import annotations

import contextlib
import re
import types
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from chapters.ch05_toolkit import Middleware, PlainTextResponse, Request, Response, Route, Starlette
from chapters.ch05_toolkit.types import ASGIApp, Receive, Scope, Send
from tests.ch04_asgi.servers import SERVERS, TIMEOUT, Running, running_ours

DOCS_APPS = Path(__file__).with_name("docs_apps.py")
STARLETTE_IMPORT = re.compile(r"^from starlette(?:\.\w+)* import", flags=re.MULTILINE)


def load_apps(toolkit: str) -> types.ModuleType:
    """``docs_apps.py`` as written (``"starlette"``) or with its imports changed (``"ours"``)."""
    source = DOCS_APPS.read_text()
    if toolkit == "ours":
        source = STARLETTE_IMPORT.sub("from chapters.ch05_toolkit import", source)
    module = types.ModuleType(f"docs_apps_{toolkit}")
    exec(compile(source, str(DOCS_APPS), "exec"), module.__dict__)  # noqa: S102  # our own test file
    return module


def test_only_the_import_lines_differ() -> None:
    original = DOCS_APPS.read_text().splitlines()
    changed = STARLETTE_IMPORT.sub("from chapters.ch05_toolkit import", DOCS_APPS.read_text()).splitlines()
    differing = [a for a, b in zip(original, changed, strict=True) if a != b]
    assert differing and all(line.startswith("from starlette") for line in differing)


REQUESTS: list[tuple[str, str, str, dict[str, str], bytes]] = [
    ("hello_app", "GET", "/", {}, b""),
    ("hello_app", "HEAD", "/", {}, b""),
    ("hello_app", "GET", "/missing", {}, b""),
    ("routing_app", "GET", "/users/", {}, b""),
    ("routing_app", "GET", "/users", {}, b""),  # 307 to /users/
    ("routing_app", "POST", "/users/", {"Content-Type": "application/json"}, b'{"name": "ann"}'),
    ("routing_app", "GET", "/users/me", {}, b""),
    ("routing_app", "GET", "/users/ann", {}, b""),
    ("routing_app", "DELETE", "/users/ann", {}, b""),  # 405
    ("routing_app", "GET", "/items/21?sort=asc", {}, b""),
    ("routing_app", "GET", "/items/abc", {}, b""),
    ("routing_app", "GET", "/legacy", {}, b""),
    ("exceptions_app", "GET", "/forbidden", {}, b""),
    ("exceptions_app", "GET", "/teapot", {}, b""),
    ("exceptions_app", "GET", "/nowhere", {}, b""),
    ("exceptions_app", "POST", "/forbidden", {}, b""),
    ("exceptions_app", "GET", "/error", {}, b""),
    ("middleware_app", "GET", "/", {"Origin": "https://example.org"}, b""),
    ("middleware_app", "GET", "/", {"Origin": "https://evil.example"}, b""),
    ("middleware_app", "OPTIONS", "/", {"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}, b""),
    ("middleware_app", "GET", "/big", {"Accept-Encoding": "gzip"}, b""),
    ("middleware_app", "GET", "/big", {"Accept-Encoding": "identity"}, b""),
    ("middleware_app", "GET", "/stream", {"Accept-Encoding": "gzip"}, b""),
    ("middleware_app", "GET", "/missing", {"Origin": "https://example.org"}, b""),
    ("lifespan_app", "GET", "/", {}, b""),
]
SKIPPED_HEADERS = {"date", "server"}


def answer(server: Running, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any], bytes]:
    """Status, headers and (decoded) body, comparable across servers and toolkits."""
    headers = {"Accept-Encoding": "identity", **headers}
    response = requests.request(method, server.url(path), headers=headers, data=body, allow_redirects=False, timeout=TIMEOUT)
    seen: dict[str, Any] = {k.lower(): v for k, v in response.headers.items() if k.lower() not in SKIPPED_HEADERS}
    if "allow" in seen:  # Starlette joins a set: the order is arbitrary there, sorted here
        seen["allow"] = set(seen["allow"].split(", "))
    if "vary" in seen:  # Starlette names the Private Network Access draft, which we leave out
        seen["vary"] = seen["vary"].replace(", Access-Control-Request-Private-Network", "")
    content = response.content.replace(str(server.port).encode(), b"PORT")
    seen = {k: v.replace(str(server.port), "PORT") if isinstance(v, str) else v for k, v in seen.items()}
    return response.status_code, seen, content


@pytest.fixture(scope="module")
def served() -> Iterator[dict[tuple[str, str], Running]]:
    """Every docs app from both toolkits, on chapter 04's server."""
    with contextlib.ExitStack() as stack:
        running = {}
        for toolkit in ("starlette", "ours"):
            module = load_apps(toolkit)
            for name in {row[0] for row in REQUESTS}:
                running[toolkit, name] = stack.enter_context(running_ours(getattr(module, name), lifespan="on"))
        yield running


@pytest.mark.parametrize(("app", "method", "path", "headers", "body"), REQUESTS, ids=[f"{r[0]}:{r[1]} {r[2]}" for r in REQUESTS])
def test_starlette_code_gives_the_same_answers_on_our_toolkit(
    served: dict[tuple[str, str], Running], app: str, method: str, path: str, headers: dict[str, str], body: bytes
) -> None:
    theirs = answer(served["starlette", app], method, path, headers, body)
    ours = answer(served["ours", app], method, path, headers, body)
    assert ours == theirs


def test_our_toolkit_answers_alike_on_chapter_04_and_on_uvicorn() -> None:
    module = load_apps("ours")
    answers = {}
    for name, serve in SERVERS.items():
        with serve(module.routing_app) as server, serve(module.middleware_app) as middleware_server:
            answers[name] = [answer(server, *row[1:]) for row in REQUESTS if row[0] == "routing_app"]
            answers[name] += [answer(middleware_server, *row[1:]) for row in REQUESTS if row[0] == "middleware_app"]
    assert answers["ch04"] == answers["uvicorn"]


# -- failures: a 500, and the server keeps serving -----------------------------------------------


class FailingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/middleware-fails":
            raise RuntimeError("middleware failed")
        await self.app(scope, receive, send)


async def fails(request: Request) -> Response:
    raise ZeroDivisionError("endpoint failed")


async def ok(request: Request) -> Response:
    return PlainTextResponse("still here")


def test_exceptions_in_middleware_or_endpoint_give_500_and_the_server_keeps_serving() -> None:
    app = Starlette(routes=[Route("/", ok), Route("/fails", fails)], middleware=[Middleware(FailingMiddleware)])
    # A fresh connection per request: ServerErrorMiddleware re-raises after its 500, and the
    # server (like uvicorn) then closes that connection, so a reused one could be reset.
    with running_ours(app) as server:
        for path in ("/fails", "/middleware-fails", "/fails"):
            response = requests.get(server.url(path), timeout=TIMEOUT)
            assert (response.status_code, response.text) == (500, "Internal Server Error")
            assert requests.get(server.url("/"), timeout=TIMEOUT).text == "still here"


# -- lifespan ----------------------------------------------------------------------------------


def test_lifespan_runs_startup_and_shutdown_and_shares_its_state() -> None:
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        events.append(f"startup {type(app).__name__}")
        yield {"db": "connected"}
        events.append("shutdown")

    async def endpoint(request: Request) -> Response:
        return PlainTextResponse(request.state.db)

    app = Starlette(routes=[Route("/", endpoint)], lifespan=lifespan)
    for serve in SERVERS.values():
        with serve(app, lifespan="on") as server:
            assert requests.get(server.url("/"), timeout=TIMEOUT).text == "connected"
            assert events[-1] == "startup Starlette"
        assert events[-1] == "shutdown"


def test_a_failing_startup_stops_the_server_from_starting() -> None:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        raise RuntimeError("no database")
        yield

    from chapters.ch04_asgi import Server

    server = Server(Starlette(lifespan=lifespan), "127.0.0.1", 0, lifespan="on", access_log=False)
    try:
        server.serve_forever()  # returns at once: startup failed
    finally:
        server.server_close()
    assert server.startup_failed


def test_app_state_url_path_for_and_add_route() -> None:
    app = Starlette()
    app.state.counter = 1
    app.add_route("/hi/{name}", ok, name="hi")

    @app.route("/decorated", methods=["POST"])
    async def decorated(request: Request) -> Response:
        return PlainTextResponse("decorated")

    assert app.state.counter == 1
    assert app.url_path_for("hi", name="ann") == "/hi/ann"
    assert app.url_path_for("decorated") == "/decorated"
    assert [type(route).__name__ for route in app.routes] == ["Route", "Route"]
