"""Raw ASGI applications for the chapter 04 tests (no framework: each message is visible).

They use only the ASGI contract, so they run unchanged on our server and on uvicorn: the
differential tests run them on both. Apps that must be coordinated with the test (a
streaming response, a slow endpoint, a request cancelled at shutdown) are classes holding
``threading.Event``\\ s: the test thread sets or waits on them, and the app waits on them
through ``asyncio.to_thread`` with a bound, so a broken server fails a test instead of
hanging it.

``hello`` is also the application of the command-line tests
(``python -m chapters.ch04_asgi tests.ch04_asgi.apps:hello``).
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from chapters.ch04_asgi import Message, Receive, Scope, Send

WAIT = 10.0  # the longest an app waits for the test; tests themselves wait less

HELLO = b"Hello, world!"
TEXT = [(b"content-type", b"text/plain; charset=utf-8")]


async def respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """A complete response with a Content-Length, in the two messages the spec asks for."""
    head = [*(headers if headers is not None else TEXT), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


async def read_body(receive: Receive) -> tuple[bytes, int]:
    """The whole request body, and how many ``http.request`` messages it came in."""
    body, messages = b"", 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise RuntimeError(f"client left before the body ended: {message!r}")
        body += message.get("body", b"")
        messages += 1
        if not message.get("more_body", False):
            return body, messages


async def wait_for(event: threading.Event, timeout: float = WAIT) -> None:
    if not await asyncio.to_thread(event.wait, timeout):
        raise TimeoutError("the test never released the app")


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    """GET anything: 200 "Hello, world!". Raises on a lifespan scope (as many apps do)."""
    assert scope["type"] == "http", f"hello only speaks HTTP, not {scope['type']!r}"
    await respond(send, 200, HELLO)


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """The request body back, with a Content-Length; ``x-messages``: how many receive()s it took."""
    assert scope["type"] == "http"
    body, messages = await read_body(receive)
    await respond(send, 200, body, [*TEXT, (b"x-messages", b"%d" % messages)])


async def path_echo(scope: Scope, receive: Receive, send: Send) -> None:
    """The request path as the body (for pipelining: which answer is whose)."""
    assert scope["type"] == "http"
    await respond(send, 200, scope["path"].encode())


def jsonable(value: Any) -> Any:
    """Scope values as JSON: bytes become latin-1 strings, tuples lists."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    return value


SCOPE_KEYS = ("type", "asgi", "http_version", "method", "scheme", "path", "raw_path", "query_string", "root_path", "headers", "client", "server")


async def scope_app(scope: Scope, receive: Receive, send: Send) -> None:
    """The request's scope, as JSON (the keys the ASGI HTTP spec defines)."""
    assert scope["type"] == "http"
    dump = {key: jsonable(scope.get(key, "<missing>")) for key in SCOPE_KEYS}
    await respond(send, 200, json.dumps(dump).encode(), [(b"content-type", b"application/json")])


