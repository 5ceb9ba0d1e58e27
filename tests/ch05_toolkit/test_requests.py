"""Request and HTTPConnection: the scope's views (against Starlette's) and the body's rules."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import starlette.requests as theirs

from chapters.ch05_toolkit.datastructures import URLPath
from chapters.ch05_toolkit.requests import ClientDisconnect, HTTPConnection, Request, cookie_parser
from chapters.ch05_toolkit.types import Message


def scope_for(
    path: str = "/",
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "root_path": "",
        "query_string": query,
        "headers": headers or [(b"host", b"example.com")],
        "client": ("10.0.0.1", 5000),
        "server": ("example.com", 80),
    }
    scope.update(extra)
    return scope


SCOPES = [
    scope_for("/items/1", b"a=1&a=2&b="),
    scope_for("/sub/x", root_path="/sub"),
    scope_for(
        "/sub/x", root_path="/sub", app_root_path=""
    ),  # inside a Mount: base is the app's root
    scope_for(
        "/", headers=[(b"host", b"h"), (b"cookie", b'a=1; b="q u"; lone; a=2'), (b"cookie", b"c=3")]
    ),
    scope_for("/", scheme="https", server=("h", 443), headers=[], client=None),
]


@pytest.mark.parametrize("scope", SCOPES, ids=range(len(SCOPES)))
def test_connection_views_match_starlette(scope: dict[str, Any]) -> None:
    ours, ref = Request(dict(scope)), theirs.Request(dict(scope))
    assert str(ours.url) == str(ref.url) and str(ours.base_url) == str(ref.base_url)
    assert ours.headers.items() == ref.headers.items()
    assert ours.query_params.multi_items() == ref.query_params.multi_items()
    assert ours.cookies == ref.cookies and ours.client == ref.client and ours.method == ref.method
    assert ours.path_params == ref.path_params == {}


@pytest.mark.parametrize(
    "header",
    ["a=1; b=2", 'q="x y"', "lone", "k = v ; k2=v=2", "", '"quoted"="\\"esc\\""', "a=1; a=2"],
)
def test_cookie_parser_matches_starlette(header: str) -> None:
    assert cookie_parser(header) == theirs.cookie_parser(header)


def test_connection_is_a_read_only_view_of_the_scope() -> None:
    scope = scope_for(path_params={"id": 1}, app="the-app")
    connection = HTTPConnection(scope)
    assert (
        connection["path"] == "/"
        and len(connection) == len(scope)
        and set(connection) == set(scope)
    )
    assert connection.path_params == {"id": 1} and connection.app == "the-app"
    assert connection != HTTPConnection(scope)  # identity, not Mapping equality
    with pytest.raises(ValueError):
        HTTPConnection({"type": "lifespan"})


def test_state_is_backed_by_the_scope() -> None:
    scope = scope_for(state={"db": "conn"})
    request = Request(scope)
    request.state.user = "ada"
    assert scope["state"] == {"db": "conn", "user": "ada"}
    bare = scope_for()
    Request(bare).state.x = 1
    assert bare["state"] == {"x": 1}


class FakeRouter:
    def url_path_for(self, name: str, /, **params: Any) -> str | URLPath:
        path = f"/{name}/{params['id']}"
        return path if name == "plain" else URLPath(path, protocol="http")


@pytest.mark.parametrize("name", ["plain", "urlpath"])
def test_url_for_resolves_against_the_base_url(name: str) -> None:
    request = Request(scope_for("/sub/here", root_path="/sub", router=FakeRouter()))
    assert str(request.url_for(name, id=7)) == f"http://example.com/sub/{name}/7"
    with pytest.raises(RuntimeError):
        Request(scope_for()).url_for("x")


def receiver(*messages: Message) -> Any:
    queue = list(messages)

    async def receive() -> Message:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    return receive


def body_messages(*chunks: bytes) -> list[Message]:
    return [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]


async def collect(request: Request) -> list[bytes]:
    return [chunk async for chunk in request.stream()]


def test_stream_yields_the_pieces_then_an_empty_chunk_like_starlette() -> None:
    for cls in (Request, theirs.Request):
        request = cls(scope_for(method="POST"), receiver(*body_messages(b"ab", b"", b"cd")))
        assert asyncio.run(collect(request)) == [b"ab", b"cd", b""], cls


def test_body_is_read_once_and_cached_for_json_and_stream() -> None:
    async def scenario() -> tuple[bytes, Any, list[bytes]]:
        request = Request(scope_for(method="POST"), receiver(*body_messages(b'{"a":', b" [1, 2]}")))
        return await request.body(), await request.json(), await collect(request)

    assert asyncio.run(scenario()) == (b'{"a": [1, 2]}', {"a": [1, 2]}, [b'{"a": [1, 2]}', b""])


def test_reading_the_stream_twice_raises_stream_consumed() -> None:
    async def scenario() -> None:
        request = Request(scope_for(method="POST"), receiver(*body_messages(b"x")))
        await collect(request)
        with pytest.raises(RuntimeError, match="Stream consumed"):
            await collect(request)

    asyncio.run(scenario())


def test_a_disconnect_mid_body_raises_client_disconnect() -> None:
    async def scenario() -> bool:
        request = Request(
            scope_for(method="POST"),
            receiver({"type": "http.request", "body": b"x", "more_body": True}),
        )
        with pytest.raises(ClientDisconnect):
            await request.body()
        return await request.is_disconnected()

    assert asyncio.run(scenario()) is True


def test_is_disconnected_does_not_wait_for_a_message() -> None:
    async def scenario() -> tuple[bool, bool]:
        gone = asyncio.Event()

        async def receive() -> Message:
            await gone.wait()
            return {"type": "http.disconnect"}

        request = Request(scope_for(), receive)
        before = await request.is_disconnected()  # nothing ready: answers at once
        gone.set()
        return before, await request.is_disconnected()

    assert asyncio.run(asyncio.wait_for(scenario(), 2)) == (False, True)


def test_request_without_receive_says_so() -> None:
    with pytest.raises(RuntimeError, match="receive"):
        asyncio.run(Request(scope_for()).body())
    with pytest.raises(ValueError):
        Request({"type": "websocket", "headers": []})
