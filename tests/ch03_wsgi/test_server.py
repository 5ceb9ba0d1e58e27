"""The WSGI server with real clients over 127.0.0.1: requests, http.client and raw sockets."""

from __future__ import annotations

import http.client
import select
import threading
import time
from collections.abc import Iterable, Iterator

import pytest
import requests

from chapters.ch03_wsgi import Environ, StartResponse, echo_app, environ_app, hello_app
from tests.ch02_http.raw_http import RawClient
from tests.ch03_wsgi.helpers import running

TIMEOUT = 5


def url(server: object, path: str = "/") -> str:
    return f"http://127.0.0.1:{server.port}{path}"  # type: ignore[attr-defined]


def test_requests_get_and_post() -> None:
    with running(echo_app) as server:
        assert requests.get(url(server), timeout=TIMEOUT).status_code == 200
        response = requests.post(
            url(server), data=b"ping", headers={"Content-Type": "text/x-ping"}, timeout=TIMEOUT
        )
        assert response.content == b"ping" and response.headers["content-type"] == "text/x-ping"


def test_environ_as_the_pep_says() -> None:
    with running(environ_app) as server:
        response = requests.get(
            url(server, "/caf%C3%A9/a%2Fb?q=%C3%A9&r"),
            headers={"X-Custom": "1", "X_Spoof": "evil"},
            timeout=TIMEOUT,
        )
        environ = response.json()
    assert environ["PATH_INFO"] == "/caf\xc3\xa9/a/b"  # percent-decoded bytes, as latin-1
    assert environ["QUERY_STRING"] == "q=%C3%A9&r"  # not decoded
    assert environ["SERVER_PORT"] == str(server.port) and environ["SERVER_NAME"] == "127.0.0.1"
    assert environ["SERVER_PROTOCOL"] == "HTTP/1.1" and environ["SCRIPT_NAME"] == ""
    assert environ["HTTP_X_CUSTOM"] == "1"
    assert "evil" not in environ.values(), "a header name with _ must be dropped"
    assert environ["wsgi.url_scheme"] == "http" and environ["wsgi.version"] == [1, 0]
    assert environ["wsgi.multithread"] is True and environ["wsgi.multiprocess"] is False
    assert environ["wsgi.run_once"] is False and environ["wsgi.input_terminated"] is True


def test_http_client_keeps_one_connection_for_100_requests() -> None:
    with running(echo_app) as server:
        client = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        try:
            sockets = set()
            for n in range(100):
                client.request("POST" if n % 2 else "GET", "/", body=b"x" * n if n % 2 else None)
                response = client.getresponse()
                assert response.status == 200 and response.read() == (b"x" * n if n % 2 else b"")
                sockets.add(id(client.sock))
        finally:
            client.close()
    assert len(sockets) == 1


def test_requests_session_reuses_its_connection() -> None:
    with running(hello_app) as server, requests.Session() as session:
        for _ in range(20):
            assert session.get(url(server), timeout=TIMEOUT).content == b"Hello, WSGI!\n"
        assert server.active_connections == 1


def test_one_megabyte_up_and_down() -> None:
    payload = bytes(range(256)) * 4096
    with running(echo_app) as server:
        assert requests.post(url(server), data=payload, timeout=TIMEOUT).content == payload
        chunked = requests.post(
            url(server), data=iter([payload[:300_000], payload[300_000:]]), timeout=TIMEOUT
        )
        assert chunked.content == payload


def cookies_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response(
        "200 OK", [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("Content-Type", "text/plain")]
    )
    return [environ.get("HTTP_COOKIE", "").encode()]


def test_repeated_set_cookie_headers_are_kept_apart() -> None:
    with running(cookies_app) as server, RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.1\r\nHost: t\r\nCookie: x=1\r\nCookie: y=2\r\n\r\n")
        response = client.read_response()
    assert response.header_values("set-cookie") == ["a=1", "b=2"]
    assert response.body == b"x=1; y=2"


