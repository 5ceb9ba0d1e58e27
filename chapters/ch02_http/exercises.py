"""Checks for the exercises at the end of ``notebooks/02_http.ipynb`` (checks only, no answers).

Each ``check_*`` function takes what you wrote and does one of two things:

* if it is still the placeholder (``None``, or a body that only raises
  ``NotImplementedError``), it prints "not attempted yet" and returns ``"not attempted"``,
  so the notebook runs top to bottom before anyone has tried the exercises;
* otherwise it exercises your code, over a real socket where HTTP is involved, and either
  returns ``"passed"`` or raises :class:`ExerciseFailed` saying, in plain words, the first
  thing that is wrong and how to see it for yourself (a ``curl`` line, or a few lines of
  Python for the parser).

The HTTP checks serve your code with the chapter's :class:`HTTPServer` on 127.0.0.1, port 0,
and stop it before they return, whatever happens.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import requests

from chapters.ch01_tcp.exercises import ExerciseFailed, is_placeholder
from chapters.ch02_http.connection import Connection
from chapters.ch02_http.errors import RemoteProtocolError
from chapters.ch02_http.events import NEED_DATA, PAUSED, EndOfMessage, Request, Response
from chapters.ch02_http.messages import Handler, HTTPRequest, HTTPResponse
from chapters.ch02_http.server import HTTPServer
from chapters.ch02_http.state import ERROR
from chapters.ch02_http.static import StaticFiles
from chapters.support import serve_in_background

__all__ = [
    "ExerciseFailed",
    "check_etag_static_files",
    "check_header_count_limit",
    "check_time_route",
    "request_with_headers",
]

Result = Literal["not attempted", "passed"]


# --- shared helpers ----------------------------------------------------------------------


def _not_attempted(title: str) -> Result:
    print(f"{title}: not attempted yet (replace the NotImplementedError, then run this cell again)")
    return "not attempted"


def _passed(title: str) -> Result:
    print(f"{title}: all checks passed ✓")
    return "passed"


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ExerciseFailed(message)


def _untouched(cls: object, base: type) -> bool:
    """True for ``None``, ``base`` itself, or a class whose own methods (``__init__`` aside)
    are all placeholders: a subclass of ``base`` nobody has written yet."""
    if cls is None or cls is base or not isinstance(cls, type):
        return True
    own = [
        value
        for klass in cls.__mro__[: cls.__mro__.index(base) if base in cls.__mro__ else 1]
        for name, value in vars(klass).items()
        if callable(value) and name != "__init__"
    ]
    return all(is_placeholder(method) for method in own)


def _call_directly(handler: Handler, method: str, target: str) -> HTTPResponse:
    """Call a handler without a server: the quickest way to see NotImplementedError."""
    request = HTTPRequest(
        method=method, target=target, http_version="1.1", headers=[(b"host", b"check")]
    )
    response = handler(request)
    _expect(
        isinstance(response, HTTPResponse),
        f"{method} {target} returned {response!r}: a handler must return an HTTPResponse",
    )
    close = getattr(response.body, "close", None)
    if close is not None:
        close()  # a streamed file: we only wanted to see that it runs
    return response


@contextmanager
def _serving(handler: Handler) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1, port 0; yield its base URL; always stop it."""
    with serve_in_background(HTTPServer("127.0.0.1", 0, app=handler)) as server:
        yield f"http://127.0.0.1:{server.port}"


def _request(method: str, url: str, **kwargs: Any) -> requests.Response:
    try:
        return requests.request(method, url, timeout=5, allow_redirects=False, **kwargs)
    except requests.RequestException as error:
        raise ExerciseFailed(
            f"{method} {url} failed: {error}. The server log above should say why "
            "(an exception in your handler?)"
        ) from error


def _curl(method: str, path: str, headers: dict[str, str] | None = None) -> str:
    """A line to reproduce a failure against your own server (PORT: its ``.port``)."""
    options = "-I" if method == "HEAD" else "-i" if method == "GET" else f"-i -X {method}"
    for name, value in (headers or {}).items():
        options += f" -H '{name}: {value}'"
    return (
        f"\n  Reproduce: curl {options} http://127.0.0.1:PORT{path}\n"
        "  (serve your code first, e.g. server = BackgroundServer(HTTPServer(app=...)).start(), "
        "and use server.port as PORT)"
    )


