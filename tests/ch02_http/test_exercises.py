"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from chapters.ch02_http import Connection, RemoteProtocolError, Request
from chapters.ch02_http.app import make_app
from chapters.ch02_http.events import Event
from chapters.ch02_http.exercises import (
    ExerciseFailed,
    check_etag_static_files,
    check_header_count_limit,
    check_time_route,
    request_with_headers,
)
from chapters.ch02_http.messages import Handler, HTTPRequest, HTTPResponse
from chapters.ch02_http.static import StaticFiles
from tests.ch02_http import solutions
from tests.ch02_http.solutions import ETagStaticFiles, LimitedConnection, opaque_tag

CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_time_route, solutions.make_app_with_time),
    (check_etag_static_files, solutions.ETagStaticFiles),
    (check_header_count_limit, solutions.LimitedConnection),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


def test_request_with_headers_has_exactly_that_many_header_lines() -> None:
    conn = Connection()
    conn.receive_data(request_with_headers(7, repeat=True))
    event = conn.next_event()
    assert isinstance(event, Request) and len(event.headers) == 7


# --- placeholders, as the notebook gives them -----------------------------------------------


def make_app_with_time_placeholder(directory: str | None = None) -> Handler:
    """The chapter's app plus GET /time."""
    raise NotImplementedError  # exercise 1


def make_app_with_time_half_done(directory: str | None = None) -> Handler:
    app = make_app(directory)

    def handler(request: HTTPRequest) -> HTTPResponse:
        if request.path == "/time":
            raise NotImplementedError("the /time part")
        return app(request)

    return handler


class ETagPlaceholder(StaticFiles):
    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        raise NotImplementedError  # exercise 2


class ETagUntouched(StaticFiles):
    pass


class ETagHalfDone(StaticFiles):
    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        super().__call__(request)
        raise NotImplementedError("compare If-None-Match with the ETag")


class LimitedPlaceholder(Connection):
    def __init__(self, *, max_header_count: int = 100, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_header_count = max_header_count

    def check_request(self, request: Request) -> None:
        raise NotImplementedError  # exercise 3


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_time_route, make_app_with_time_placeholder),
        (check_time_route, make_app_with_time_half_done),
        (check_time_route, None),
        (check_etag_static_files, ETagPlaceholder),
        (check_etag_static_files, ETagUntouched),
        (check_etag_static_files, ETagHalfDone),
        (check_etag_static_files, None),
        (check_header_count_limit, LimitedPlaceholder),
        (check_header_count_limit, Connection),
        (check_header_count_limit, None),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


# --- exercise 1: wrong answers -----------------------------------------------------------------


def time_app(
    *,
    now: Callable[[], str] = lambda: datetime.now(UTC).isoformat(),
    match: Callable[[HTTPRequest], bool] = lambda request: request.path == "/time",
    methods: tuple[str, ...] = ("GET", "HEAD"),
    allow: bool = True,
    content_type: str = "text/plain",
    delegate: bool = True,
) -> Callable[[str | None], Handler]:
    """``make_app_with_time`` with one thing done wrong, chosen by the keyword arguments."""

    def make_app_with_time(directory: str | None = None) -> Handler:
        app = make_app(directory)

        def handler(request: HTTPRequest) -> HTTPResponse:
            if not match(request):
                return app(request) if delegate else HTTPResponse.text("Not Found\n", status=404)
            if request.method not in methods:
                return HTTPResponse(status=405, headers=[(b"allow", b"GET, HEAD")] if allow else [])
            return HTTPResponse.text(now() + "\n", content_type=content_type)

        return handler

    return make_app_with_time


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (time_app(now=lambda: datetime.now().isoformat()), "without a time zone"),
        (time_app(now=lambda: time.ctime()), "not an ISO 8601 time"),
        (
            time_app(now=lambda: (datetime.now(UTC) - timedelta(hours=2)).isoformat()),
            "away from now",
        ),
        (time_app(match=lambda request: request.target == "/time"), "match on request.path"),
        (time_app(content_type="application/json"), "expected text/plain"),
        (time_app(methods=("GET", "HEAD", "POST")), "expected 405"),
        (time_app(allow=False), "Allow"),
        (time_app(methods=("GET",)), "HEAD /time answered 405"),
        (time_app(delegate=False), "pass every path other than /time"),
    ],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_wrong_time_route_fails_with_a_plain_message(
    wrong: Callable[..., Handler], says: str
) -> None:
    with pytest.raises(ExerciseFailed, match=says) as failure:
        check_time_route(wrong)
    assert "curl" in str(failure.value)


