"""Exercise 3: a WebSocket endpoint with a validated query parameter.

The reader writes ``async def shout(websocket, times)``; the check registers it with
``app.add_api_websocket_route("/shout", shout)`` on a fresh :class:`FastAPI`, serves it on
this chapter's server and talks to it with a blocking ``websockets`` client. An ASGI layer
around the app records whatever the endpoint raises, so "ends cleanly when the client
leaves" is checked, not assumed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from chapters.ch05_toolkit.types import ASGIApp, Receive, Scope, Send
from chapters.ch10_websockets.applications import FastAPI
from chapters.ch10_websockets.server import Server
from chapters.support import serve_in_background
from chapters.support.exercises import (
    ExerciseFailed,
    Result,
    expect,
    is_placeholder,
    not_attempted,
    passed,
)

TITLE = "Exercise 3, shout"
TIMEOUT = 3.0


class Recorder:
    """The app, with each exception its connections raised kept in ``errors``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.errors: list[Exception] = []
        self.finished = threading.Semaphore(0)  # one release per WebSocket that ended

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception as error:
            self.errors.append(error)
            raise
        finally:
            if scope["type"] == "websocket":
                self.finished.release()


@contextmanager
def served(shout: Callable[..., Any]) -> Iterator[tuple[str, Recorder]]:
    app = FastAPI()
    try:
        app.add_api_websocket_route("/shout", shout)
    except Exception as error:
        raise ExerciseFailed(f"FastAPI refused your endpoint: {error}") from error
    recorder = Recorder(app)
    with serve_in_background(Server(recorder, "127.0.0.1", 0, access_log=False)) as server:
        yield f"ws://127.0.0.1:{server.port}/shout", recorder


def opened(url: str) -> ClientConnection:
    try:
        return connect(url, open_timeout=TIMEOUT, close_timeout=TIMEOUT)
    except InvalidStatus as refused:
        status = refused.response.status_code
        raise ExerciseFailed(
            f"{url.rsplit('/', 1)[-1]} was refused with {status}: did the endpoint call "
            "await websocket.accept() first?"
        ) from None


def replies(ws: ClientConnection, count: int, after: str) -> list[Any]:
    received = []
    try:
        for _ in range(count):
            received.append(ws.recv(timeout=TIMEOUT))
    except TimeoutError:
        raise ExerciseFailed(
            f"After sending {after!r} the client got {received!r}, then nothing for "
            f"{TIMEOUT} s; expected {count} message(s)."
        ) from None
    except ConnectionClosed as closed:
        raise ExerciseFailed(
            f"After sending {after!r} the connection closed ({closed.rcvd}) with only "
            f"{received!r} received."
        ) from None
    return received


def check_shout(shout: Callable[..., Any] | None) -> Result:
    """``?times=2`` + ``"hi"`` -> ``"HI"`` twice; ``"bye"`` -> close 1000; bad ``times`` -> 403."""
    if is_placeholder(shout):
        return not_attempted(TITLE)
    assert shout is not None
    with served(shout) as (url, recorder):
        with opened(url) as ws:
            ws.send("hello")
            got = replies(ws, 1, "hello")
            expect(got == ["HELLO"], f"Without ?times, 'hello' got {got!r}, expected ['HELLO'].")
        with opened(url + "?times=3") as ws:
            ws.send("hi")
            got = replies(ws, 3, "hi")
            expect(got == ["HI"] * 3, f"With ?times=3, 'hi' got {got!r}, expected 3 x 'HI'.")
            ws.send("bye")
            _expect_closed(ws)
        for bad in ("0", "4", "loud"):
            _expect_refused(f"{url}?times={bad}")
        with opened(url) as ws:
            ws.send("one")
            replies(ws, 1, "one")
        # The client left without "bye": the endpoint must end without an exception.
        expect(
            recorder.finished.acquire(timeout=TIMEOUT),
            "The endpoint is still running after its client left; end when the messages end "
            "(async for text in websocket.iter_text(): ...).",
        )
        expect(
            not recorder.errors,
            f"The endpoint raised {recorder.errors[-1]!r}" if recorder.errors else "",
        )
    return passed(TITLE)


def _expect_closed(ws: ClientConnection) -> None:
    try:
        extra = ws.recv(timeout=TIMEOUT)
    except ConnectionClosed as closed:
        code = None if closed.rcvd is None else closed.rcvd.code
        expect(code == 1000, f"After 'bye' the server closed with {code}, expected 1000.")
        return
    except TimeoutError:
        raise ExerciseFailed("After 'bye' the connection stayed open: close it.") from None
    raise ExerciseFailed(f"After 'bye' the client got {extra!r}; expected the connection closed.")


def _expect_refused(url: str) -> None:
    try:
        with connect(url, open_timeout=TIMEOUT, close_timeout=TIMEOUT):
            pass
    except InvalidStatus as refused:
        status = refused.response.status_code
        expect(status == 403, f"{url.rsplit('/', 1)[-1]} was refused with {status}.")
        return
    raise ExerciseFailed(
        f"{url.rsplit('/', 1)[-1]} was accepted: declare times as "
        "Annotated[int, Query(ge=1, le=3)] = 1, so a bad value is refused before accept()."
    )
