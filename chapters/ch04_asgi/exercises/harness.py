"""What the chapter 04 checks share: calling an ASGI app by hand, serving it, reproducing."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import requests

from chapters.ch04_asgi.server import Server
from chapters.ch04_asgi.types import ASGIApp, Message, Scope
from chapters.support import serve_in_background
from chapters.support.exercises import ExerciseFailed, is_placeholder

T = TypeVar("T")


def untouched(obj: object) -> bool:
    """True for ``None``, a placeholder function, or a class whose ``__call__`` is one."""
    if isinstance(obj, type):
        call = next(
            (vars(klass)["__call__"] for klass in obj.__mro__ if "__call__" in vars(klass)), None
        )
        return call is None or is_placeholder(call)
    return is_placeholder(obj)


def run_async(make_coroutine: Callable[[], Awaitable[T]], timeout: float = 10.0) -> T:
    """Run a coroutine to the end in a fresh event loop, in a thread of its own.

    The checks are called from notebook cells, where Jupyter's loop is already running
    (``asyncio.run`` would refuse), and from tests, where none is: a thread works in both.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(asyncio.wait_for(make_coroutine(), timeout))
        except BaseException as error:  # noqa: BLE001 (re-raised in the caller's thread)
            outcome["error"] = error

    thread = threading.Thread(target=target, name="ch04-check")
    thread.start()
    thread.join(timeout + 5)
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, TimeoutError):
            raise ExerciseFailed(
                f"your app was still running after {timeout} s: does it wait for "
                "something that never comes (a receive() after the body, a lock)?"
            )
        raise error
    return outcome["value"]


def http_scope(path: str = "/", query_string: bytes = b"", method: str = "GET") -> Scope:
    """A minimal ``http`` scope, like the one our server builds for a real request."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query_string,
        "root_path": "",
        "headers": [(b"host", b"check")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def call_app(app: ASGIApp, scope: Scope, body: bytes = b"") -> list[Message]:
    """Call ``app`` once with a fake receive/send; return every message it sent.

    receive() gives the body in one ``http.request``, then waits until the response is
    complete and says ``http.disconnect``, as a server does.
    """
    sent: list[Message] = []
    finished = asyncio.Event()
    requests_given = 0

    async def receive() -> Message:
        nonlocal requests_given
        if requests_given == 0:
            requests_given += 1
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            finished.set()

    await app(scope, receive, send)
    return sent


async def run_lifespan(app: ASGIApp, state: dict[str, Any]) -> list[str]:
    """Drive ``app``'s lifespan (startup, then shutdown); the message types it sent."""
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    for message_type in ("lifespan.startup", "lifespan.shutdown"):
        inbox.put_nowait({"type": message_type})
    sent: list[str] = []

    async def send(message: Message) -> None:
        sent.append(message["type"])

    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": state}
    await app(scope, inbox.get, send)
    return sent


def response_headers(messages: list[Message]) -> dict[bytes, bytes]:
    start = messages[0] if messages and messages[0]["type"] == "http.response.start" else {}
    return {bytes(name).lower(): bytes(value) for name, value in start.get("headers", [])}


@contextmanager
def quiet_errors() -> Iterator[None]:
    """Hide the server's traceback for an exception the check provokes on purpose."""
    logger = logging.getLogger("chapters.ch04_asgi.error")
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


@contextmanager
def serving(app: ASGIApp, **config: Any) -> Iterator[str]:
    """``app`` on our server on 127.0.0.1, port 0; yields its base URL; stopped on exit."""
    config.setdefault("access_log", False)
    server = Server(app, "127.0.0.1", 0, **config)
    with serve_in_background(server):
        if not server.started.wait(5):
            raise ExerciseFailed(
                "the server did not start: did the lifespan startup fail? (see the log above)"
            )
        yield f"http://127.0.0.1:{server.port}"


def get(base: str, path: str, **options: Any) -> requests.Response:
    """GET ``path``; no answer at all becomes ExerciseFailed."""
    try:
        return requests.get(base + path, timeout=5, **options)
    except requests.RequestException as error:
        raise ExerciseFailed(
            f"GET {path} failed: {error}. The server's log above should say why."
        ) from error


def reproduce(path: str, options: str = "-i") -> str:
    """A line to reproduce a failure against your own app, served by our server."""
    return (
        f"\n  Reproduce: curl {options} 'http://127.0.0.1:PORT{path}'"
        "\n  (serve it first: server = BackgroundServer(Server(app, '127.0.0.1', 0)).start(); PORT is server.port)"
    )
