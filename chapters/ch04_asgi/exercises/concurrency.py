"""Exercise 3 (stretching): at most ``max_concurrent_requests`` requests at once, else 503."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from typing import Any

from chapters.ch04_asgi.exercises.harness import (
    get,
    quiet_errors,
    reproduce,
    run_async,
    run_lifespan,
    serving,
    untouched,
)
from chapters.ch04_asgi.types import ASGIApp, Receive, Scope, Send
from chapters.support.exercises import ExerciseFailed, Result, expect, not_attempted, passed


class Gate:
    """An app whose ``/slow`` requests wait until the check opens the gate.

    The server runs it in its own thread; the check only reads ``entered`` and sets ``open``
    (plain attributes: one writer each, so no lock is needed).
    """

    def __init__(self) -> None:
        self.entered = 0  # /slow requests that reached the app
        self.calls = 0  # every http request that reached the app
        self.open = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        self.calls += 1
        if scope["path"] == "/boom":
            raise RuntimeError("boom (on purpose)")
        if scope["path"] == "/slow":
            self.entered += 1
            deadline = time.monotonic() + 5
            while not self.open and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain")],
            }
        )
        await send({"type": "http.response.body", "body": b"ok\n"})


def check_concurrency_limit(limit_class: Callable[..., ASGIApp] | None) -> Result:
    """Exercise 3: ``ConcurrencyLimit(app, max_concurrent_requests=N)`` lets N HTTP requests
    run at once and answers 503 to more, without calling the app; other scopes pass through."""
    title = "Exercise 3, ConcurrencyLimit"
    if untouched(limit_class):
        return not_attempted(title)
    assert limit_class is not None

    def make(app: ASGIApp, limit: int) -> ASGIApp:
        return limit_class(app, max_concurrent_requests=limit)

    try:
        make(Gate(), 2)
    except TypeError as error:
        raise ExerciseFailed(
            f"ConcurrencyLimit(app, max_concurrent_requests=2) raised {error!r}: take the app, "
            "then max_concurrent_requests as a keyword argument."
        ) from error
    _check_lifespan(make(Gate(), 1))
    gate = Gate()
    with serving(make(gate, 1), lifespan="off") as base:
        response = get(base, "/")
        if response.status_code == 500 and gate.calls == 0:
            return not_attempted(title)  # most likely __call__ still raises NotImplementedError
        expect(
            response.status_code == 200,
            f"with max_concurrent_requests=1 and no other request running, GET / answered "
            f"{response.status_code}, expected 200: the limit itself is allowed (refuse only when "
            "the count is already at the limit)." + reproduce("/"),
        )
    with serving(make(gate, 1), lifespan="on") as base:
        response = get(base, "/")
        expect(
            response.status_code == 200,
            f"with max_concurrent_requests=1 and nothing else running, GET / answered "
            f"{response.status_code}, expected 200: is the lifespan scope counted as a request? "
            "It lasts as long as the server: pass scopes other than 'http' through, uncounted."
            + reproduce("/"),
        )
        _check_failures_free_their_place(base)
    gate = Gate()
    with serving(make(gate, 2), lifespan="on") as base:
        _check_limit(base, gate)
    return passed(title)


def _check_lifespan(app: ASGIApp) -> None:
    try:
        sent = run_async(lambda: run_lifespan(app, {}))
    except NotImplementedError:
        return  # reported by the HTTP part
    except ExerciseFailed:
        raise
    except Exception as error:
        raise ExerciseFailed(
            f"with a lifespan scope your middleware raised {error!r}: pass scopes other than "
            "'http' straight to the app, uncounted."
        ) from error
    expect(
        sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"],
        f"with a lifespan scope the app's messages became {sent}: pass it through untouched.",
    )


def _check_limit(base: str, gate: Gate) -> None:
    port = int(base.rsplit(":", 1)[1])
    slow = [_send_raw(port, "/slow") for _ in range(2)]
    try:
        deadline = time.monotonic() + 5
        while gate.entered < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        expect(
            gate.entered == 2,
            f"with max_concurrent_requests=2, only {gate.entered} of 2 slow requests reached the "
            "app: the limit itself is allowed (refuse when the count is already at the limit)."
            + reproduce("/slow", "-i -m 10"),
        )
        calls = gate.calls
        response = get(base, "/")
        expect(
            response.status_code == 503,
            f"with 2 requests in progress and max_concurrent_requests=2, GET / answered "
            f"{response.status_code}, expected 503 Service Unavailable." + reproduce("/"),
        )
        expect(
            gate.calls == calls,
            "the refused request still reached the app: answer the 503 yourself, without calling it.",
        )
    finally:
        gate.open = True
        answers = [_read_status(sock) for sock in slow]
    expect(
        answers == [200, 200],
        f"the two requests under the limit answered {answers}, expected 200 and 200.",
    )
    response = get(base, "/")
    expect(
        response.status_code == 200,
        f"after both slow requests finished, GET / answered {response.status_code}: give the place "
        "back when a request ends." + reproduce("/"),
    )


def _check_failures_free_their_place(base: str) -> None:
    with quiet_errors():
        for _ in range(2):
            get(base, "/boom")  # the app raises: the server answers 500
    response = get(base, "/")
    expect(
        response.status_code == 200,
        f"with max_concurrent_requests=1, after two requests whose app raised, GET / answered "
        f"{response.status_code}: a request that fails must give its place back too "
        "(try/finally)." + reproduce("/boom"),
    )


def _send_raw(port: int, path: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: check\r\nConnection: close\r\n\r\n".encode())
    return sock


def _read_status(sock: socket.socket) -> Any:
    with sock:
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except OSError as error:
            return f"no answer ({error})"
    status_line = data.partition(b"\r\n")[0].split()
    return (
        int(status_line[1])
        if len(status_line) > 1 and status_line[1].isdigit()
        else repr(data[:40])
    )