async def framing(scope: Scope, receive: Receive, send: Send) -> None:
    """``/length``: a body with Content-Length; ``/chunks``: the same body, no length, in pieces."""
    assert scope["type"] == "http"
    if scope["path"] == "/length":
        await respond(send, 200, HELLO)
        return
    await send({"type": "http.response.start", "status": 200, "headers": TEXT})
    for piece in (b"Hello", b", ", b"world!"):
        await send({"type": "http.response.body", "body": piece, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


MEGABYTE = 1024 * 1024


def megabyte() -> bytes:
    """1 MB that is not all one byte (a shifted or dropped piece changes it)."""
    return bytes(range(256)) * (MEGABYTE // 256)


async def download(scope: Scope, receive: Receive, send: Send) -> None:
    """1 MB, sent in 64 KB pieces without a Content-Length (so: chunked)."""
    assert scope["type"] == "http"
    data = megabyte()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/octet-stream")]})
    for start in range(0, len(data), 65536):
        await send({"type": "http.response.body", "body": data[start : start + 65536], "more_body": True})
    await send({"type": "http.response.body", "body": b""})


class ConnectionRecorder:
    """Answers every request and notes ``scope["client"]``: one address = one connection."""

    def __init__(self) -> None:
        self.clients: list[tuple[str, int]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        self.clients.append(tuple(scope["client"]))
        await respond(send, 200, b"request %d" % len(self.clients))


class Streamer:
    """Sends ``first``, then waits for the test's ``release`` before sending ``second``."""

    def __init__(self) -> None:
        self.release = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        await send({"type": "http.response.start", "status": 200, "headers": TEXT})
        await send({"type": "http.response.body", "body": b"first", "more_body": True})
        await wait_for(self.release)
        await send({"type": "http.response.body", "body": b"second"})


class SlowAndFast:
    """``/slow`` holds its answer until ``release``; every other path answers at once."""

    def __init__(self) -> None:
        self.entered = threading.Event()  # /slow is running
        self.release = threading.Event()
        self.finished = threading.Event()  # /slow sent its whole response
        self.cancelled = threading.Event()  # /slow was cancelled (shutdown timeout)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        if scope["path"] != "/slow":
            await respond(send, 200, b"fast")
            return
        self.entered.set()
        try:
            await wait_for(self.release)
        except asyncio.CancelledError:
            self.cancelled.set()
            raise
        await respond(send, 200, b"slow")
        self.finished.set()


class Hanging:
    """Never answers; notes whether it was cancelled (what a server does past its shutdown timeout)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.cancelled = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        self.entered.set()
        try:
            await asyncio.sleep(WAIT)
        except asyncio.CancelledError:
            self.cancelled.set()
            raise


class Rendezvous:
    """Answers no request until ``expected`` requests are in flight at once (then all of them).

    So every answer proves that that many connections were open and being served together.
    """

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.arrived = 0
        self.everyone: asyncio.Event | None = None  # created in the server's loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        if self.everyone is None:
            self.everyone = asyncio.Event()
        self.arrived += 1
        if self.arrived >= self.expected:
            self.everyone.set()
        await asyncio.wait_for(self.everyone.wait(), WAIT)
        await respond(send, 200, scope["path"].encode())


class DisconnectWatcher:
    """Starts a response, then listens: what does receive() say once the client is gone?"""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.done = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        if scope["path"] != "/stream":
            await respond(send, 200, b"still here")
            return
        await send({"type": "http.response.start", "status": 200, "headers": TEXT})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        try:
            while True:  # first the (empty) request body, then, once the client left, a disconnect
                message = await asyncio.wait_for(receive(), WAIT)
                self.messages.append(message["type"])
                if message["type"] == "http.disconnect":
                    break
            # Sending to a gone client is not an error the app has to handle.
            await send({"type": "http.response.body", "body": b"too late", "more_body": True})
        finally:
            self.done.set()


class ContinueApp:
    """``/read`` waits for ``go`` before calling receive() (and echoes the body);
    ``/reject`` answers 413 without ever calling receive()."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.go = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        if scope["path"] == "/reject":
            await respond(send, 413, b"too large")
            return
        self.entered.set()
        await wait_for(self.go)
        body, _ = await read_body(receive)
        await respond(send, 200, body)


# -- apps that break the rules: the server's failure policy ---------------------------------


async def body_before_start(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    await send({"type": "http.response.body", "body": b"no head"})


async def start_twice(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    start: Message = {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"5")]}
    await send(start)
    await send(start)
    await send({"type": "http.response.body", "body": b"hello"})


async def no_response(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"


async def raise_before_start(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    raise ValueError("broken before the response")


async def raise_after_start(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"10")]})
    await send({"type": "http.response.body", "body": b"12345", "more_body": True})
    raise ValueError("broken in the middle of the body")


BROKEN = {
    "/body-before-start": body_before_start,
    "/start-twice": start_twice,
    "/no-response": no_response,
    "/raise-before-start": raise_before_start,
    "/raise-after-start": raise_after_start,
}


async def broken(scope: Scope, receive: Receive, send: Send) -> None:
    """Dispatches to the rule breakers above by path; ``/`` is a healthy hello."""
    assert scope["type"] == "http"
    await BROKEN.get(scope["path"], hello)(scope, receive, send)


# -- lifespan --------------------------------------------------------------------------------


class LifespanApp:
    """Speaks lifespan: notes startup, requests and shutdown in ``events``, in order.

    Startup puts ``{"greeting": "hello"}`` in the state; every request answers with the
    state it sees (as JSON), then scribbles on it, which must not reach the next request.
    """

    def __init__(self) -> None:
        self.events: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    scope["state"]["greeting"] = "hello"
                    self.events.append("startup")
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.events.append("shutdown")
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        self.events.append("request")
        state = scope.get("state", {})
        body = json.dumps(state).encode()
        state["scribbled"] = True
        await respond(send, 200, body, [(b"content-type", b"application/json")])


async def failing_startup(scope: Scope, receive: Receive, send: Send) -> None:
    """Reports a failed startup (the database is down, say)."""
    if scope["type"] == "lifespan":
        message = await receive()
        assert message["type"] == "lifespan.startup"
        await send({"type": "lifespan.startup.failed", "message": "the database is down"})
        return
    await respond(send, 200, b"should never be served")