def test_content_length_from_a_one_item_list_else_chunked_else_close() -> None:
    with running(echo_app) as server, running(hello_app) as hello:
        with RawClient(hello.port) as client:
            client.send(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            assert client.read_response().header("content-length") == "13"
        with RawClient(server.port) as client:
            client.send(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi")
            response = client.read_response()
            assert response.header("transfer-encoding") == "chunked" and response.body == b"hi"
        with RawClient(server.port) as client:
            client.send(b"POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi")
            response = client.read_response()  # HTTP/1.0: the body ends when we close
            assert response.header("connection") == "close" and response.body == b"hi"


def test_head_gets_the_headers_of_get_and_no_body() -> None:
    with running(hello_app) as server, RawClient(server.port) as client:
        client.send(b"HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
        head = client.read_response(method=b"HEAD")
        get = client.read_response()
    assert head.header("content-length") == "13" and head.body == b""
    assert get.body == b"Hello, WSGI!\n"


def test_100_continue_is_sent_when_the_app_reads_the_body() -> None:
    with running(echo_app) as server, RawClient(server.port) as client:
        client.send(
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
        )
        assert client.read_head().status == 100
        client.send(b"body")
        assert client.read_response().body == b"body"


def test_no_100_continue_when_the_app_does_not_read_the_body() -> None:
    with running(hello_app) as server, RawClient(server.port) as client:
        client.send(
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
        )
        response = client.read_response()
        assert response.status == 200, "the final answer comes without a 100 first"
        assert client.read_until_close() == b"", (
            "the body never came: the connection can't be reused"
        )


def test_unread_body_is_drained_so_the_connection_lives_on() -> None:
    with running(hello_app) as server, RawClient(server.port) as client:
        client.send(
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
            + b"GET / HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        assert client.read_response().status == 200
        assert client.read_response().status == 200


def test_many_clients_at_once() -> None:
    results: list[bytes] = []
    with running(echo_app) as server:

        def client(n: int) -> None:
            with requests.Session() as session:
                for i in range(5):
                    body = f"{n}-{i}".encode()
                    results.append(session.post(url(server), data=body, timeout=TIMEOUT).content)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT * 2)
    assert sorted(results) == sorted(f"{n}-{i}".encode() for n in range(20) for i in range(5))


def test_a_slow_request_does_not_block_the_others() -> None:
    release = threading.Event()

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ["PATH_INFO"] == "/slow":
            release.wait(TIMEOUT)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["PATH_INFO"].encode()]

    with running(app) as server:
        slow = RawClient(server.port)
        slow.send(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        started = time.monotonic()
        assert requests.get(url(server, "/fast"), timeout=TIMEOUT).content == b"/fast"
        assert time.monotonic() - started < 1
        release.set()
        assert slow.read_response().body == b"/slow"
        slow.close()


@pytest.fixture
def tight_server() -> Iterator[object]:
    with running(hello_app, keepalive_timeout=0.3, header_timeout=0.5) as server:
        yield server


def test_idle_keep_alive_connection_is_closed_quietly(tight_server: object) -> None:
    with RawClient(tight_server.port) as client:  # type: ignore[attr-defined]
        client.send(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        assert client.read_response().status == 200
        started = time.monotonic()
        assert client.read_until_close() == b""
        assert time.monotonic() - started < 2


def test_slowloris_head_gets_408_after_the_header_timeout(tight_server: object) -> None:
    """A byte every 0.1 s keeps every single recv() in time; the head's deadline still falls."""
    with RawClient(tight_server.port) as client:  # type: ignore[attr-defined]
        started = time.monotonic()
        for byte in b"GET / HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 100:
            client.send(bytes([byte]))
            readable, _, _ = select.select([client.sock], [], [], 0.1)
            if readable:
                break
        response = client.read_response()
    assert response.status == 408
    assert 0.4 < time.monotonic() - started < 2
