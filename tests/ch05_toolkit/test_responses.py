"""Responses: the same messages as Starlette's for a table of inputs, streaming over a real
server, FileResponse headers, HEAD and ETag."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import starlette.responses as theirs

from chapters.ch04_asgi import Server
from chapters.ch05_toolkit import responses as ours
from chapters.ch05_toolkit.types import Message
from chapters.support import serve_in_background


def scope_for(method: str = "GET") -> dict[str, Any]:
    return {"type": "http", "method": method, "path": "/", "headers": [], "query_string": b""}


async def run(app: Any, method: str = "GET") -> list[Message]:
    sent: list[Message] = []
    done = asyncio.Event()

    async def receive() -> Message:
        await done.wait()  # like a server: a disconnect only once the response is complete
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            done.set()

    await app(scope_for(method), receive, send)
    return sent


def wire(messages: list[Message]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    start, *body = messages
    return (
        start["status"],
        list(start["headers"]),
        b"".join(bytes(m.get("body", b"")) for m in body),
    )


CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("Response", (), {}),
    ("Response", (b"raw bytes",), {"media_type": "application/octet-stream"}),
    ("Response", ("text",), {"media_type": "text/csv"}),
    ("Response", ("x",), {"media_type": "text/plain; charset=latin-1"}),
    ("Response", (b"",), {"status_code": 204}),
    ("Response", (None,), {"status_code": 304, "headers": {"ETag": '"v1"'}}),
    ("PlainTextResponse", ("héllo",), {"status_code": 201}),
    ("PlainTextResponse", ("x",), {"headers": {"Content-Type": "text/x-mine", "X-Extra": "1"}}),
    ("PlainTextResponse", ("x",), {"headers": {"content-length": "1"}}),
    ("HTMLResponse", ("<h1>hi</h1>",), {}),
    ("JSONResponse", ({"a": [1, 2.5, None, True], "é": "ü"},), {}),
    ("JSONResponse", ([],), {"status_code": 422, "media_type": "application/problem+json"}),
    ("RedirectResponse", ("/next?q=a b&x=ü",), {}),
    ("RedirectResponse", ("https://example.com/x",), {"status_code": 303, "headers": {"X-A": "1"}}),
    ("StreamingResponse", ([b"a", "b", b"c"],), {"media_type": "text/plain"}),  # a sync iterable
]


@pytest.mark.parametrize(
    ("name", "args", "kwargs"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_same_messages_as_starlette(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    mine, ref = getattr(ours, name)(*args, **kwargs), getattr(theirs, name)(*args, **kwargs)
    assert wire(asyncio.run(run(mine))) == wire(asyncio.run(run(ref)))


def test_json_response_refuses_nan() -> None:
    with pytest.raises(ValueError):
        ours.JSONResponse({"x": float("nan")})


COOKIES: list[dict[str, Any]] = [
    {"key": "a"},
    {
        "key": "s",
        "value": "a b;c",
        "max_age": 60,
        "path": "/p",
        "domain": "example.com",
        "secure": True,
        "httponly": True,
        "samesite": "strict",
    },
    {
        "key": "e",
        "value": "v",
        "expires": datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        "samesite": None,
    },
    {"key": "e", "value": "v", "expires": 10, "path": None},
]


@pytest.mark.parametrize("cookie", COOKIES, ids=range(len(COOKIES)))
def test_set_cookie_matches_starlette(cookie: dict[str, Any]) -> None:
    mine, ref = ours.Response(), theirs.Response()
    mine.set_cookie(**cookie)
    ref.set_cookie(**cookie)
    mine.delete_cookie("gone", path="/x")
    ref.delete_cookie("gone", path="/x")
    assert mine.raw_headers == ref.raw_headers
    with pytest.raises(ValueError):
        mine.set_cookie("k", samesite="sometimes")  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", [ours.Response, ours.PlainTextResponse, ours.JSONResponse])
def test_head_gets_the_headers_and_no_body(cls: type[ours.Response]) -> None:
    status, headers, body = wire(
        asyncio.run(run(cls({"k": "v"} if cls is ours.JSONResponse else "body"), "HEAD"))
    )
    assert (
        status == 200
        and body == b""
        and (b"content-length", b"4" if cls is not ours.JSONResponse else b"9") in headers
    )


def test_streaming_accepts_async_iterables_and_runs_sync_ones_off_the_loop() -> None:
    threads: list[str] = []

    def blocking() -> Iterator[str]:
        for part in ("x", "y"):
            threads.append(threading.current_thread().name)
            yield part

    async def agen() -> AsyncIterator[bytes]:
        yield b"1"
        yield b"2"

    assert wire(asyncio.run(run(ours.StreamingResponse(agen()))))[2] == b"12"
    assert wire(asyncio.run(run(ours.StreamingResponse(blocking()))))[2] == b"xy"
    assert threading.main_thread().name not in threads
    assert wire(asyncio.run(run(ours.StreamingResponse(agen()), "HEAD")))[2] == b""


def test_streaming_stops_when_the_client_disconnects() -> None:
    produced: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for i in range(10_000):
            produced.append(i)
            await asyncio.sleep(0.001)
            yield b"."

    async def scenario() -> None:
        async def receive() -> Message:
            await asyncio.sleep(0.05)
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            pass

        await asyncio.wait_for(ours.StreamingResponse(endless())(scope_for(), receive, send), 5)

    asyncio.run(scenario())
    assert 0 < len(produced) < 10_000


def test_streaming_arrives_in_pieces_over_a_real_server() -> None:
    first_arrived = threading.Event()

    def pieces() -> Iterator[bytes]:
        yield b"piece 0\n"
        # The next piece is made only once the client holds the first, so the body cannot
        # have been collected whole before sending: it must stream.
        yield b"piece 1\n" if first_arrived.wait(5) else b"the first piece never arrived alone\n"

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        await ours.StreamingResponse(pieces(), media_type="text/plain")(scope, receive, send)

    with serve_in_background(Server(asgi, "127.0.0.1", 0, access_log=False)) as server:
        with requests.get(f"http://127.0.0.1:{server.port}/", stream=True, timeout=10) as response:
            assert response.headers["transfer-encoding"] == "chunked"
            lines = response.iter_lines()
            assert next(lines) == b"piece 0"
            first_arrived.set()
            assert list(lines) == [b"piece 1"]


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "hello.txt"
    path.write_bytes(b"hello file\n" * 20_000)  # > 64 KiB: several chunks
    return path


def test_file_response_headers_match_starlette(text_file: Path) -> None:
    stat_result = os.stat(text_file)
    for kwargs in [
        {},
        {"filename": "report.txt"},
        {"filename": "naïve résumé.txt"},
        {"media_type": "x/y"},
        {"headers": {"ETag": '"mine"'}, "content_disposition_type": "inline", "filename": "a.txt"},
    ]:
        mine = ours.FileResponse(text_file, stat_result=stat_result, **kwargs)
        ref = theirs.FileResponse(text_file, stat_result=stat_result, **kwargs)
        assert mine.raw_headers == [h for h in ref.raw_headers if h[0] != b"accept-ranges"], kwargs


def test_file_response_streams_the_file_in_chunks(text_file: Path) -> None:
    messages = asyncio.run(run(ours.FileResponse(text_file)))
    status, headers, body = wire(messages)
    assert status == 200 and body == text_file.read_bytes() and len(messages) > 3
    assert dict(headers)[b"content-type"] == b"text/plain; charset=utf-8"
    assert dict(headers)[b"content-length"] == str(len(body)).encode()


def test_file_response_to_head_has_headers_and_no_body(text_file: Path) -> None:
    get_headers = wire(asyncio.run(run(ours.FileResponse(text_file))))[1]
    for response, method in [
        (ours.FileResponse(text_file), "HEAD"),
        (ours.FileResponse(text_file, method="HEAD"), "GET"),
    ]:
        status, headers, body = wire(asyncio.run(run(response, method)))
        assert (status, body) == (200, b"") and headers == get_headers


def test_file_response_etag_is_stable_and_changes_with_the_file(text_file: Path) -> None:
    def etag() -> bytes:
        return dict(wire(asyncio.run(run(ours.FileResponse(text_file), "HEAD")))[1])[b"etag"]

    first = etag()
    assert first == etag() and first.startswith(b'"') and first.endswith(b'"')
    text_file.write_bytes(b"changed")
    os.utime(text_file, (1_000_000, 1_000_000))
    assert etag() != first


def test_file_response_missing_file_or_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="does not exist"):
        asyncio.run(run(ours.FileResponse(tmp_path / "nope")))
    with pytest.raises(RuntimeError, match="is not a file"):
        asyncio.run(run(ours.FileResponse(tmp_path)))
