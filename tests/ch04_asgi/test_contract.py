"""Chapter 04's contract: ``Server(app, host, port)``, an ASGI server for ``http`` requests.

Run against the reference by default, and against yours with
``pytest tests/ch04_asgi --impl my_asgi`` (see README.md, "Build it yourself: the contract").
Each failure shows the raw request sent and the raw response that came back.
"""

from __future__ import annotations

import asyncio
import json
import threading
from types import ModuleType
from typing import Any

import pytest

from tests.workshop import TIMEOUT, Reply, Transcript, parse_http_reply, running

pytestmark = pytest.mark.timeout(30)


class App:
    """Any POST: the scope and body it got; ``/stream``, ``/fail``, ``/wait`` + ``/release``
    (a request that waits for another one); anything else: hello."""

    def __init__(self) -> None:
        self.waiting = threading.Event()  # /wait has started waiting
        self._release: asyncio.Event | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        path = scope["path"]
        if path == "/fail":
            raise RuntimeError("the application failed, on purpose")
        if scope["method"] == "POST":
            await reply(send, 200, json.dumps(await seen(scope, receive)).encode())
        elif path == "/stream":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            for part in (b"one ", b"two ", b"three"):
                await send({"type": "http.response.body", "body": part, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        elif path in ("/wait", "/release"):
            await self.wait_or_release(path, send)
        else:
            await reply(send, 201, b"Hello, ASGI!", [(b"x-app", b"contract")])

    async def wait_or_release(self, path: str, send: Any) -> None:
        if self._release is None:
            self._release = asyncio.Event()
        if path == "/release":
            self._release.set()
            await reply(send, 200, b"released")
            return
        self.waiting.set()
        await asyncio.wait_for(self._release.wait(), TIMEOUT)
        await reply(send, 200, b"was released")


async def reply(send: Any, status: int, body: bytes, headers: list[Any] | None = None) -> None:
    headers = [(b"content-length", str(len(body)).encode()), *(headers or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def seen(scope: dict[str, Any], receive: Any) -> dict[str, Any]:
    """What the app got, as JSON: the scope's keys and the body read through ``receive()``."""
    body, more = b"", True
    while more:
        message = await receive()
        assert message["type"] == "http.request", message
        body, more = body + message.get("body", b""), message.get("more_body", False)
    headers = scope.get("headers", [])
    return {
        "type": scope.get("type"),
        "asgi.version": scope.get("asgi", {}).get("version"),
        "http_version": scope.get("http_version"),
        "method": scope.get("method"),
        "scheme": scope.get("scheme"),
        "path": scope.get("path"),
        "raw_path": _text(scope.get("raw_path")),
        "query_string": _text(scope.get("query_string")),
        "root_path": scope.get("root_path"),
        "headers are bytes pairs": all(
            isinstance(n, bytes) and isinstance(v, bytes) for n, v in headers
        ),
        "headers": [[_text(n), _text(v)] for n, v in headers],
        "server": list(scope.get("server") or []),
        "client is (host, port)": len(scope.get("client") or ()) == 2,
        "body": body.decode("latin-1"),
    }


def _text(value: Any) -> Any:
    return value.decode("latin-1") if isinstance(value, bytes) else value


async def lifespan(receive: Any, send: Any) -> None:
    """The lifespan protocol, for a server that runs it (the contract does not ask for it)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def request(path: str, method: str = "GET", body: bytes = b"", extra: str = "") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra}"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def test_the_server_sends_the_apps_response(impl: ModuleType, transcript: Transcript) -> None:
    with running(transcript, impl.Server, App(), "127.0.0.1", 0) as server:
        reply = parse_http_reply(transcript.exchange(server.port, request("/hello")).data)
    assert (reply.status, reply.reason) == (201, "Created"), "the status of response.start"
    assert reply.header("x-app") == "contract", "the headers of http.response.start"
    assert reply.body == b"Hello, ASGI!"


def test_the_app_gets_the_http_scope_and_the_body(impl: ModuleType, transcript: Transcript) -> None:
    raw = request("/caf%C3%A9/x?lang=fr", "POST", b"ping", extra="X-Custom: Yes\r\n")
    with running(transcript, impl.Server, App(), "127.0.0.1", 0) as server:
        reply = parse_http_reply(transcript.exchange(server.port, raw).data)
        port = server.port
    assert reply.status == 200
    scope = json.loads(reply.body)
    assert ["x-custom", "Yes"] in scope.pop("headers"), "header names lowercased, values as sent"
    assert scope == {
        "type": "http",
        "asgi.version": "3.0",
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/café/x",  # percent-decoded, then UTF-8
        "raw_path": "/caf%C3%A9/x",  # as sent, without the query
        "query_string": "lang=fr",
        "root_path": "",
        "headers are bytes pairs": True,
        "server": ["127.0.0.1", port],
        "client is (host, port)": True,
        "body": "ping",  # from http.request messages, until more_body is False
    }


def test_a_streamed_response_arrives_whole(impl: ModuleType, transcript: Transcript) -> None:
    with running(transcript, impl.Server, App(), "127.0.0.1", 0) as server:
        reply = parse_http_reply(transcript.exchange(server.port, request("/stream")).data)
    assert reply.status == 200
    assert reply.body == b"one two three", "every http.response.body, until more_body is False"


def test_an_app_that_raises_gets_a_500_and_the_server_goes_on(
    impl: ModuleType, transcript: Transcript
) -> None:
    with running(transcript, impl.Server, App(), "127.0.0.1", 0) as server:
        failed = parse_http_reply(transcript.exchange(server.port, request("/fail")).data)
        assert failed.status == 500, "the app raised before http.response.start: answer 500"
        after = parse_http_reply(transcript.exchange(server.port, request("/hello")).data)
        assert after.status == 201, "one failing request must not stop the server"


def test_a_waiting_request_does_not_block_the_others(
    impl: ModuleType, transcript: Transcript
) -> None:
    app = App()
    with running(transcript, impl.Server, app, "127.0.0.1", 0) as server:
        waited: list[Reply] = []
        waiter = threading.Thread(
            target=lambda: waited.append(transcript.exchange(server.port, request("/wait"))),
            daemon=True,
        )
        waiter.start()
        assert app.waiting.wait(TIMEOUT), "GET /wait never reached the app"
        transcript.note("GET /wait is waiting in the app; now GET /release on a 2nd connection")
        released = parse_http_reply(transcript.exchange(server.port, request("/release")).data)
        waiter.join(TIMEOUT + 1)
    assert released.status == 200
    assert waited, "GET /wait never got an answer"
    assert parse_http_reply(waited[0].data).body == b"was released", (
        "while one request awaits, the event loop must serve the others"
    )
