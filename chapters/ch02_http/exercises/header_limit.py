"""Exercise 3: ``max_header_count``, a :class:`Connection` that refuses too many header lines.

No server here: the parser is sans-IO, so the check feeds it bytes and reads its events, and
a failure shows the few lines of Python that reproduce it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chapters.ch02_http.connection import Connection
from chapters.ch02_http.errors import RemoteProtocolError
from chapters.ch02_http.events import NEED_DATA, PAUSED, EndOfMessage, Request, Response
from chapters.ch02_http.exercises.harness import untouched
from chapters.ch02_http.state import ERROR
from chapters.support.exercises import ExerciseFailed, Result, expect, not_attempted, passed

Make = Callable[[], Connection]


def request_with_headers(count: int, *, repeat: bool = False) -> bytes:
    """The bytes of a GET with exactly ``count`` header lines (Host included).

    >>> request_with_headers(2)
    b'GET / HTTP/1.1\\r\\nhost: example\\r\\nx-header-0: 1\\r\\n\\r\\n'
    """
    names = [b"x-same" if repeat else b"x-header-%d" % i for i in range(count - 1)]
    return (
        b"GET / HTTP/1.1\r\nhost: example\r\n" + b"".join(n + b": 1\r\n" for n in names) + b"\r\n"
    )


def check_header_count_limit(connection_class: type[Connection] | None) -> Result:
    """Exercise 3: ``connection_class(max_header_count=N, **kwargs)`` is a :class:`Connection`
    that refuses a request with more than N header lines: RemoteProtocolError, status 431."""
    title = "Exercise 3, max_header_count"
    if untouched(connection_class, Connection):
        return not_attempted(title)
    assert connection_class is not None
    name = connection_class.__name__
    expect(
        issubclass(connection_class, Connection),
        f"{name} should subclass Connection, so that everything else it does stays the same",
    )

    def make() -> Connection:
        return connection_class(max_header_count=3)

    try:
        make()
    except TypeError as error:
        raise ExerciseFailed(
            f"{name}(max_header_count=3) failed with {error!r}: take "
            "max_header_count as a keyword argument and pass the others on to Connection"
        ) from error
    try:
        what = "with max_header_count=3, a request with 3 header lines"
        _accepts(make, request_with_headers(3), what, _reproduce(3, 3))
    except NotImplementedError:
        return not_attempted(title)
    _over_the_limit_is_refused(make)
    _each_request_is_counted_alone(make)
    _default_limit_is_100(connection_class)
    _other_arguments_still_work(connection_class)
    return passed(title)


def _reproduce(count: int, limit: int | None, repeat: bool = False) -> str:
    arguments = "" if limit is None else f"max_header_count={limit}"
    return (
        "\n  Reproduce:\n"
        "    from chapters.ch02_http.exercises import request_with_headers\n"
        f"    conn = LimitedConnection({arguments})\n"
        f"    conn.receive_data(request_with_headers({count}{', repeat=True' if repeat else ''}))\n"
        "    conn.next_event()"
    )


def _events(conn: Connection, data: bytes, *, one_byte_at_a_time: bool = False) -> list[Any]:
    pieces = [data[i : i + 1] for i in range(len(data))] if one_byte_at_a_time else [data]
    events = []
    for piece in pieces:
        conn.receive_data(piece)
        while (event := conn.next_event()) not in (NEED_DATA, PAUSED):
            events.append(event)
    return events


def _refuses(make: Make, data: bytes, what: str, reproduce: str, **feed: bool) -> Connection:
    """``data`` fed to ``make()`` raises RemoteProtocolError with status_hint 431."""
    conn = make()
    try:
        events = _events(conn, data, **feed)
    except RemoteProtocolError as error:
        expect(
            error.status_hint == 431,
            f"{what} was refused with status_hint {error.status_hint}, expected 431 (Request Header "
            "Fields Too Large, RFC 6585 §5): raise RemoteProtocolError(..., status_hint=431)."
            + reproduce,
        )
        return conn
    requests_seen = [event for event in events if isinstance(event, Request)]
    headers = len(requests_seen[0].headers) if requests_seen else "?"
    raise ExerciseFailed(
        f"{what} was accepted (a Request with {headers} headers came out)." + reproduce
    )


def _accepts(make: Make, data: bytes, what: str, reproduce: str, **feed: bool) -> None:
    """``data`` fed to ``make()`` gives a Request and ends with an EndOfMessage."""
    try:
        events = _events(make(), data, **feed)
    except RemoteProtocolError as error:
        raise ExerciseFailed(
            f"{what} was refused ({error}), but it is within the limit." + reproduce
        ) from None
    expect(
        any(isinstance(event, Request) for event in events)
        and isinstance(events[-1], EndOfMessage),
        f"{what} gave the events {events}, expected a Request and an EndOfMessage." + reproduce,
    )


def _over_the_limit_is_refused(make: Make) -> None:
    what = "with max_header_count=3, a request with 4 header lines"
    conn = _refuses(make, request_with_headers(4), what, _reproduce(4, 3))
    expect(
        conn.their_state is ERROR and not conn.keep_alive,
        f"after refusing a request with 4 header lines, their_state is {conn.their_state} "
        f"(expected ERROR) and keep_alive is {conn.keep_alive}: raise the error while "
        "next_event() is parsing the head (override check_request(request), which it calls with "
        "each new Request), so that the connection marks the client ERROR and the server "
        "closes it." + _reproduce(4, 3),
    )
    bytewise = {"one_byte_at_a_time": True}
    _refuses(
        make,
        request_with_headers(4),
        what + ", fed one byte at a time",
        _reproduce(4, 3),
        **bytewise,
    )
    what = "a request with 3 header lines, fed one byte at a time"
    _accepts(make, request_with_headers(3), what, _reproduce(3, 3), **bytewise)
    _refuses(
        make,
        request_with_headers(4, repeat=True),
        "with max_header_count=3, a request with 4 header lines, 3 of them named X-Same",
        _reproduce(4, 3, repeat=True)
        + "\n  Count lines, not distinct names: a client can repeat a name 10,000 times.",
    )


def _each_request_is_counted_alone(make: Make) -> None:
    conn = make()
    for turn in ("first", "second", "third"):
        try:
            events = _events(conn, request_with_headers(3))
        except RemoteProtocolError as error:
            raise ExerciseFailed(
                f"on a kept-alive connection the {turn} request with 3 header lines was refused "
                f"({error}): count the headers of each request, not of the whole connection."
            ) from None
        expect(
            any(isinstance(e, Request) for e in events),
            f"the {turn} request on a kept-alive connection gave {events}",
        )
        conn.send(Response(status_code=204))
        conn.send(EndOfMessage())


def _default_limit_is_100(connection_class: type[Connection]) -> None:
    what = "with the default limit, a request with 100 header lines"
    _accepts(connection_class, request_with_headers(100), what, _reproduce(100, None))
    what = "with the default limit (100), a request with 101 header lines"
    _refuses(connection_class, request_with_headers(101), what, _reproduce(101, None))


def _other_arguments_still_work(connection_class: type[Connection]) -> None:
    name = connection_class.__name__
    try:
        conn = connection_class(max_header_count=5, max_body_size=4)
    except TypeError as error:
        raise ExerciseFailed(
            f"{name}(max_header_count=5, max_body_size=4) failed with {error!r}: "
            "pass the other keyword arguments on, super().__init__(**kwargs)"
        ) from error
    data = b"POST / HTTP/1.1\r\nhost: example\r\ncontent-length: 10\r\n\r\n0123456789"
    try:
        _events(conn, data)
    except RemoteProtocolError as error:
        expect(
            error.status_hint == 413,
            f"with max_body_size=4, a 10-byte body was refused with {error.status_hint}, "
            "expected 413",
        )
        return
    raise ExerciseFailed(
        "with max_body_size=4, a 10-byte body was accepted: pass the other keyword arguments on "
        "to Connection, super().__init__(**kwargs)"
    )