# --- exercise 1: a /time route ---------------------------------------------------------------


def check_time_route(make_app_with_time: Callable[..., Handler] | None) -> Result:
    """Exercise 1: ``make_app_with_time(directory)`` is the chapter's app plus ``GET /time``.

    ``/time`` answers the current time in ISO 8601 with its time zone, as ``text/plain``;
    GET and HEAD only (405 with an ``Allow`` header otherwise); every other path goes to the
    chapter's app as before.
    """
    title = "Exercise 1, GET /time"
    if is_placeholder(make_app_with_time):
        return _not_attempted(title)
    assert make_app_with_time is not None
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "hello.txt").write_text("hello, file\n")
        try:
            app = make_app_with_time(directory)
            _call_directly(app, "GET", "/time")
        except NotImplementedError:
            return _not_attempted(title)
        except ExerciseFailed:
            raise
        except Exception as error:
            raise ExerciseFailed(f"calling your app for GET /time raised {error!r}") from error
        with _serving(app) as base:
            _time_answers_get(base)
            _time_refuses_other_methods(base)
            _other_paths_still_work(base)
    return _passed(title)


def _time_answers_get(base: str) -> None:
    for path in ("/time", "/time?tz=utc"):
        response = _request("GET", base + path)
        hint = (
            " (match on request.path: request.target still has the query string)"
            if "?" in path
            else ""
        )
        _expect(
            response.status_code == 200,
            f"GET {path} answered {response.status_code}, expected 200{hint}." + _curl("GET", path),
        )
        content_type = response.headers.get("content-type", "")
        _expect(
            content_type.startswith("text/plain"),
            f"GET {path} has content-type {content_type!r}, expected text/plain "
            "(HTTPResponse.text sets it for you)." + _curl("GET", path),
        )
        text = response.text.strip()
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            raise ExerciseFailed(
                f"GET {path} answered {text[:60]!r}, which is not an ISO 8601 time such as "
                "'2025-01-31T12:00:00+00:00' (datetime.fromisoformat can't read it)."
                + _curl("GET", path)
            ) from None
        _expect(
            when.tzinfo is not None,
            f"GET {path} answered {text!r}, a time without a time zone: a client elsewhere can't "
            "tell which moment it is. Use datetime.now(UTC).isoformat()." + _curl("GET", path),
        )
        off = abs(when - datetime.now(UTC))
        _expect(
            off < timedelta(minutes=1),
            f"GET {path} answered {text!r}, which is {off} away from now: is the time zone right?"
            + _curl("GET", path),
        )
    response = _request("HEAD", base + "/time")
    _expect(
        response.status_code == 200 and response.content == b"",
        f"HEAD /time answered {response.status_code} {response.content[:40]!r}, expected 200 and no "
        "body (answer HEAD like GET: the server drops the body)." + _curl("HEAD", "/time"),
    )


def _time_refuses_other_methods(base: str) -> None:
    response = _request("POST", base + "/time", data=b"x")
    _expect(
        response.status_code == 405,
        f"POST /time answered {response.status_code}, expected 405 Method Not Allowed: /time only "
        "reads." + _curl("POST", "/time"),
    )
    allow = response.headers.get("allow", "")
    _expect(
        "GET" in allow.upper(),
        f"the 405 for POST /time has Allow: {allow!r}: RFC 9110 §15.5.6 says a 405 must list the "
        "methods the resource does allow, here 'GET, HEAD'." + _curl("POST", "/time"),
    )


def _other_paths_still_work(base: str) -> None:
    response = _request("GET", base + "/")
    _expect(
        response.status_code == 200 and "Hello from chapter 02" in response.text,
        f"GET / answered {response.status_code}, not the hello page: pass every path other than "
        "/time on to the chapter's app (make_app(directory))." + _curl("GET", "/"),
    )
    response = _request("GET", base + "/files/hello.txt")
    _expect(
        response.status_code == 200 and response.content == b"hello, file\n",
        f"GET /files/hello.txt answered {response.status_code}: build the chapter's app with the "
        "directory you were given, make_app(directory)." + _curl("GET", "/files/hello.txt"),
    )
    response = _request("GET", base + "/no-such-page")
    _expect(
        response.status_code == 404,
        f"GET /no-such-page answered {response.status_code}, expected the chapter app's 404."
        + _curl("GET", "/no-such-page"),
    )


