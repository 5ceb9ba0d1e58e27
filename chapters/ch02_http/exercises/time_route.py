"""Exercise 1: ``GET /time`` added in front of the chapter's app."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from chapters.ch02_http.exercises.harness import fetch, first_call, serving
from chapters.ch02_http.messages import Handler
from chapters.support.exercises import (
    ExerciseFailed,
    Result,
    expect,
    is_placeholder,
    not_attempted,
    passed,
)


def check_time_route(make_app_with_time: Callable[..., Handler] | None) -> Result:
    """Exercise 1: ``make_app_with_time(directory)`` is the chapter's app plus ``GET /time``.

    ``/time`` answers the current time in ISO 8601 with its time zone, as ``text/plain``;
    GET and HEAD only (405 with an ``Allow`` header otherwise); every other path goes to the
    chapter's app as before.
    """
    title = "Exercise 1, GET /time"
    if is_placeholder(make_app_with_time):
        return not_attempted(title)
    assert make_app_with_time is not None
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "hello.txt").write_text("hello, file\n")
        app = first_call(
            lambda: make_app_with_time(directory), "/time", "calling your app for GET /time"
        )
        if app is None:
            return not_attempted(title)
        with serving(app) as base:
            _time_answers_get(base)
            _time_refuses_other_methods(base)
            _other_paths_still_work(base)
    return passed(title)


def _time_answers_get(base: str) -> None:
    for path in ("/time", "/time?tz=utc"):
        _time_at(base, path)
    response, reproduce = fetch(base, "HEAD", "/time")
    expect(
        response.status_code == 200 and response.content == b"",
        f"HEAD /time answered {response.status_code} {response.content[:40]!r}, expected 200 and no "
        "body (answer HEAD like GET: the server drops the body)." + reproduce,
    )


def _time_at(base: str, path: str) -> None:
    response, reproduce = fetch(base, "GET", path)
    hint = (
        " (match on request.path: request.target still has the query string)" if "?" in path else ""
    )
    expect(
        response.status_code == 200,
        f"GET {path} answered {response.status_code}, expected 200{hint}." + reproduce,
    )
    content_type = response.headers.get("content-type", "")
    expect(
        content_type.startswith("text/plain"),
        f"GET {path} has content-type {content_type!r}, expected text/plain "
        "(HTTPResponse.text sets it for you)." + reproduce,
    )
    text = response.text.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ExerciseFailed(
            f"GET {path} answered {text[:60]!r}, which is not an ISO 8601 time such as "
            "'2025-01-31T12:00:00+00:00' (datetime.fromisoformat can't read it)." + reproduce
        ) from None
    expect(
        when.tzinfo is not None,
        f"GET {path} answered {text!r}, a time without a time zone: a client elsewhere can't "
        "tell which moment it is. Use datetime.now(UTC).isoformat()." + reproduce,
    )
    off = abs(when - datetime.now(UTC))
    expect(
        off < timedelta(minutes=1),
        f"GET {path} answered {text!r}, which is {off} away from now: is the time zone right?"
        + reproduce,
    )


def _time_refuses_other_methods(base: str) -> None:
    response, reproduce = fetch(base, "POST", "/time", data=b"x")
    expect(
        response.status_code == 405,
        f"POST /time answered {response.status_code}, expected 405 Method Not Allowed: /time only "
        "reads." + reproduce,
    )
    allow = response.headers.get("allow", "")
    expect(
        "GET" in allow.upper(),
        f"the 405 for POST /time has Allow: {allow!r}: RFC 9110 §15.5.6 says a 405 must list the "
        "methods the resource does allow, here 'GET, HEAD'." + reproduce,
    )


def _other_paths_still_work(base: str) -> None:
    response, reproduce = fetch(base, "GET", "/")
    expect(
        response.status_code == 200 and "Hello from chapter 02" in response.text,
        f"GET / answered {response.status_code}, not the hello page: pass every path other than "
        "/time on to the chapter's app (make_app(directory))." + reproduce,
    )
    response, reproduce = fetch(base, "GET", "/files/hello.txt")
    expect(
        response.status_code == 200 and response.content == b"hello, file\n",
        f"GET /files/hello.txt answered {response.status_code}: build the chapter's app with the "
        "directory you were given, make_app(directory)." + reproduce,
    )
    response, reproduce = fetch(base, "GET", "/no-such-page")
    expect(
        response.status_code == 404,
        f"GET /no-such-page answered {response.status_code}, expected the chapter app's 404."
        + reproduce,
    )
