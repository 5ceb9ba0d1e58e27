"""The chapter 02 server over real sockets, with real clients.

``requests``, ``http.client``, a raw ``socket`` and ``curl`` (when installed) talk to an
:class:`HTTPServer` on 127.0.0.1, port 0. Only the public surface is used: the server
class, ``make_app``, and ``HTTPRequest`` / ``HTTPResponse`` for the small test apps.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from chapters.ch02_http.app import make_app
from chapters.ch02_http.messages import HTTPRequest, HTTPResponse
from chapters.ch02_http.server import HTTPServer
from chapters.support import serve_in_background
from tests.ch02_http.raw_http import HOST, TIMEOUT, RawClient, assert_still_serving, get, running

HTML_UTF8 = "text/html; charset=utf-8"
TEXT_UTF8 = "text/plain; charset=utf-8"


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    with running(make_app()) as server:
        yield server


def url(server: HTTPServer, path: str) -> str:
    return f"http://{HOST}:{server.port}{path}"


def digest(data: bytes) -> str:
    """Compare 1 MB bodies by hash: a failure then prints two short strings, not a 1 MB diff."""
    return f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"


class ConnectionRecorder:
    """An app that notes the client address (so: the connection) of every request."""

    def __init__(self) -> None:
        self.clients: list[tuple[str, int] | None] = []
        self._lock = threading.Lock()

    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        with self._lock:
            self.clients.append(request.client)
            count = len(self.clients)
        return HTTPResponse.text(f"request {count}\n")


# -- the hello page and the echo ---------------------------------------------------------


def test_hello_page_with_requests(server: HTTPServer) -> None:
    response = requests.get(url(server, "/"), timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.raw.version == 11
    assert response.headers["Content-Type"] == HTML_UTF8
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert "<h1>Hello from chapter 02</h1>" in response.text


def test_hello_page_twice_on_one_http_client_connection(server: HTTPServer) -> None:
    connection = http.client.HTTPConnection(HOST, server.port, timeout=TIMEOUT)
    try:
        for _ in range(2):
            connection.request("GET", "/")
            response = connection.getresponse()
            body = response.read()
            assert (response.status, response.reason, response.version) == (200, "OK", 11)
            assert response.getheader("Content-Type") == HTML_UTF8
            assert b"<h1>Hello from chapter 02</h1>" in body
            assert not response.will_close  # HTTP/1.1 keep-alive
    finally:
        connection.close()


def test_echo_of_a_1mb_body_with_requests(server: HTTPServer) -> None:
    payload = os.urandom(1024 * 1024)
    response = requests.post(
        url(server, "/echo"),
        data=payload,
        headers={"Content-Type": "application/x-test"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-test"
    assert response.headers["Content-Length"] == str(len(payload))
    assert digest(response.content) == digest(payload)


def test_echo_of_a_1mb_body_with_http_client(server: HTTPServer) -> None:
    payload = os.urandom(1024 * 1024)
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        connection.request("POST", "/echo", body=payload, headers={"Content-Type": "image/png"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 200
    assert response.getheader("Content-Type") == "image/png"
    assert digest(body) == digest(payload)


def test_echo_without_content_type_is_octet_stream(server: HTTPServer) -> None:
    response = requests.post(url(server, "/echo"), data=b"\x00\x01raw", timeout=TIMEOUT)
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.content == b"\x00\x01raw"


def test_chunked_upload_is_echoed_intact(server: HTTPServer) -> None:
    pieces = [os.urandom(size) for size in (1, 17, 4096, 65536, 100_000, 3)]

    def body() -> Iterator[bytes]:
        yield from pieces

    response = requests.post(
        url(server, "/echo"),
        data=body(),
        headers={"Content-Type": "application/octet-stream"},
        timeout=10,
    )
    assert response.request.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in response.request.headers
    assert response.status_code == 200
    assert digest(response.content) == digest(b"".join(pieces))


def test_get_on_echo_returns_the_request_head(server: HTTPServer) -> None:
    response = requests.get(
        url(server, "/echo?x=1&y=%20"), headers={"X-Test": "yes"}, timeout=TIMEOUT
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == TEXT_UTF8
    lines = response.text.splitlines()
    assert lines[0] == "GET /echo?x=1&y=%20 HTTP/1.1"
    assert "x-test: yes" in lines  # names arrive lowercased
    assert f"host: {HOST}:{server.port}" in lines


def test_the_app_sees_the_parsed_request() -> None:
    seen: list[HTTPRequest] = []

    def app(request: HTTPRequest) -> HTTPResponse:
        seen.append(request)
        return HTTPResponse.text("ok")

    with running(app) as server:
        response = requests.put(
            url(server, "/a%20b/c?x=1&y=2"),
            data=b"payload",
            headers={"X-Custom": "Value"},
            timeout=TIMEOUT,
        )
    assert response.text == "ok"
    (request,) = seen
    assert (request.method, request.http_version) == ("PUT", "1.1")
    assert (request.target, request.path, request.query) == (
        "/a%20b/c?x=1&y=2",
        "/a b/c",
        "x=1&y=2",
    )
    assert request.header("x-custom") == request.header("X-CUSTOM") == "Value"
    assert request.header("x-missing") is None
    assert request.body == b"payload"
    assert request.client is not None and request.client[0] == HOST


# -- connections: keep-alive, 100-continue, pipelining, HTTP/1.0 ------------------------


def test_a_requests_session_sends_every_request_over_one_connection() -> None:
    recorder = ConnectionRecorder()
    with running(recorder) as server:
        with requests.Session() as session:
            for i in range(1, 6):
                assert session.get(url(server, "/"), timeout=TIMEOUT).text == f"request {i}\n"
        # The counter does tell connections apart: without a session, each request opens its own.
        for _ in range(3):
            requests.get(url(server, "/"), timeout=TIMEOUT)
    session_clients, separate_clients = recorder.clients[:5], recorder.clients[5:]
    assert len(set(session_clients)) == 1, session_clients
    assert len(set(separate_clients)) == 3 and not set(separate_clients) & set(session_clients)


def test_expect_100_continue_before_the_body(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(
            b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 11\r\nExpect: 100-continue\r\n\r\n"
        )
        # Nothing of the body is sent yet: if the server waited for it, this times out.
        interim = client.read_head()
        assert interim.status_line == b"HTTP/1.1 100 Continue"
        assert not client.buffer  # no final response came along with it
        client.send(b"hello world")
        response = client.read_response()
    assert response.status == 200
    assert response.header("content-type") == "text/plain"
    assert response.body == b"hello world"


def test_expect_100_continue_with_curl(server: HTTPServer, tmp_path) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    payload = os.urandom(200_000)
    upload, download = tmp_path / "upload.bin", tmp_path / "download.bin"
    upload.write_bytes(payload)
    result = subprocess.run(
        [curl, "--silent", "--show-error", "--verbose", "--http1.1", "--max-time", "20",
         # Without a 100 curl would wait this long, then send anyway: the assertion on the
         # "100 Continue" line below is what shows the server sent it.
         "--expect100-timeout", "15",
         "-H", "Expect: 100-continue", "-H", "Content-Type: application/octet-stream",
         "--data-binary", f"@{upload}", "--output", str(download), url(server, "/echo")],
        check=False, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "> Expect: 100-continue" in result.stderr
    assert "< HTTP/1.1 100 Continue" in result.stderr
    assert "< HTTP/1.1 200 OK" in result.stderr
    assert digest(download.read_bytes()) == digest(payload)


def test_curl_reuses_the_connection_for_two_urls(server: HTTPServer) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    result = subprocess.run(
        [curl, "--silent", "--show-error", "--verbose", "--http1.1", "--max-time", "20",
         url(server, "/"), url(server, "/echo")],
        check=False, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Re-using existing connection" in result.stderr
    assert "Connection #0 to host" in result.stderr and "#1" not in result.stderr
    assert "<h1>Hello from chapter 02</h1>" in result.stdout
    assert "GET /echo HTTP/1.1" in result.stdout


def test_pipelined_requests_are_answered_in_order(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(
            b"GET /echo?n=1 HTTP/1.1\r\nHost: test\r\n\r\n"
            b"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nsecond"
            b"GET /echo?n=3 HTTP/1.1\r\nHost: test\r\n\r\n"
        )
        first, second, third = (client.read_response() for _ in range(3))
    assert [first.status, second.status, third.status] == [200, 200, 200]
    assert first.body.startswith(b"GET /echo?n=1 HTTP/1.1\n")
    assert second.body == b"second"
    assert third.body.startswith(b"GET /echo?n=3 HTTP/1.1\n")


def test_http_1_0_response_closes_the_connection(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.0\r\n\r\n")
        response = client.read_response()
        assert response.status == 200
        assert response.header("connection") == "close"
        assert client.read_until_close() == b""  # closed by the server, nothing more sent


def test_http_1_0_keep_alive_keeps_the_connection_open(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        first = client.read_response()
        assert first.status == 200
        assert first.header("content-length") == str(len(first.body))
        assert first.header("connection") == "keep-alive"  # HTTP/1.0 keep-alive must be said
        client.send(b"GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        second = client.read_response()
    assert second.status == 200
    assert second.body.startswith(b"GET /echo HTTP/1.0\n")


def test_http_1_0_streamed_response_is_delimited_by_closing() -> None:
    """No chunked encoding for an HTTP/1.0 client: without a length, the close ends the body."""

    def app(request: HTTPRequest) -> HTTPResponse:
        return HTTPResponse(
            headers=[(b"content-type", b"text/plain")], body=iter([b"one ", b"two"])
        )

    with running(app) as server, RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        response = client.read_response()  # no length, not chunked: reads until the close
    assert response.status == 200
    assert (
        response.header("transfer-encoding") is None and response.header("content-length") is None
    )
    assert response.header("connection") == "close"
    assert response.body == b"one two"


def test_head_sends_the_headers_of_get_without_the_body(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        # Pipelined: if HEAD sent any body, the GET's status line would not come next.
        client.send(b"HEAD / HTTP/1.1\r\nHost: test\r\n\r\nGET / HTTP/1.1\r\nHost: test\r\n\r\n")
        head = client.read_response(method=b"HEAD")
        get_response = client.read_response()
    assert head.status == 200
    assert head.header("content-type") == HTML_UTF8
    assert head.header("content-length") == str(len(get_response.body)) != "0"
    assert head.body == b""


def test_unknown_path_is_404(server: HTTPServer) -> None:
    response = requests.get(url(server, "/nowhere"), timeout=TIMEOUT)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == TEXT_UTF8
    assert response.text == "Not Found\n"


def test_wrong_method_on_the_hello_page_is_405_with_allow(server: HTTPServer) -> None:
    for method in ("POST", "PUT", "DELETE"):
        response = requests.request(method, url(server, "/"), data=b"x", timeout=TIMEOUT)
        assert response.status_code == 405, method
        assert response.headers["Allow"] == "GET, HEAD"
        assert response.content == b""


def test_204_and_304_have_no_body_and_no_invented_content_length() -> None:
    """RFC 9110 §8.6: no Content-Length in a 204; in a 304 it would have to be the full length."""

    def app(request: HTTPRequest) -> HTTPResponse:
        if request.path == "/204":
            return HTTPResponse(status=204)
        if request.path == "/304":
            return HTTPResponse(status=304, headers=[(b"etag", b'"v1"')])
        return HTTPResponse.text("after\n")

    with running(app) as server, RawClient(server.port) as client:
        client.send(
            b"GET /204 HTTP/1.1\r\nHost: t\r\n\r\n"
            b"GET /304 HTTP/1.1\r\nHost: t\r\n\r\n"
            b"GET /after HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        no_content, not_modified, after = (client.read_response() for _ in range(3))
    assert no_content.status == 204 and no_content.header("content-length") is None
    assert no_content.header("transfer-encoding") is None
    assert not_modified.status == 304 and not_modified.header("content-length") is None
    assert not_modified.header("etag") == '"v1"'
    assert after.body == b"after\n"  # nothing was sent as a body in between


# -- failures of the application ---------------------------------------------------------


def failing_app(request: HTTPRequest) -> HTTPResponse:
    if request.path == "/boom":
        raise RuntimeError("secret detail of a bug")
    return HTTPResponse.text("ok\n")


def test_app_exception_gives_500_and_the_server_keeps_serving() -> None:
    with running(failing_app) as server:
        response = requests.get(url(server, "/boom"), timeout=TIMEOUT)
        assert response.status_code == 500
        assert response.headers["Content-Type"] == TEXT_UTF8
        assert response.text == "Internal Server Error\n"  # no traceback, no detail leaks
        assert requests.get(url(server, "/fine"), timeout=TIMEOUT).text == "ok\n"  # new connection
        with requests.Session() as session:  # and the 500 doesn't break a kept-alive connection
            assert session.get(url(server, "/boom"), timeout=TIMEOUT).status_code == 500
            assert session.get(url(server, "/fine"), timeout=TIMEOUT).text == "ok\n"


@pytest.mark.parametrize(
    "bad_header",
    [
        (b"x-note", b"ok\r\nSet-Cookie: session=stolen"),  # response splitting
        (b"x-note", b"ok\nSet-Cookie: session=stolen"),
        (b"x-note", b"nul\x00byte"),
        (b"Set-Cookie: session=stolen\r\nx", b"1"),  # CRLF in the name
        (b"bad name", b"1"),
    ],
    ids=["crlf-in-value", "lf-in-value", "nul-in-value", "crlf-in-name", "space-in-name"],
)
def test_invalid_response_header_gives_500_not_a_crash(bad_header: tuple[bytes, bytes]) -> None:
    def app(request: HTTPRequest) -> HTTPResponse:
        if request.path == "/bad":
            return HTTPResponse(headers=[bad_header], body=b"never sent")
        return HTTPResponse.text("ok\n")

    with running(app) as server:
        with RawClient(server.port) as client:
            client.send(
                b"GET /bad HTTP/1.1\r\nHost: test\r\n\r\nGET /ok HTTP/1.1\r\nHost: test\r\n\r\n"
            )
            response = client.read_response()
            following = client.read_response()  # the connection is still usable
        assert response.status == 500
        assert b"stolen" not in response.head and b"never sent" not in response.body
        assert following.body == b"ok\n"
        assert_still_serving(server.port, "/ok", b"ok\n")


@pytest.mark.parametrize("declared_length", [None, b"1000"], ids=["chunked", "content-length"])
def test_streaming_body_that_raises_midway_closes_the_connection_early(
    declared_length: bytes | None,
) -> None:
    closed = threading.Event()

    def broken_body() -> Iterator[bytes]:
        try:
            yield b"first part;"
            raise RuntimeError("the data source failed")
        finally:
            closed.set()

    def app(request: HTTPRequest) -> HTTPResponse:
        if request.path == "/broken":
            headers = [(b"content-length", declared_length)] if declared_length else []
            return HTTPResponse(headers=headers, body=broken_body())
        return HTTPResponse.text("ok\n")

    with running(app) as server:
        with RawClient(server.port) as client:
            client.send(b"GET /broken HTTP/1.1\r\nHost: test\r\n\r\n")
            head = client.read_head()
            assert head.status == 200  # the head was out before the body failed
            rest = client.read_until_close()  # TimeoutError if the server kept it open
        assert closed.wait(TIMEOUT)
        if declared_length is None:
            assert head.header("transfer-encoding") == "chunked"
            assert rest == b"b\r\nfirst part;\r\n"  # no last chunk "0\r\n\r\n": visibly incomplete
        else:
            assert rest == b"first part;"  # short of the 1000 bytes announced
        assert_still_serving(server.port, "/ok", b"ok\n")


def test_shutdown_with_an_idle_keep_alive_connection_is_prompt() -> None:
    server = HTTPServer(HOST, 0, app=make_app(), timeout=30.0)
    with requests.Session() as session:
        with serve_in_background(server):
            assert session.get(url(server, "/"), timeout=TIMEOUT).status_code == 200
            started = time.monotonic()
        # serve_in_background has joined the server's thread, which joined the connection's.
        assert time.monotonic() - started < 3.0
        assert server.active_connections == 0


def test_raw_helper_sends_the_target_verbatim() -> None:
    """Guard for the raw helper the other test modules rely on: no client normalisation."""
    targets: list[str] = []

    def app(request: HTTPRequest) -> HTTPResponse:
        targets.append(request.target)
        return HTTPResponse.text("ok\n")

    with running(app) as server:
        get(server.port, "/a/./b/../%2e%2e/..\\c?q")
    assert targets == ["/a/./b/../%2e%2e/..\\c?q"]
