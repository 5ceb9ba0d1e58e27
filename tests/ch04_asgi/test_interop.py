"""Real Starlette and FastAPI apps, unchanged, on our server, checked against uvicorn.

The differential test sends the same requests to the same app on both servers and compares
what a client sees: status, body and the headers that frame it. The rest pins down what the
apps must do on ours (routes, JSON bodies, path and query parameters, streaming, background
tasks, lifespan state), so that "same as uvicorn" can't hide "both broken".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from tests.ch04_asgi.frameworks import FRAMEWORKS, FrameworkApp
from tests.ch04_asgi.servers import TIMEOUT, Running, running_ours, running_uvicorn


@dataclass
class Pair:
    framework: str
    ours: Running
    ours_app: FrameworkApp
    uvicorn: Running


@pytest.fixture(scope="module", params=list(FRAMEWORKS))
def pair(request: pytest.FixtureRequest) -> Iterator[Pair]:
    """The framework's app on our server and (a second instance) on uvicorn, lifespan on."""
    make = FRAMEWORKS[request.param]
    with ExitStack() as stack:
        ours_app = make()
        ours = stack.enter_context(running_ours(ours_app.app, lifespan="on"))
        theirs = stack.enter_context(running_uvicorn(make().app, lifespan="on"))
        yield Pair(request.param, ours, ours_app, theirs)


CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/", {}),
    ("GET", "/items/42?q=hi", {}),
    ("GET", "/items/42", {}),
    ("GET", "/items/abc", {}),  # not an int: 404 from Starlette's converter, 422 from FastAPI
    ("POST", "/items", {"json": {"name": "pen", "price": 1.5}}),
    ("DELETE", "/", {}),  # 405
    ("HEAD", "/", {}),
    ("GET", "/missing", {}),  # 404
    ("GET", "/stream", {}),
    ("GET", "/state", {}),
    ("POST", "/items", {"json": {"name": "pen"}}),  # FastAPI: 422, price missing
    # FastAPI: 422. Starlette: request.json() raises; its ServerErrorMiddleware sends a 500
    # and re-raises, so the server sees an exception after a complete response.
    ("POST", "/items", {"data": b"{not json", "headers": {"content-type": "application/json"}}),
]
FRAMING_HEADERS = ("content-type", "content-length", "transfer-encoding", "allow")


def seen_by_client(server: Running, method: str, path: str, options: dict[str, Any]) -> dict[str, Any]:
    response = requests.request(method, server.url(path), timeout=TIMEOUT, **options)
    return {
        "status": response.status_code,
        "body": response.content,
        **{name: response.headers.get(name) for name in FRAMING_HEADERS},
    }


@pytest.mark.parametrize("method, path, options", CASES, ids=[f"{m} {p} {next(iter(o.values())) if o else ''}"[:60].strip() for m, p, o in CASES])
def test_same_answers_as_uvicorn(pair: Pair, method: str, path: str, options: dict[str, Any]) -> None:
    ours = seen_by_client(pair.ours, method, path, options)
    reference = seen_by_client(pair.uvicorn, method, path, options)
    assert ours == reference


def get(pair: Pair, path: str) -> requests.Response:
    return requests.get(pair.ours.url(path), timeout=TIMEOUT)


def test_path_and_query_parameters(pair: Pair) -> None:
    response = get(pair, "/items/42?q=hi")
    assert response.status_code == 200
    assert response.json() == {"id": 42, "q": "hi"}


def test_json_body(pair: Pair) -> None:
    response = requests.post(pair.ours.url("/items"), json={"name": "pen", "price": 1.5}, timeout=TIMEOUT)
    assert response.status_code == 201
    body = response.json()
    assert body == ({"created": {"name": "pen", "price": 1.5}} if pair.framework == "starlette" else {"name": "pen", "price": 1.5})


def test_streaming_response(pair: Pair) -> None:
    response = get(pair, "/stream")
    assert response.status_code == 200
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.content == b"part 0\npart 1\npart 2\n"


def test_background_task_runs_after_the_response(pair: Pair) -> None:
    pair.ours_app.background_done.clear()
    response = get(pair, "/background")
    assert response.status_code == 200
    assert pair.ours_app.background_done.wait(TIMEOUT)


def test_lifespan_state_reaches_the_requests(pair: Pair) -> None:
    assert get(pair, "/state").json() == {"started": "yes"}


def test_unknown_route_and_method(pair: Pair) -> None:
    assert get(pair, "/missing").status_code == 404
    assert requests.delete(pair.ours.url("/"), timeout=TIMEOUT).status_code == 405