# --- exercise 2: ETag and If-None-Match on static files ---------------------------------------

# entity-tag = [ weak ] opaque-tag; weak = %s"W/"; opaque-tag = DQUOTE *etagc DQUOTE
# etagc = %x21 / %x23-7E / obs-text                                      (RFC 9110 §8.8.3)
ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"')


def check_etag_static_files(static_class: type | None) -> Result:
    """Exercise 2: ``static_class(directory, prefix)`` serves files with an ``ETag`` and
    answers ``304 Not Modified`` when ``If-None-Match`` matches it (RFC 9110 §13.1.2)."""
    title = "Exercise 2, ETag and If-None-Match"
    if _untouched(static_class, StaticFiles):
        return _not_attempted(title)
    assert static_class is not None
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "a.txt")
        path.write_bytes(b"first version\n")
        try:
            handler = static_class(directory, "/files/")
            _call_directly(handler, "GET", "/files/a.txt")
        except NotImplementedError:
            return _not_attempted(title)
        except ExerciseFailed:
            raise
        except Exception as error:
            raise ExerciseFailed(
                f"{static_class.__name__}(directory, '/files/') and a GET /files/a.txt raised {error!r}"
            ) from error
        with _serving(handler) as base:
            etag = _etag_is_sent(base)
            _if_none_match_gives_304(base, etag)
            _weak_comparison(base, etag)
            _changed_file_gets_a_new_etag(base, etag, path)
            _missing_file_is_still_404(base)
    return _passed(title)


def _etag_is_sent(base: str) -> str:
    url = base + "/files/a.txt"
    response = _request("GET", url)
    _expect(
        response.status_code == 200 and response.content == b"first version\n",
        f"GET /files/a.txt answered {response.status_code}, expected 200 and the file."
        + _curl("GET", "/files/a.txt"),
    )
    etag = response.headers.get("etag")
    _expect(etag is not None, "GET /files/a.txt has no ETag header." + _curl("GET", "/files/a.txt"))
    assert etag is not None
    _expect(
        ENTITY_TAG.fullmatch(etag) is not None,
        f"ETag: {etag} is not an entity-tag: it goes between double quotes, like "
        '"5f3a-1c" (or W/"5f3a-1c" for a weak one), RFC 9110 §8.8.3.'
        + _curl("GET", "/files/a.txt"),
    )
    again = _request("GET", url).headers.get("etag")
    _expect(
        again == etag,
        f"two GETs of the same unchanged file got different ETags ({etag} then {again}): derive it "
        "from the file (its size and modification time, or a hash of its bytes), not from the clock "
        "or a counter." + _curl("GET", "/files/a.txt"),
    )
    return etag


def _if_none_match_gives_304(base: str, etag: str) -> None:
    url = base + "/files/a.txt"
    for method in ("GET", "HEAD"):
        for value in (etag, f'"not-this-one", {etag}', "*"):
            headers = {"If-None-Match": value}
            response = _request(method, url, headers=headers)
            hint = (
                " (If-None-Match may list several tags, separated by commas)"
                if "," in value
                else ""
            )
            hint = ' ("*" matches any current version of the file)' if value == "*" else hint
            _expect(
                response.status_code == 304,
                f"{method} /files/a.txt with If-None-Match: {value} answered "
                f"{response.status_code}, expected 304 Not Modified{hint}."
                + _curl(method, "/files/a.txt", headers),
            )
            _expect(
                response.content == b"",
                f"the 304 for {method} /files/a.txt has a body ({response.content[:30]!r}...): a 304 "
                "never has one." + _curl(method, "/files/a.txt", headers),
            )
            _expect(
                response.headers.get("etag") == etag,
                f"the 304 for {method} /files/a.txt has ETag {response.headers.get('etag')!r}: "
                f"send the same ETag as the 200 ({etag}), RFC 9110 §15.4.5."
                + _curl(method, "/files/a.txt", headers),
            )
    headers = {"If-None-Match": '"not-this-one"'}
    response = _request("GET", url, headers=headers)
    _expect(
        response.status_code == 200 and response.content == b"first version\n",
        f'GET /files/a.txt with If-None-Match: "not-this-one" answered {response.status_code}: '
        "an ETag that does not match means the client's copy is stale, so send the file (200)."
        + _curl("GET", "/files/a.txt", headers),
    )


