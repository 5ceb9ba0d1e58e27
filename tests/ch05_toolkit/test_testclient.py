"""TestClient: requests in, responses out, cookies, errors, lifespan — checked against
Starlette's own TestClient driving the same app."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient as StarletteTestClient

from chapters.ch05_toolkit.requests import Request
from chapters.ch05_toolkit.responses import (
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from chapters.ch05_toolkit.testclient import TestClient
from chapters.ch05_toolkit.types import Receive, Scope, Send


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with what it saw; a few paths do something else."""
    if scope["type"] == "lifespan":
        await lifespan(scope, receive, send)
        return
    request = Request(scope, receive)
    if request.url.path == "/redirect":
        response: Response = RedirectResponse("/landed?from=redirect")
    elif request.url.path == "/set":
        response = PlainTextResponse("set")
        response.set_cookie("session", "abc")
    elif request.url.path == "/forget":
        response = PlainTextResponse("forgot")
        response.delete_cookie("session")
    elif request.url.path == "/boom":
        raise ValueError("boom")
    else:
        response = JSONResponse(
            {
                "method": request.method,
                "path": request.url.path,
                "query": request.query_params.multi_items(),
                "body": (await request.body()).decode(),
                "type": request.headers.get("content-type"),
                "x": request.headers.get("x-custom"),
                "cookies": request.cookies,
                "state": request.state._state,
            }
        )
    await response(scope, receive, send)


async def lifespan(scope: Scope, receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            scope["state"]["started"] = True
            await send({"type": "lifespan.startup.complete"})
        else:
            await send({"type": "lifespan.shutdown.complete"})
            return


REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/plain", {}),
    ("GET", "/q", {"params": {"b": ["2", "3"], "c": "x y"}}),
    ("POST", "/json", {"json": {"k": [1, "é"]}}),
    ("POST", "/form", {"data": {"f": "v w"}}),
    ("PUT", "/raw", {"content": b"\x00bytes"}),
    ("PATCH", "/headers", {"headers": {"X-Custom": "yes"}}),
    ("DELETE", "/cookie", {"cookies": {"c": "1"}}),
    ("GET", "/redirect", {}),
    ("OPTIONS", "/o", {}),
]


@pytest.mark.parametrize(("method", "url", "kwargs"), REQUESTS, ids=[r[1] for r in REQUESTS])
@pytest.mark.filterwarnings("ignore:Setting per-request cookies:DeprecationWarning")
def test_same_answers_as_starlettes_testclient(
    method: str, url: str, kwargs: dict[str, Any]
) -> None:
    ours, ref = (
        TestClient(echo).request(method, url, **kwargs),
        StarletteTestClient(echo).request(method, url, **kwargs),
    )
    assert ours.status_code == ref.status_code and ours.url == str(ref.url)
    theirs = ref.json()
    if kwargs.get("json"):  # httpx sends compact JSON, requests (our model) does not
        theirs["body"] = ours.json()["body"]
    assert ours.json() == theirs


def test_params_are_added_to_a_query_already_in_the_url_as_requests_does() -> None:
    assert TestClient(echo).get("/q?a=1", params=[("a", 2)]).json()["query"] == [
        ["a", "1"],
        ["a", "2"],
    ]


def test_response_api() -> None:
    response = TestClient(PlainTextResponse("hé", headers={"X-A": "1"})).get("/")
    assert (response.status_code, response.reason_phrase, response.ok, response.is_success) == (
        200,
        "OK",
        True,
        True,
    )
    assert response.headers["x-a"] == response.headers["X-A"] == "1"
    assert (
        response.content == "hé".encode() and response.text == "hé" and response.encoding == "utf-8"
    )
    assert TestClient(JSONResponse({"a": 1})).post("/").json() == {"a": 1}


def test_head_has_no_body() -> None:
    response = TestClient(PlainTextResponse("hello")).head("/")
    assert response.content == b"" and response.headers["content-length"] == "5"


def test_cookies_persist_across_requests_until_deleted() -> None:
    client = TestClient(echo)
    assert client.get("/set").cookies == {"session": "abc"}
    assert client.get("/see").json()["cookies"] == {"session": "abc"}
    client.get("/forget")
    assert client.get("/see").json()["cookies"] == {}


def test_redirects_are_followed_unless_asked_not_to() -> None:
    client = TestClient(echo)
    followed = client.get("/redirect")
    assert followed.json()["path"] == "/landed" and [r.status_code for r in followed.history] == [
        307
    ]
    assert (
        client.get("/redirect", follow_redirects=False).headers["location"]
        == "/landed?from=redirect"
    )


def test_server_exceptions_are_raised_by_default_or_answered_with_500() -> None:
    with pytest.raises(ValueError, match="boom"):
        TestClient(echo).get("/boom")
    response = TestClient(echo, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500


def test_an_app_that_sends_nothing_is_an_error() -> None:
    async def silent(scope: Scope, receive: Receive, send: Send) -> None:
        pass

    with pytest.raises(RuntimeError, match="without sending a response"):
        TestClient(silent).get("/")
    assert TestClient(silent, raise_server_exceptions=False).get("/").status_code == 500


def test_lifespan_runs_in_the_with_block_and_its_state_reaches_requests() -> None:
    assert TestClient(echo).get("/").json()["state"] == {}  # no `with`: no lifespan
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                events.append(message["type"])
                await send({"type": message["type"] + ".complete"})
                if message["type"] == "lifespan.shutdown":
                    return
        await echo(scope, receive, send)

    with TestClient(app) as client:
        assert events == ["lifespan.startup"]
        client.get("/")
    assert events == ["lifespan.startup", "lifespan.shutdown"]
    with TestClient(echo) as client:
        assert client.get("/").json()["state"] == {"started": True}


def test_a_failed_startup_raises_on_enter() -> None:
    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})

    async def raising(scope: Scope, receive: Receive, send: Send) -> None:
        raise LookupError("crashed in startup")

    with pytest.raises(RuntimeError, match="no database"), TestClient(failing):
        pass
    with pytest.raises(LookupError, match="crashed"), TestClient(raising):
        pass


def test_works_when_the_calling_thread_already_runs_an_event_loop() -> None:
    """As in Jupyter: the client must not need (or disturb) the caller's running loop."""

    async def notebook_cell() -> tuple[str, bool]:
        with TestClient(echo) as client:
            return client.get("/").json()["method"], client.get("/").json()["state"]["started"]

    assert asyncio.run(notebook_cell()) == ("GET", True)
