"""Chapter 03's contract: ``build_environ()`` and ``make_server()`` (PEP 3333).

Run against the reference by default, and against yours with
``pytest tests/ch03_wsgi --impl my_wsgi`` (see README.md, "Build it yourself: the contract").
``wsgiref.validate`` (the standard library's PEP 3333 checker) is the oracle for the environ.
Each failure shows what was sent and what came back.
"""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any
from wsgiref.validate import check_environ

import pytest

from chapters.ch02_http import Request
from tests.workshop import TIMEOUT, Transcript, parse_http_reply, running

pytestmark = pytest.mark.timeout(30)

SERVER = ("127.0.0.1", 8000)
CLIENT = ("127.0.0.1", 50000)


def environ_for(
    transcript: Transcript, impl: ModuleType, request: Request, body: bytes = b""
) -> Any:
    return transcript.call(impl.build_environ, request, body, SERVER, CLIENT)


def pep3333_problems(environ: Any) -> list[str]:
    """What ``wsgiref.validate`` finds wrong with an environ (its assertions and warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            check_environ(environ)
        except (AssertionError, KeyError, TypeError) as error:
            return [f"{type(error).__name__}: {error}"]
    return [str(warning.message) for warning in caught]


def test_the_environ_has_cgis_variables(impl: ModuleType, transcript: Transcript) -> None:
    request = Request(
        method=b"GET",
        target=b"/caf%C3%A9/menu?lang=fr&x=1",
        headers=[(b"host", b"example.com"), (b"user-agent", b"test"), (b"x-request-id", b"42")],
    )
    environ = environ_for(transcript, impl, request)
    expected = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/caf\xc3\xa9/menu",  # percent-decoded, the bytes as latin-1 (PEP 3333)
        "QUERY_STRING": "lang=fr&x=1",  # as sent
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "example.com",
        "HTTP_USER_AGENT": "test",
        "HTTP_X_REQUEST_ID": "42",  # upper case, "-" becomes "_"
    }
    assert {key: environ.get(key) for key in expected} == expected


def test_the_body_and_its_headers(impl: ModuleType, transcript: Transcript) -> None:
    request = Request(
        method=b"POST",
        target=b"/notes",
        headers=[(b"host", b"x"), (b"content-type", b"text/plain"), (b"content-length", b"5")],
    )
    environ = environ_for(transcript, impl, request, b"hello")
    assert (environ.get("CONTENT_TYPE"), environ.get("CONTENT_LENGTH")) == ("text/plain", "5")
    assert "HTTP_CONTENT_TYPE" not in environ and "HTTP_CONTENT_LENGTH" not in environ, (
        "content-type and content-length have keys of their own, without HTTP_"
    )
    assert transcript.read("environ['wsgi.input'].read()", environ["wsgi.input"].read) == b"hello"


def test_a_repeated_header_is_one_value_joined_by_commas(
    impl: ModuleType, transcript: Transcript
) -> None:
    request = Request(
        method=b"GET",
        target=b"/",
        headers=[(b"host", b"x"), (b"accept", b"text/html"), (b"accept", b"application/json")],
    )
    environ = environ_for(transcript, impl, request)
    assert environ.get("HTTP_ACCEPT", "").replace(" ", "") == "text/html,application/json"


def test_the_environ_passes_wsgiref_validate(impl: ModuleType, transcript: Transcript) -> None:
    request = Request(method=b"POST", target=b"/x?y=1", headers=[(b"host", b"x")])
    environ = environ_for(transcript, impl, request, b"")
    assert environ.get("wsgi.version") == (1, 0)
    assert environ.get("wsgi.url_scheme") == "http"
    flags = ("wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once")
    assert all(isinstance(environ.get(flag), bool) for flag in flags), f"{flags} are booleans"
    assert pep3333_problems(environ) == [], "wsgiref.validate.check_environ complains"


# -- the server ---------------------------------------------------------------------------


class ClosingBody:
    """A response iterable with ``close()``, which PEP 3333 says the server must call."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)

    def close(self) -> None:
        self.closed.set()


class App:
    """``/hello``, ``/echo`` (what the app saw), ``/closing`` and ``/fail`` (raises)."""

    def __init__(self) -> None:
        self.closing = ClosingBody([b"closed ", b"after"])

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        if path == "/fail":
            raise RuntimeError("the application failed, on purpose")
        if path == "/closing":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return self.closing
        if path == "/echo":
            return self.echo(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/plain"), ("X-App", "contract")])
        return [b"Hello, ", b"WSGI!"]

    def echo(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        seen = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING"),
            "body": environ["wsgi.input"].read(length).decode("latin-1"),
            "problems": pep3333_problems(environ),
        }
        data = json.dumps(seen).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
        start_response("200 OK", headers)
        return [data]


def request(path: str, method: str = "GET", body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def test_the_server_sends_the_apps_status_headers_and_body(
    impl: ModuleType, transcript: Transcript
) -> None:
    with running(transcript, impl.make_server, "127.0.0.1", 0, App()) as server:
        reply = parse_http_reply(transcript.exchange(server.port, request("/hello")).data)
    assert (reply.status, reply.reason) == (200, "OK")
    assert reply.header("x-app") == "contract", "the headers given to start_response"
    assert reply.body == b"Hello, WSGI!", "every chunk of the iterable, in order"


def test_the_app_sees_the_request_and_its_body(impl: ModuleType, transcript: Transcript) -> None:
    with running(transcript, impl.make_server, "127.0.0.1", 0, App()) as server:
        raw = transcript.exchange(server.port, request("/echo?x=1", "POST", b"ping")).data
    reply = parse_http_reply(raw)
    assert reply.status == 200
    seen = json.loads(reply.body)
    assert seen["problems"] == [], "the environ the app got fails wsgiref.validate"
    assert {k: seen[k] for k in ("method", "path", "query", "body")} == {
        "method": "POST",
        "path": "/echo",
        "query": "x=1",
        "body": "ping",
    }


def test_the_server_calls_close_on_the_apps_iterable(
    impl: ModuleType, transcript: Transcript
) -> None:
    app = App()
    with running(transcript, impl.make_server, "127.0.0.1", 0, app) as server:
        reply = parse_http_reply(transcript.exchange(server.port, request("/closing")).data)
        assert reply.body == b"closed after"
        assert app.closing.closed.wait(TIMEOUT), "close() was never called on the app's iterable"


def test_an_app_that_raises_gets_a_500_and_the_server_goes_on(
    impl: ModuleType, transcript: Transcript
) -> None:
    with running(transcript, impl.make_server, "127.0.0.1", 0, App()) as server:
        failed = parse_http_reply(transcript.exchange(server.port, request("/fail")).data)
        assert failed.status == 500, "the app raised before start_response: answer 500"
        after = parse_http_reply(transcript.exchange(server.port, request("/hello")).data)
        assert after.status == 200, "one failing request must not stop the server"