def _weak_comparison(base: str, etag: str) -> None:
    other = etag[2:] if etag.startswith("W/") else "W/" + etag
    headers = {"If-None-Match": other}
    response = _request("GET", base + "/files/a.txt", headers=headers)
    _expect(
        response.status_code == 304,
        f"GET /files/a.txt with If-None-Match: {other} answered {response.status_code} although the "
        f"file's ETag is {etag}: If-None-Match uses the weak comparison (RFC 9110 §8.8.3.2), where "
        'W/"x" and "x" match. Drop a leading W/ from both sides before comparing.'
        + _curl("GET", "/files/a.txt", headers),
    )


def _changed_file_gets_a_new_etag(base: str, etag: str, path: Path) -> None:
    path.write_bytes(b"second version, longer\n")
    later = time.time() + 10
    os.utime(path, (later, later))  # a new size, a new time and new bytes: any good ETag changes
    headers = {"If-None-Match": etag}
    response = _request("GET", base + "/files/a.txt", headers=headers)
    _expect(
        response.status_code == 200 and response.content == b"second version, longer\n",
        f"after the file changed, GET /files/a.txt with the old ETag ({etag}) answered "
        f"{response.status_code}: the client would keep a stale copy. The ETag must change when "
        "the file does." + _curl("GET", "/files/a.txt", headers),
    )
    new_etag = response.headers.get("etag")
    _expect(
        new_etag is not None and new_etag != etag,
        f"after the file changed its ETag is still {new_etag}." + _curl("GET", "/files/a.txt"),
    )


def _missing_file_is_still_404(base: str) -> None:
    headers = {"If-None-Match": "*"}
    response = _request("GET", base + "/files/missing.txt", headers=headers)
    _expect(
        response.status_code == 404,
        f"GET /files/missing.txt with If-None-Match: * answered {response.status_code}, expected "
        '404: "*" matches only when the file exists, so check the condition on a 200 response.'
        + _curl("GET", "/files/missing.txt", headers),
    )


# --- exercise 3: a limit on the number of header lines -----------------------------------------


def request_with_headers(count: int, *, repeat: bool = False) -> bytes:
    """The bytes of a GET with exactly ``count`` header lines (Host included).

    >>> request_with_headers(2)
    b'GET / HTTP/1.1\\r\\nhost: example\\r\\nx-header-0: 1\\r\\n\\r\\n'
    """
    names = [b"x-same" if repeat else b"x-header-%d" % i for i in range(count - 1)]
    return (
        b"GET / HTTP/1.1\r\nhost: example\r\n" + b"".join(n + b": 1\r\n" for n in names) + b"\r\n"
    )


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