def test_time_route_ignoring_the_directory_fails() -> None:
    def make_app_with_time(directory: str | None = None) -> Handler:
        return solutions.make_app_with_time(None)  # wrong: the static files are gone

    with pytest.raises(ExerciseFailed, match=r"make_app\(directory\)"):
        check_time_route(make_app_with_time)


def test_time_route_returning_something_else_fails() -> None:
    def make_app_with_time(directory: str | None = None) -> Handler:
        return lambda request: "12:00"  # type: ignore[return-value]

    with pytest.raises(ExerciseFailed, match="must return an HTTPResponse"):
        check_time_route(make_app_with_time)


# --- exercise 2: wrong answers -----------------------------------------------------------------


class NoETag(StaticFiles):
    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        return super().__call__(request)  # wrong: nothing added


class UnquotedETag(ETagStaticFiles):
    def file(self, path: Path, *, send_body: bool) -> HTTPResponse:
        response = StaticFiles.file(self, path, send_body=send_body)
        response.headers.append((b"etag", b"%x" % path.stat().st_size))  # wrong: no quotes
        return response


class ClockETag(ETagStaticFiles):
    def file(self, path: Path, *, send_body: bool) -> HTTPResponse:
        response = StaticFiles.file(self, path, send_body=send_body)
        response.headers.append(
            (b"etag", b'"%x"' % time.perf_counter_ns())
        )  # wrong: not the file's
        return response


class NameETag(ETagStaticFiles):
    def file(self, path: Path, *, send_body: bool) -> HTTPResponse:
        response = StaticFiles.file(self, path, send_body=send_body)
        digest = hashlib.sha256(path.name.encode()).hexdigest()[:16]
        response.headers.append((b"etag", f'"{digest}"'.encode()))  # wrong: same after a change
        return response


class ExactMatchOnly(ETagStaticFiles):
    """Wrong: compares the whole header with the ETag (no lists, no "*", no weak comparison)."""

    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        response = StaticFiles.__call__(self, request)
        etag = dict(response.headers).get(b"etag")
        if etag is not None and request.header("if-none-match") == etag.decode():
            return HTTPResponse(status=304, headers=[(b"etag", etag)])
        return response


class StrongComparison(ETagStaticFiles):
    """Wrong: handles lists and "*", but W/"x" does not match "x"."""

    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        response = StaticFiles.__call__(self, request)
        etag = dict(response.headers).get(b"etag")
        wanted = [tag.strip() for tag in (request.header("if-none-match") or "").split(",")]
        if etag is not None and ("*" in wanted or etag.decode() in wanted):
            return HTTPResponse(status=304, headers=[(b"etag", etag)])
        return response


class NoETagOn304(ETagStaticFiles):
    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        response = super().__call__(request)
        if response.status == 304:
            response.headers = []  # wrong: the 304 must repeat the ETag
        return response


class StarBeforeLookingForTheFile(ETagStaticFiles):
    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        response = super().__call__(request)
        if response.status == 404 and request.header("if-none-match") == "*":
            return HTTPResponse(status=304)  # wrong: "*" taken for "anything", even no file
        return response


