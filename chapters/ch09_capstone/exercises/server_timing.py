"""Exercise 1 (easy): a middleware that tells the client how long the application took.

``Server-Timing`` (W3C Server Timing) carries metrics from the server to the client, in
milliseconds: ``Server-Timing: app;dur=12.3``. Browsers show it in their network panel. The
check wraps a small app in the reader's class (``app.add_middleware``, the capstone's way) and
reads the header on answers of every kind: an endpoint's, the router's 404, a validation
422, an ``HTTPException`` with headers of its own, and a slow endpoint, which tells
milliseconds from seconds. The lifespan runs through the middleware too.
"""

from __future__ import annotations

import re
from typing import Any

from chapters.ch08_openapi import TestClient
from chapters.ch09_capstone.exercises.harness import SLOW, running, small_app
from chapters.support.exercises import (
    NotAttempted,
    Result,
    expect,
    guarded,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    sent,
    with_reproducer,
)

TITLE = "Exercise 1, ServerTiming"
HEADER = re.compile(r"app;dur=(?P<ms>\d+(?:\.\d+)?)")
#: (method, path, body, status): one request of each kind of answer.
REQUESTS: list[tuple[str, str, Any, int]] = [
    ("GET", "/fast", None, 200),
    ("POST", "/pens", {"name": "pen", "price": 1.5}, 201),
    ("GET", "/nowhere", None, 404),
    ("POST", "/pens", {"name": "pen"}, 422),
    ("GET", "/teapot", None, 418),
]


@with_reproducer
def check_server_timing(middleware: Any) -> Result:
    """Exercise 1: every HTTP answer carries one ``server-timing: app;dur=<ms>`` header, the
    application's own headers and body untouched; other scopes pass through."""
    if middleware is None or is_placeholder(middleware.__call__):
        return not_attempted(TITLE)
    try:
        app = guarded(lambda: small_app(middleware), "app.add_middleware(ServerTiming)")
        with running(app) as client:
            for method, path, body, status in REQUESTS:
                _check_answer(client, method, path, body, status)
            slow = _duration(
                guarded(lambda: sent(client, "GET", "/slow"), "GET /slow"), "GET /slow"
            )
            expect(
                SLOW * 1000 / 2 <= slow < 60_000,  # half: timers may fire a tick early
                f"GET /slow takes {SLOW * 1000:.0f} ms, yet your header says dur={slow:g}: the "
                "duration is in milliseconds, measured from the start of __call__ to the "
                "http.response.start message ((time.perf_counter() - start) * 1000).",
            )
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _check_answer(client: TestClient, method: str, path: str, body: Any, status: int) -> None:
    where = f"{method} {path}"
    response = guarded(lambda: sent(client, method, path, json=body), where)
    expect(
        response.status_code == status,
        f"{where} answered {response.status_code} through your middleware, expected {status}: "
        "a middleware passes every message on (await send(message)), changing only the headers.",
    )
    _duration(response, where)
    if path == "/fast":
        expect(
            json_of(response) == {"ok": True, "greeting": "hello"},
            f"{where}'s body changed to {response.content!r}: leave the body messages alone.",
        )
    if path == "/teapot":
        expect(
            response.headers.get("x-tea") == "green",
            f"{where} lost the app's own X-Tea header: add yours to the message's headers "
            '(a copy: [*message.get("headers", []), (b"server-timing", ...)]), keep theirs.',
        )
    expect(
        response.headers.get("content-type") is not None,
        f"{where} lost its content-type header: add yours to the list, keep the app's.",
    )


def _duration(response: Any, where: str) -> float:
    values = response.headers.getlist("server-timing")
    expect(
        len(values) == 1,
        f"{where} has {len(values)} server-timing headers, expected one: add it to the "
        "http.response.start message (its 'headers' list of (bytes, bytes) pairs), once.",
    )
    match = HEADER.fullmatch(values[0])
    expect(
        match is not None,
        f"{where}'s server-timing header is {values[0]!r}, expected 'app;dur=<milliseconds>' "
        "such as 'app;dur=3.2' (a metric name, ';dur=', a number, no spaces or unit).",
    )
    assert match is not None
    return float(match["ms"])
