"""Bad input, slow clients, vanishing clients and many clients, against the real server.

Every bad request goes over a raw socket (a client library would refuse to send most of
them) and must get the status its fault calls for, then a closed connection, while the
server goes on answering everyone else.
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus

import pytest
import requests

from chapters.ch02_http.app import make_app
from chapters.ch02_http.messages import HTTPRequest, HTTPResponse
from chapters.ch02_http.server import HTTPServer
from tests.ch02_http.raw_http import HOST, TIMEOUT, RawClient, assert_still_serving, running

MAX_BODY = 1024  # the limit of the servers in this module, so that "too large" is cheap to send


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    with running(make_app(), max_body_size=MAX_BODY) as server:
        yield server


def wait_until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes (for state with no event to wait on)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def assert_error_then_closed(client: RawClient, status: int) -> None:
    response = client.read_response()
    assert response.status == status, response.head
    assert response.reason == HTTPStatus(status).phrase.encode()
    assert response.header_values("connection") == ["close"], response.head
    assert response.header("content-type") == "text/plain; charset=utf-8"
    assert response.body.startswith(f"{status} ".encode())
    assert client.read_until_close() == b"", "the server must close after an error response"


GET = b"GET / HTTP/1.1\r\nHost: test\r\n"
POST = b"POST /echo HTTP/1.1\r\nHost: test\r\n"

BAD_INPUT = [
    pytest.param(b"GET /\r\nHost: test\r\n\r\n", 400, id="request-line-without-version"),
    pytest.param(b"GET  / HTTP/1.1\r\nHost: test\r\n\r\n", 400, id="request-line-double-space"),
    pytest.param(b"GET / HTTP/1.1 \r\nHost: test\r\n\r\n", 400, id="request-line-trailing-space"),
    pytest.param(b"GET / http/1.1\r\nHost: test\r\n\r\n", 400, id="lowercase-http-name"),
    pytest.param(b"GET / HTTP/1.x\r\nHost: test\r\n\r\n", 400, id="version-not-digits"),
    pytest.param(b"G(T / HTTP/1.1\r\nHost: test\r\n\r\n", 400, id="method-not-a-token"),
    pytest.param(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", 400, id="tls-handshake"),
    pytest.param(GET + b"X-A: 1\rX-B: 2\r\n\r\n", 400, id="bare-CR-in-header"),
    pytest.param(b"GET /\r HTTP/1.1\r\nHost: test\r\n\r\n", 400, id="bare-CR-in-request-line"),
    pytest.param(GET + b"X-A: a\x00b\r\n\r\n", 400, id="NUL-in-header-value"),
    pytest.param(b"GET /a\x00b HTTP/1.1\r\nHost: test\r\n\r\n", 400, id="NUL-in-target"),
    pytest.param(GET + b"X-A : 1\r\n\r\n", 400, id="space-before-colon"),
    pytest.param(GET + b"X-A\t: 1\r\n\r\n", 400, id="tab-before-colon"),
    pytest.param(GET + b"no colon here\r\n\r\n", 400, id="header-without-colon"),
    pytest.param(GET + b"X-A: one\r\n  two\r\n\r\n", 400, id="obs-fold"),
    pytest.param(b"GET / HTTP/1.1\r\n\r\n", 400, id="missing-host"),
    pytest.param(GET + b"Host: other\r\n\r\n", 400, id="two-hosts"),
    pytest.param(POST + b"Content-Length: abc\r\n\r\n", 400, id="content-length-not-a-number"),
    pytest.param(POST + b"Content-Length: -1\r\n\r\n", 400, id="content-length-negative"),
    pytest.param(POST + b"Content-Length: +5\r\n\r\nhello", 400, id="content-length-plus-sign"),
    pytest.param(POST + b"Content-Length: 0x5\r\n\r\nhello", 400, id="content-length-hex"),
    pytest.param(POST + b"Content-Length: 5 5\r\n\r\nhello", 400, id="content-length-two-numbers"),
    pytest.param(
        POST + b"Content-Length: 5, 6\r\n\r\nhello!", 400, id="content-length-conflicting-list"
    ),
    pytest.param(
        POST + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        400,
        id="content-length-conflicting-lines",
    ),
    pytest.param(
        POST + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
        id="smuggling-CL-TE",
    ),
    pytest.param(
        POST + b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        400,
        id="smuggling-TE-CL",
    ),
    pytest.param(
        b"POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
        id="transfer-encoding-in-1.0",
    ),
    pytest.param(
        POST + b"Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400, id="chunked-twice"
    ),
    pytest.param(POST + b"Transfer-Encoding: gzip\r\n\r\n", 501, id="unknown-transfer-coding"),
    pytest.param(
        POST + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        501,
        id="unknown-coding-then-chunked",
    ),
    pytest.param(POST + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400, id="chunk-size-not-hex"),
    pytest.param(
        POST + b"Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
        400,
        id="chunk-size-0x",
    ),
    pytest.param(
        POST + b"Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
        400,
        id="chunk-size-negative",
    ),
    pytest.param(
        POST + b"Transfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n",
        400,
        id="chunk-size-space",
    ),
    pytest.param(POST + b"Transfer-Encoding: chunked\r\n\r\n\r\n", 400, id="chunk-size-empty"),
    pytest.param(
        POST + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n",
        400,
        id="chunk-longer-than-its-size",
    ),
    pytest.param(
        POST + b"Transfer-Encoding: chunked\r\n\r\n" + b"1" * 5000 + b"\r\n",
        400,
        id="chunk-size-line-too-long",
    ),
    pytest.param(
        GET + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"a" * 1000) for i in range(80)) + b"\r\n",
        431,
        id="header-section-too-large",
    ),
    pytest.param(GET + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431, id="one-header-too-large"),
    pytest.param(
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: test\r\n\r\n",
        414,
        id="request-line-too-long",
    ),
    pytest.param(b"GET / HTTP/2.0\r\nHost: test\r\n\r\n", 505, id="HTTP/2.0"),
    pytest.param(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, id="HTTP/2-preface"),
    pytest.param(b"GET / HTTP/0.9\r\nHost: test\r\n\r\n", 505, id="HTTP/0.9"),
    pytest.param(
        POST + b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1), 413, id="content-length-over-limit"
    ),
    pytest.param(
        POST
        + b"Transfer-Encoding: chunked\r\n\r\n%x\r\n" % (MAX_BODY + 1)
        + b"a" * (MAX_BODY + 1)
        + b"\r\n0\r\n\r\n",
        413,
        id="chunked-body-over-limit",
    ),
]


@pytest.mark.parametrize("raw, status", BAD_INPUT)
def test_bad_input_gets_its_status_then_the_connection_is_closed(
    server: HTTPServer, raw: bytes, status: int
) -> None:
    with RawClient(server.port) as client:
        client.send(raw)
        assert_error_then_closed(client, status)
    assert_still_serving(server.port)


def test_bad_request_after_a_good_one_on_the_same_connection(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(GET + b"\r\n" + b"GET / HTTP/1.1\r\nHost : test\r\n\r\n")
        assert client.read_response().status == 200
        assert_error_then_closed(client, 400)


def test_bytes_after_an_error_are_never_parsed_as_a_request() -> None:
    """The classic smuggling shape: whatever follows a refused request is not served."""
    seen: list[str] = []

    def app(request: HTTPRequest) -> HTTPResponse:
        seen.append(request.target)
        return HTTPResponse.text("ok\n")

    with running(app) as server, RawClient(server.port) as client:
        client.send(
            POST + b"Content-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: test\r\n\r\n"
        )
        assert_error_then_closed(client, 400)
    assert seen == []


# -- 413: refused as soon as the head says so ----------------------------------------------


def test_body_too_large_is_refused_before_the_body_is_sent(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(POST + b"Content-Length: 1000000\r\n\r\n")  # and not one byte of the body
        assert_error_then_closed(client, 413)


def test_body_too_large_with_expect_100_gets_413_instead_of_100(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(POST + b"Content-Length: 1000000\r\nExpect: 100-continue\r\n\r\n")
        assert_error_then_closed(client, 413)  # the first status line is the 413, not a 100


def test_413_survives_a_client_that_reads_only_after_sending_everything(server: HTTPServer) -> None:
    """The lingering close: closing with the client's bytes unread would send a reset, and a
    reset makes the client's kernel drop the 413 before the client reads it (RFC 9112 §9.6).

    The client sends the whole body without reading, and reads only once the server has
    finished with the connection: the 413 must be there, followed by an orderly close.
    """
    with RawClient(server.port) as client:
        client.send(POST + b"Content-Length: 262144\r\n\r\n" + b"x" * 262_144)
        assert wait_until(lambda: server.active_connections == 0), (
            "the connection's thread did not end"
        )
        assert client.read_response().status == 413
        assert client.read_until_close(reset_ok=False) == b""  # a FIN, not a reset


def test_body_too_large_while_the_client_keeps_sending_still_reads_413(server: HTTPServer) -> None:
    """requests sends the whole body before reading: the lingering close lets it read the 413."""
    response = requests.post(
        f"http://{HOST}:{server.port}/echo", data=b"x" * 512 * 1024, timeout=TIMEOUT
    )
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"


# -- timeouts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "partial",
    [
        b"GET / HTTP/1.1\r\nHost: te",
        POST + b"Content-Length: 10\r\n\r\nabc",
        POST + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhel",
    ],
    ids=["half-a-head", "half-a-body", "half-a-chunk"],
)
def test_half_a_request_then_silence_gets_408_and_is_closed(partial: bytes) -> None:
    with running(make_app(), timeout=0.5) as server, RawClient(server.port) as client:
        client.send(partial)
        started = time.monotonic()
        assert_error_then_closed(client, 408)
        assert time.monotonic() - started < 4.0


def test_idle_keep_alive_connection_is_closed_without_a_response() -> None:
    with running(make_app(), timeout=0.5) as server:
        with RawClient(server.port) as client:
            client.send(GET + b"\r\n")
            assert client.read_response().status == 200
            assert client.read_until_close() == b""  # closed after ~0.5 s, and silently
        with RawClient(server.port) as client:  # a connection that never sends anything
            assert client.read_until_close() == b""
        with RawClient(server.port) as client:  # empty lines before a request are not a request
            client.send(b"\r\n\r\n")
            assert client.read_until_close() == b""


def test_an_active_keep_alive_connection_outlives_the_timeout() -> None:
    """The timeout is per wait, not per connection: a client that keeps talking stays."""
    with running(make_app(), timeout=0.5) as server, RawClient(server.port) as client:
        deadline = time.monotonic() + 1.5  # three times the server's timeout
        count = 0
        while time.monotonic() < deadline:
            client.send(GET + b"\r\n")
            assert client.read_response().status == 200
            count += 1
        assert count > 3


def test_shutdown_does_not_wait_for_a_half_sent_request() -> None:
    with running(make_app(), timeout=30.0) as server:
        client = RawClient(server.port)
        client.send(b"GET / HTTP/1.1\r\nHost: te")  # and then nothing, for 30 s
        assert wait_until(lambda: server.active_connections == 1)
        started = time.monotonic()
    try:
        assert time.monotonic() - started < 3.0  # the server's thread and the handler's joined
        leftover = client.read_until_close(timeout=1.0)  # TimeoutError if it were still open
        assert b" 200 " not in leftover  # the half request was never served
    finally:
        client.close()


# -- clients that vanish ------------------------------------------------------------------


def reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the kernel sends a RST instead of a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_client_that_disconnects_mid_body_does_not_hurt_the_server(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        client.send(POST + b"Content-Length: 1000\r\n\r\n" + b"a" * 10)
    assert wait_until(lambda: server.active_connections == 0), "the connection's thread did not end"
    assert_still_serving(server.port)


def test_client_that_resets_mid_request_does_not_hurt_the_server(server: HTTPServer) -> None:
    for partial in (GET, POST + b"Content-Length: 1000\r\n\r\nabc"):
        client = RawClient(server.port)
        client.send(partial)
        reset(client.sock)
    assert wait_until(lambda: server.active_connections == 0)
    assert_still_serving(server.port)


def test_client_that_resets_mid_response_does_not_hurt_the_server() -> None:
    closed = threading.Event()

    def endless() -> Iterator[bytes]:
        try:
            while True:
                yield b"x" * 65536
        finally:
            closed.set()  # the server closes the body iterator even though the client left

    def app(request: HTTPRequest) -> HTTPResponse:
        if request.path == "/endless":
            return HTTPResponse(headers=[(b"content-type", b"text/plain")], body=endless())
        return HTTPResponse.text("ok\n")

    with running(app) as server:
        client = RawClient(server.port)
        client.send(b"GET /endless HTTP/1.1\r\nHost: test\r\n\r\n")
        assert client.read_head().status == 200
        reset(client.sock)
        assert closed.wait(TIMEOUT), "the streaming body was not closed after the client left"
        assert wait_until(lambda: server.active_connections == 0)
        assert_still_serving(server.port, "/ok", b"ok\n")


# -- many clients at once -----------------------------------------------------------------


def test_many_concurrent_clients_all_get_their_own_answers() -> None:
    clients, requests_each = 50, 20
    errors: list[BaseException] = []
    answered = [0] * clients
    start = threading.Barrier(clients, timeout=TIMEOUT)

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        try:
            start.wait()  # all connected and sending at the same moment
            for j in range(requests_each):
                body = f"client {index} request {j}".encode()
                connection.request(
                    "POST", "/echo", body=body, headers={"Content-Type": "text/plain"}
                )
                response = connection.getresponse()
                assert (response.status, response.read()) == (200, body)
                answered[index] += 1
        except BaseException as error:  # noqa: BLE001 - reported below with the others
            errors.append(error)
        finally:
            connection.close()

    with running(make_app()) as server:
        port = server.port
        threads = [
            threading.Thread(target=client, args=(i,), name=f"client-{i}") for i in range(clients)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"clients still running after 30 s: {stuck[:5]}"
    assert not errors, errors[:3]
    assert answered == [requests_each] * clients