def opaque_equal(a: bytes, b: bytes) -> bool:
    return opaque_tag(a) == opaque_tag(b)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (NoETag, "has no ETag header"),
        (UnquotedETag, "between double quotes"),
        (ClockETag, "different ETags"),
        (ExactMatchOnly, "several tags"),
        (StrongComparison, "weak comparison"),
        (NoETagOn304, "send the same ETag as the 200"),
        (NameETag, "must change when the file does"),
        (StarBeforeLookingForTheFile, "matches only when the file exists"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_wrong_etag_static_files_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says) as failure:
        check_etag_static_files(wrong)
    assert "curl" in str(failure.value)


def test_opaque_tag_is_the_weak_comparison() -> None:
    assert opaque_equal(b'W/"1"', b'"1"') and not opaque_equal(b'"1"', b'"2"')


# --- exercise 3: wrong answers -----------------------------------------------------------------


class CheckedAfterTheEvent(LimitedConnection):
    """Wrong: refuses, but only after next_event() has accepted the request (state SEND_BODY)."""

    def check_request(self, request: Request) -> None:
        Connection.check_request(self, request)

    def next_event(self) -> Event | Any:
        event = super().next_event()
        if isinstance(event, Request) and len(event.headers) > self.max_header_count:
            raise RemoteProtocolError("too many headers", status_hint=431)
        return event


class CountsDistinctNames(LimitedConnection):
    def check_request(self, request: Request) -> None:
        if len(dict(request.headers)) > self.max_header_count:  # wrong: repeats slip through
            raise RemoteProtocolError("too many headers", status_hint=431)
        Connection.check_request(self, request)


class OffByOne(LimitedConnection):
    def check_request(self, request: Request) -> None:
        if len(request.headers) >= self.max_header_count:  # wrong: the limit itself is allowed
            raise RemoteProtocolError("too many headers", status_hint=431)
        Connection.check_request(self, request)


class Answers400(LimitedConnection):
    def check_request(self, request: Request) -> None:
        if len(request.headers) > self.max_header_count:
            raise RemoteProtocolError("too many headers")  # wrong: 400, not 431
        Connection.check_request(self, request)


class CountsPerConnection(LimitedConnection):
    seen = 0

    def check_request(self, request: Request) -> None:
        self.seen += len(request.headers)  # wrong: the count never starts again
        if self.seen > self.max_header_count:
            raise RemoteProtocolError("too many headers", status_hint=431)
        Connection.check_request(self, request)


class DefaultOfTen(LimitedConnection):
    def __init__(self, *, max_header_count: int = 10, **kwargs: Any) -> None:
        super().__init__(max_header_count=max_header_count, **kwargs)


class SwallowsOtherArguments(LimitedConnection):
    def __init__(self, *, max_header_count: int = 100, **kwargs: Any) -> None:
        super().__init__(max_header_count=max_header_count)  # wrong: max_body_size is lost


class NoOtherArguments(LimitedConnection):
    def __init__(self, *, max_header_count: int = 100) -> None:
        super().__init__(max_header_count=max_header_count)


class PositionalOnly(LimitedConnection):
    def __init__(self, limit: int = 100) -> None:
        super().__init__(max_header_count=limit)


class NotAConnection:
    def next_event(self) -> None:
        return None


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (CheckedAfterTheEvent, "their_state is SEND_BODY"),
        (CountsDistinctNames, "Count lines, not distinct names"),
        (OffByOne, "within the limit"),
        (Answers400, "expected 431"),
        (CountsPerConnection, "count the headers of each request"),
        (DefaultOfTen, "with the default limit, a request with 100 header lines"),
        (SwallowsOtherArguments, "a 10-byte body was accepted"),
        (NoOtherArguments, r"super\(\).__init__\(\*\*kwargs\)"),
        (PositionalOnly, "take max_header_count as a keyword argument"),
        (NotAConnection, "should subclass Connection"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_wrong_header_count_limit_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_header_count_limit(wrong)


def test_header_count_failure_shows_how_to_reproduce() -> None:
    with pytest.raises(ExerciseFailed) as failure:
        check_header_count_limit(OffByOne)
    message = str(failure.value)
    assert "LimitedConnection(max_header_count=3)" in message
    assert "request_with_headers(3)" in message
