"""Every app wrapped in ``wsgiref.validate.validator``, across the whole request matrix.

The validator checks the server's side of PEP 3333 (environ keys and types, ``wsgi.input``
and ``wsgi.errors``, ``start_response``, ``write``, calling ``close()``) as much as the
app's. Zero complaints, for every method, body framing, query string and response shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from wsgiref.validate import validator

import pytest

from chapters.ch03_wsgi import (
    Environ,
    StartResponse,
    WSGIApplication,
    echo_app,
    hello_app,
)
from tests.ch02_http.raw_http import RawClient
from tests.ch03_wsgi.helpers import running, validator_watch


def write_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """The legacy imperative API: write() the body, return an empty iterable."""
    write = start_response("200 OK", [("Content-Type", "text/plain")])
    write(b"written, ")
    write(b"then returned")
    return []


def streaming_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """A generator with empty chunks in between (they must not end a chunked body)."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return iter([b"", b"stream", b"", b"ed"])


def lines_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """Reads the body with readline, readlines and iteration, and counts what it got."""
    body = environ["wsgi.input"]
    first = body.readline()
    second = body.readline(3)
    rest = body.readlines()
    errors = environ["wsgi.errors"]
    errors.write("")  # a wsgi.errors that works (the validator checks the type)
    errors.flush()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"|".join([first, second, *rest])]


def iterating_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"".join(environ["wsgi.input"])]


BODY = b"line one\nline two\nline three"


def expected(app: WSGIApplication, body: bytes) -> bytes:
    if app is hello_app:
        return b"Hello, WSGI!\n"
    if app is echo_app or app is iterating_app:
        return body
    if app is write_app:
        return b"written, then returned"
    if app is streaming_app:
        return b"streamed"
    if app is lines_app:
        first, _, rest = body.partition(b"\n")
        first += b"\n" if _ else b""
        second, rest = rest[:3], rest[3:]
        return b"|".join([first, second, *rest.splitlines(keepends=True)])
    raise AssertionError(app)


APPS = [hello_app, echo_app, write_app, streaming_app, lines_app, iterating_app]


def chunked(body: bytes) -> bytes:
    pieces = [body[i : i + 7] for i in range(0, len(body), 7)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def requests_matrix() -> Iterator[tuple[str, bytes, bytes, bytes]]:
    """(id, method, raw request, body the app sees)."""
    for target in (b"/", b"/path%20with%20space?x=1&y=%C3%A9"):
        head = b" " + target + b" HTTP/1.1\r\nHost: test\r\n"
        yield f"GET {target!r}", b"GET", b"GET" + head + b"\r\n", b""
        yield f"HEAD {target!r}", b"HEAD", b"HEAD" + head + b"\r\n", b""
        yield (
            f"POST-length {target!r}",
            b"POST",
            b"POST" + head + b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY,
            BODY,
        )
        yield (
            f"POST-chunked {target!r}",
            b"POST",
            b"POST" + head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked(BODY),
            BODY,
        )
        yield f"POST-empty {target!r}", b"POST", b"POST" + head + b"Content-Length: 0\r\n\r\n", b""


MATRIX = list(requests_matrix())


@pytest.mark.parametrize("app", APPS, ids=lambda app: app.__name__)
def test_no_validator_complaint_across_the_request_matrix(app: WSGIApplication) -> None:
    with (
        validator_watch() as problems,
        running(validator(app)) as server,
        RawClient(server.port) as client,
    ):
        for name, method, raw, body in MATRIX:  # all on one keep-alive connection
            client.send(raw)
            response = client.read_response(method=method)
            assert response.status == 200, (name, response.head)
            want = b"" if method == b"HEAD" else expected(app, body)
            assert response.body == want, name
    assert problems == []


def test_the_validator_would_catch_a_broken_server() -> None:
    """The watch is not blind: an app given a bad start_response is reported."""

    def broken_server_call(app: Callable[..., Iterable[bytes]]) -> None:
        environ = {"REQUEST_METHOD": "GET"}  # most required keys missing
        app(environ, lambda *args: None)

    with pytest.raises(AssertionError, match="Environment missing required key"):
        broken_server_call(validator(hello_app))
