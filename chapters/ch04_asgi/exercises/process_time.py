"""Exercise 1 (easy): an ASGI middleware that adds an ``x-process-time`` header."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from chapters.ch04_asgi.exercises.harness import (
    call_app,
    get,
    http_scope,
    reproduce,
    response_headers,
    run_async,
    run_lifespan,
    serving,
    untouched,
)
from chapters.ch04_asgi.types import ASGIApp, Receive, Scope, Send
from chapters.support.exercises import ExerciseFailed, Result, expect, not_attempted, passed

PARTS = [b"one, ", b"two, ", b"three\n"]


async def _inner_app(scope: Scope, receive: Receive, send: Send) -> None:
    """The app the checks wrap: lifespan with state; /slow takes 50 ms; the body in 3 parts."""
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            scope["state"]["started"] = True
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await receive()
    if scope["path"] == "/slow":
        await asyncio.sleep(0.05)
    headers = [(b"content-type", b"text/plain"), (b"x-app", b"inner")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    for index, part in enumerate(PARTS):
        await send(
            {"type": "http.response.body", "body": part, "more_body": index < len(PARTS) - 1}
        )


def check_process_time_middleware(middleware: Callable[[ASGIApp], ASGIApp] | None) -> Result:
    """Exercise 1: ``ProcessTimeMiddleware(app)`` adds ``x-process-time: <seconds>`` to every
    HTTP response, keeps everything else as it was, and lets other scopes (lifespan) through."""
    title = "Exercise 1, ProcessTimeMiddleware"
    if untouched(middleware):
        return not_attempted(title)
    assert middleware is not None
    try:
        app = middleware(_inner_app)
        messages = run_async(lambda: call_app(app, http_scope("/slow")))
    except NotImplementedError:
        return not_attempted(title)
    except ExerciseFailed:
        raise
    except Exception as error:
        raise ExerciseFailed(
            f"calling ProcessTimeMiddleware(app) for GET /slow raised {error!r}"
        ) from error
    _check_messages(messages)
    _check_lifespan(app)
    with serving(app, lifespan="on") as base:
        response = get(base, "/")
        expect(
            response.status_code == 200 and "x-process-time" in response.headers,
            f"over a real server, GET / answered {response.status_code} with headers "
            f"{dict(response.headers)}: no x-process-time." + reproduce("/"),
        )
        expect(
            response.content == b"".join(PARTS),
            f"the body arrived as {response.content!r}, expected {b''.join(PARTS)!r}: pass every "
            "http.response.body message on, unchanged." + reproduce("/"),
        )
    return passed(title)


def _check_messages(messages: list[Any]) -> None:
    types = [message.get("type") for message in messages]
    expected = ["http.response.start"] + ["http.response.body"] * len(PARTS)
    expect(
        types == expected,
        f"the wrapped app sent {expected}, but your middleware passed on {types}: every message "
        "must go on to the server, unchanged and in order (add the header to the first one only).",
    )
    headers_list = messages[0].get("headers", [])
    for name, value in headers_list:
        expect(
            isinstance(name, bytes) and isinstance(value, bytes),
            f"the header {(name, value)!r} is not a pair of bytes: ASGI headers are "
            "(b'name', b'value'), lowercase names, e.g. (b'x-process-time', b'0.0123').",
        )
    headers = response_headers(messages)
    expect(
        b"x-process-time" in headers,
        f"http.response.start has no x-process-time header (headers: {headers_list!r}). Add "
        "(b'x-process-time', ...) to message['headers'] before passing the message on.",
    )
    expect(
        headers.get(b"x-app") == b"inner" and headers.get(b"content-type") == b"text/plain",
        f"the app's own headers were lost (got {headers_list!r}): add yours to the list, don't replace it.",
    )
    expect(
        messages[0].get("status") == 200,
        f"the status became {messages[0].get('status')!r}: pass the app's 200 on unchanged.",
    )
    try:
        seconds = float(headers[b"x-process-time"])
    except ValueError:
        raise ExerciseFailed(
            f"x-process-time is {headers[b'x-process-time']!r}: it should be a number of seconds, "
            "such as b'0.0512' (f'{elapsed:.4f}'.encode())."
        ) from None
    expect(
        0.04 <= seconds < 5,
        f"GET /slow takes the app 0.05 s, but x-process-time says {seconds}: measure in seconds "
        "(time.perf_counter()), from before calling the app until http.response.start.",
    )
    body = b"".join(message.get("body", b"") for message in messages[1:])
    expect(body == b"".join(PARTS), f"the body became {body!r}, expected {b''.join(PARTS)!r}.")


def _check_lifespan(app: ASGIApp) -> None:
    state: dict[str, Any] = {}
    try:
        sent = run_async(lambda: run_lifespan(app, state))
    except ExerciseFailed:
        raise
    except Exception as error:
        raise ExerciseFailed(
            f"with a lifespan scope your middleware raised {error!r}: for any scope type other "
            "than 'http', just `await self.app(scope, receive, send)` and return."
        ) from error
    expect(
        sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
        and state.get("started"),
        f"with a lifespan scope the app's messages became {sent}: pass scopes other than 'http' "
        "through untouched.",
    )
