"""Exercise 2 (medium): an app that streams a countdown, one line per body message."""

from __future__ import annotations

import time

from chapters.ch04_asgi.exercises.harness import (
    call_app,
    get,
    http_scope,
    reproduce,
    response_headers,
    run_async,
    serving,
    untouched,
)
from chapters.ch04_asgi.types import ASGIApp, Message
from chapters.support.exercises import ExerciseFailed, Result, expect, not_attempted, passed


def expected_lines(start: int) -> list[bytes]:
    return [b"%d\n" % n for n in range(start, 0, -1)] + [b"liftoff!\n"]


def check_countdown_app(countdown_app: ASGIApp | None) -> Result:
    """Exercise 2: ``GET /?from=N`` streams ``N\\n`` … ``1\\n`` ``liftoff!\\n``, one line per
    ``http.response.body`` message, 0.1 s apart; ``from`` defaults to 3; a bad one gets 400."""
    title = "Exercise 2, countdown_app"
    if untouched(countdown_app):
        return not_attempted(title)
    assert countdown_app is not None
    try:
        messages = _call(countdown_app, b"")
    except NotImplementedError:
        return not_attempted(title)
    _check_stream(messages, 3, "/")
    _check_stream(_call(countdown_app, b"from=5"), 5, "/?from=5")
    _check_stream(_call(countdown_app, b"from=0"), 0, "/?from=0")
    for bad in (b"from=abc", b"from=-2"):
        status = _call(countdown_app, bad)[0].get("status")
        path = "/?" + bad.decode()
        expect(
            status == 400,
            f"GET {path} answered {status}, expected 400 Bad Request: `from` must be a whole "
            "number, 0 or more (int() raises ValueError for 'abc'; check for negatives)."
            + reproduce(path),
        )
    with serving(countdown_app) as base:
        _check_over_the_wire(base)
    return passed(title)


def _call(app: ASGIApp, query_string: bytes) -> list[Message]:
    path = "/?" + query_string.decode() if query_string else "/"
    try:
        messages = run_async(lambda: call_app(app, http_scope("/", query_string)))
    except (ExerciseFailed, NotImplementedError):
        raise
    except Exception as error:
        raise ExerciseFailed(f"GET {path}: your app raised {error!r}" + reproduce(path)) from error
    expect(
        bool(messages) and messages[0].get("type") == "http.response.start",
        f"GET {path}: the first message sent was {messages[:1]!r}, expected http.response.start.",
    )
    return messages


def _check_stream(messages: list[Message], start: int, path: str) -> None:
    start_message, body_messages = messages[0], messages[1:]
    expect(
        start_message.get("status") == 200,
        f"GET {path} answered {start_message.get('status')}, expected 200." + reproduce(path),
    )
    headers = response_headers(messages)
    expect(
        headers.get(b"content-type", b"").startswith(b"text/plain"),
        f"GET {path}: content-type is {headers.get(b'content-type')!r}, expected b'text/plain; "
        "charset=utf-8'." + reproduce(path),
    )
    expect(
        b"content-length" not in headers,
        f"GET {path} sent content-length: a stream doesn't know its length when it starts. Leave "
        "it out, and the server sends the body chunked." + reproduce(path),
    )
    lines = expected_lines(start)
    bodies = [message.get("body", b"") for message in body_messages]
    expect(
        b"".join(bodies) == b"".join(lines),
        f"GET {path} sent the body {b''.join(bodies)!r}, expected {b''.join(lines)!r}."
        + reproduce(path),
    )
    non_empty = [body for body in bodies if body]
    expect(
        non_empty == lines,
        f"GET {path} sent the body in these messages: {non_empty!r}. Send each line in an "
        "http.response.body message of its own, with more_body=True.",
    )
    more = [message.get("more_body", False) for message in body_messages]
    expect(
        not more[-1] and all(more[:-1]),
        f"GET {path}: more_body was {more} for the body messages; it must be True for every one "
        "but the last, and False for the last (that is what ends the response).",
    )


def _check_over_the_wire(base: str) -> None:
    started = time.perf_counter()
    response = get(base, "/?from=3", stream=True)
    arrivals = []
    with response:
        expect(
            response.headers.get("transfer-encoding") == "chunked",
            f"over our server the response headers were {dict(response.headers)}: expected "
            "transfer-encoding: chunked (no content-length)." + reproduce("/?from=3"),
        )
        for line in response.iter_lines():
            arrivals.append((time.perf_counter() - started, line))
    got = [line for _, line in arrivals]
    expect(
        got == [line.rstrip(b"\n") for line in expected_lines(3)],
        f"over our server the lines were {got!r}." + reproduce("/?from=3", "-N"),
    )
    spread = arrivals[-1][0] - arrivals[0][0]
    expect(
        spread >= 0.2,
        f"the first and the last line arrived {spread:.3f} s apart, all at once: wait 0.1 s "
        "between two lines (await asyncio.sleep(0.1), never time.sleep, which blocks every "
        "connection of the server)." + reproduce("/?from=3", "-N"),
    )
