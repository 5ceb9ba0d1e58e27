"""Bad input, broken applications, vanishing and slow clients: the server answers and goes on.

The bad-input table is chapter 02's (the same parser decides), sent over raw sockets to the
chapter 04 server. The failure policy for broken apps runs on ours and on uvicorn.
"""

from __future__ import annotations

import socket
import time

import pytest
import requests

from tests.ch02_http.raw_http import RawClient, assert_still_serving
from tests.ch02_http.test_server_errors import BAD_INPUT, GET, MAX_BODY, assert_error_then_closed
from tests.ch04_asgi import apps
from tests.ch04_asgi.servers import TIMEOUT, ServeFn, running


def assert_still_hello(port: int) -> None:
    assert_still_serving(port, "/", apps.HELLO)


# -- the chapter 02 bad-input table -------------------------------------------------------------


@pytest.fixture(scope="module")
def echo_server() -> object:
    """One server for the whole table: a bad request must not hurt the next client."""
    with running(apps.echo, max_body_size=MAX_BODY) as server:
        yield server


@pytest.mark.parametrize("raw, status", BAD_INPUT)
def test_bad_input_gets_its_status_then_the_connection_is_closed(echo_server: object, raw: bytes, status: int) -> None:
    port = echo_server.port  # type: ignore[attr-defined]
    with RawClient(port) as client:
        client.send(raw)
        assert_error_then_closed(client, status)
    with RawClient(port) as client:  # and the server still serves
        client.send(b"POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        assert client.read_response().body == b"ok"


def test_bad_request_after_a_good_one_on_the_same_connection() -> None:
    with running(apps.hello) as server, RawClient(server.port) as client:
        client.send(GET + b"\r\n" + b"GET / HTTP/1.1\r\nHost : test\r\n\r\n")
        assert client.read_response().body == apps.HELLO
        assert_error_then_closed(client, 400)


def test_body_over_the_limit_while_the_app_reads_it_gets_413() -> None:
    """The limit is checked as the body arrives: the app reading it gets a disconnect."""
    with running(apps.echo, max_body_size=MAX_BODY) as server, RawClient(server.port) as client:
        client.send(b"POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + b"a" * 16 + b"\r\n")
        client.send(b"%x\r\n" % MAX_BODY + b"b" * MAX_BODY + b"\r\n0\r\n\r\n")
        assert_error_then_closed(client, 413)
        assert_still_hello_after_echo(server.port)


def assert_still_hello_after_echo(port: int) -> None:
    with RawClient(port) as client:
        client.send(b"POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nyes")
        assert client.read_response().body == b"yes"


# -- broken applications: the failure policy ------------------------------------------------------


@pytest.mark.parametrize("path", ["/body-before-start", "/no-response", "/raise-before-start"])
def test_an_app_that_fails_before_starting_a_response_gives_500(serve: ServeFn, path: str) -> None:
    with serve(apps.broken) as server:
        response = requests.get(server.url(path), timeout=TIMEOUT)
        assert response.status_code == 500
        assert response.text == "Internal Server Error"
        assert requests.get(server.url("/"), timeout=TIMEOUT).content == apps.HELLO


@pytest.mark.parametrize("path", ["/start-twice", "/raise-after-start"])
def test_an_app_that_fails_after_starting_a_response_gets_the_connection_closed(serve: ServeFn, path: str) -> None:
    """Too late for a 500: closing before the promised body is complete is the only signal left."""
    with serve(apps.broken) as server:
        with RawClient(server.port) as client:
            client.send(b"GET %s HTTP/1.1\r\nHost: test\r\n\r\n" % path.encode())
            with pytest.raises(ConnectionError):
                client.read_response()  # a head at most, then the connection closes
        assert requests.get(server.url("/"), timeout=TIMEOUT).content == apps.HELLO


def test_a_500_after_keep_alive_requests_closes_the_connection() -> None:
    with running(apps.broken) as server, RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
        assert client.read_response().status == 200
        client.send(b"GET /raise-before-start HTTP/1.1\r\nHost: test\r\n\r\n")
        response = client.read_response()
        assert response.status == 500
        assert response.header("connection") == "close"
        assert client.read_until_close() == b""


# -- clients that vanish --------------------------------------------------------------------------


def test_client_disconnect_mid_response_is_seen_by_the_app(serve: ServeFn) -> None:
    app = apps.DisconnectWatcher()
    with serve(app) as server:
        with RawClient(server.port) as client:
            client.send(b"GET /stream HTTP/1.1\r\nHost: test\r\n\r\n")
            assert client.read_head().status == 200
        assert app.done.wait(TIMEOUT), "the app never learnt that the client left"
        assert app.messages[-1] == "http.disconnect"
        assert set(app.messages[:-1]) <= {"http.request"}
        assert requests.get(server.url("/"), timeout=TIMEOUT).content == b"still here"


def test_client_that_leaves_mid_body_does_not_hurt_the_server() -> None:
    with running(apps.echo) as server:
        with RawClient(server.port) as client:
            client.send(b"POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\nonly this")
        assert_still_hello_after_echo(server.port)


# -- timeouts --------------------------------------------------------------------------------------


def test_idle_keep_alive_connection_is_closed_after_the_timeout(serve: ServeFn) -> None:
    with serve(apps.hello, timeout_keep_alive=0.3) as server, RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
        assert client.read_response().status == 200
        answered = time.monotonic()
        assert client.read_until_close(timeout=3.0) == b""  # TimeoutError if it stayed open
        assert time.monotonic() - answered >= 0.2  # not closed at once: it was kept alive


def test_an_active_keep_alive_connection_outlives_the_timeout() -> None:
    """The keep-alive timeout is per wait, not per connection."""
    with running(apps.hello, timeout_keep_alive=0.3) as server, RawClient(server.port) as client:
        deadline = time.monotonic() + 0.9
        count = 0
        while time.monotonic() < deadline:
            client.send(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
            assert client.read_response().status == 200
            count += 1
        assert count > 3


def test_a_connection_that_never_sends_is_closed_silently() -> None:
    with running(apps.hello, timeout_keep_alive=0.3) as server, RawClient(server.port) as client:
        assert client.read_until_close(timeout=3.0) == b""


def test_slowloris_head_gets_408_however_slowly_it_trickles_in() -> None:
    """One byte every 0.1 s keeps the keep-alive timer happy; the head deadline still fires."""
    with running(apps.hello, timeout_request_head=0.3, timeout_keep_alive=0.3) as server:
        with RawClient(server.port) as client:
            trickle = iter(b"GET / HTTP/1.1\r\nHost: test\r\nX-Slow: " + b"a" * 1000)
            started = time.monotonic()
            client.sock.settimeout(0.1)  # the pace of the trickle
            while not client.buffer:
                assert time.monotonic() - started < 3.0, "no 408 within 3 s"
                client.send(bytes([next(trickle)]))
                try:
                    client._fill()
                except TimeoutError:
                    pass
            client.sock.settimeout(TIMEOUT)
            assert time.monotonic() - started >= 0.25
            assert_error_then_closed(client, 408)
        assert_still_hello(server.port)


def test_half_a_head_then_silence_gets_408() -> None:
    with running(apps.hello, timeout_request_head=0.3) as server, RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.1\r\nHost: te")
        started = time.monotonic()
        assert_error_then_closed(client, 408)
        assert 0.2 <= time.monotonic() - started < 3.0


def test_a_half_closed_client_still_gets_its_response() -> None:
    """Ours only (uvicorn closes on EOF): a client that shuts down its sending side after the
    request (``nc -N``, ``shutdown(SHUT_WR)``) still reads the answer."""
    with running(apps.echo) as server, RawClient(server.port) as client:
        client.send(b"POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nbody")
        client.sock.shutdown(socket.SHUT_WR)
        assert client.read_response().body == b"body"
        assert client.read_until_close() == b""