def _refuses(
    make: Callable[[], Connection], data: bytes, what: str, reproduce: str, **feed: bool
) -> Connection:
    conn = make()
    try:
        events = _events(conn, data, **feed)
    except RemoteProtocolError as error:
        _expect(
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


def _accepts(
    make: Callable[[], Connection], data: bytes, what: str, reproduce: str, **feed: bool
) -> None:
    try:
        events = _events(make(), data, **feed)
    except RemoteProtocolError as error:
        raise ExerciseFailed(
            f"{what} was refused ({error}), but it is within the limit." + reproduce
        ) from None
    _expect(
        any(isinstance(event, Request) for event in events)
        and isinstance(events[-1], EndOfMessage),
        f"{what} gave the events {events}, expected a Request and an EndOfMessage." + reproduce,
    )


def check_header_count_limit(connection_class: type[Connection] | None) -> Result:
    """Exercise 3: ``connection_class(max_header_count=N, **kwargs)`` is a :class:`Connection`
    that refuses a request with more than N header lines: RemoteProtocolError, status 431."""
    title = "Exercise 3, max_header_count"
    if _untouched(connection_class, Connection):
        return _not_attempted(title)
    assert connection_class is not None
    _expect(
        issubclass(connection_class, Connection),
        f"{connection_class.__name__} should subclass Connection, so that everything else it does stays the same",
    )

    def make() -> Connection:
        return connection_class(max_header_count=3)

    try:
        make()
    except TypeError as error:
        raise ExerciseFailed(
            f"{connection_class.__name__}(max_header_count=3) failed with {error!r}: take "
            "max_header_count as a keyword argument and pass the others on to Connection"
        ) from error
    try:
        _accepts(
            make,
            request_with_headers(3),
            "with max_header_count=3, a request with 3 header lines",
            _reproduce(3, 3),
        )
    except NotImplementedError:
        return _not_attempted(title)
    _header_count_is_enforced(connection_class, make)
    _other_arguments_still_work(connection_class)
    return _passed(title)


def _header_count_is_enforced(
    connection_class: type[Connection], make: Callable[[], Connection]
) -> None:
    what = "with max_header_count=3, a request with 4 header lines"
    conn = _refuses(make, request_with_headers(4), what, _reproduce(4, 3))
    _expect(
        conn.their_state is ERROR and not conn.keep_alive,
        f"after refusing a request with 4 header lines, their_state is {conn.their_state} (expected ERROR) and keep_alive "
        f"is {conn.keep_alive}: raise the error while next_event() is parsing the head (override "
        "_start_cycle(request), which it calls with each new Request), so that the connection "
        "marks the client ERROR and the server closes it." + _reproduce(4, 3),
    )
    _refuses(
        make,
        request_with_headers(4),
        what + ", fed one byte at a time",
        _reproduce(4, 3),
        one_byte_at_a_time=True,
    )
    _accepts(
        make,
        request_with_headers(3),
        "a request with 3 header lines, fed one byte at a time",
        _reproduce(3, 3),
        one_byte_at_a_time=True,
    )
    _refuses(
        make,
        request_with_headers(4, repeat=True),
        "with max_header_count=3, a request with 4 header lines, 3 of them named X-Same",
        _reproduce(4, 3, repeat=True)
        + "\n  Count lines, not distinct names: a client can repeat a name 10,000 times.",
    )
    conn = make()
    for turn in ("first", "second", "third"):
        try:
            events = _events(conn, request_with_headers(3))
        except RemoteProtocolError as error:
            raise ExerciseFailed(
                f"on a kept-alive connection the {turn} request with 3 header lines was refused "
                f"({error}): count the headers of each request, not of the whole connection."
            ) from None
        _expect(
            any(isinstance(e, Request) for e in events),
            f"the {turn} request on a kept-alive connection gave {events}",
        )
        conn.send(Response(status_code=204))
        conn.send(EndOfMessage())
    _accepts(
        connection_class,
        request_with_headers(100),
        "with the default limit, a request with 100 header lines",
        _reproduce(100, None),
    )
    _refuses(
        connection_class,
        request_with_headers(101),
        "with the default limit (100), a request with 101 header lines",
        _reproduce(101, None),
    )


def _other_arguments_still_work(connection_class: type[Connection]) -> None:
    try:
        conn = connection_class(max_header_count=5, max_body_size=4)
    except TypeError as error:
        raise ExerciseFailed(
            f"{connection_class.__name__}(max_header_count=5, max_body_size=4) failed with {error!r}: "
            "pass the other keyword arguments on, super().__init__(**kwargs)"
        ) from error
    data = b"POST / HTTP/1.1\r\nhost: example\r\ncontent-length: 10\r\n\r\n0123456789"
    try:
        _events(conn, data)
    except RemoteProtocolError as error:
        _expect(
            error.status_hint == 413,
            f"with max_body_size=4, a 10-byte body was refused with {error.status_hint}, expected 413",
        )
        return
    raise ExerciseFailed(
        "with max_body_size=4, a 10-byte body was accepted: pass the other keyword arguments on "
        "to Connection, super().__init__(**kwargs)"
    )
