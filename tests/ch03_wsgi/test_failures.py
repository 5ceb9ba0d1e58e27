"""PEP 3333's failure rules: exc_info, close(), and what the client sees when an app fails."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable, Iterator

import pytest
import requests

from chapters.ch03_wsgi import Environ, StartResponse, WSGIApplication, hello_app
from tests.ch02_http.raw_http import RawClient, get
from tests.ch03_wsgi.helpers import running

TIMEOUT = 5
GET = b"GET / HTTP/1.1\r\nHost: t\r\n\r\n"


class Body:
    """A response iterable that records whether close() was called."""

    def __init__(self, chunks: Iterable[bytes], fail_after: int | None = None) -> None:
        self.chunks = list(chunks)
        self.fail_after = fail_after
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[bytes]:
        for n, chunk in enumerate(self.chunks):
            if n == self.fail_after:
                raise RuntimeError("the app failed while streaming")
            yield chunk

    def close(self) -> None:
        self.closed.set()


def app_returning(body: Body, headers: list[tuple[str, str]] | None = None) -> WSGIApplication:
    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        start_response("200 OK", headers or [("Content-Type", "text/plain")])
        return body

    return app


def raising_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    raise RuntimeError("a bug before the response started")


def no_start_response_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    return []


def twice_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [])
    start_response("500 Internal Server Error", [])  # no exc_info: a bug
    return [b"x"]


def splitting_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [("X-Evil", "a\r\nSet-Cookie: stolen=1")])
    return [b"x"]


def bad_status_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200", [])
    return [b"x"]


def str_body_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [])
    return ["not bytes"]  # type: ignore[list-item]


@pytest.mark.parametrize(
    "app",
    [raising_app, no_start_response_app, twice_app, splitting_app, bad_status_app, str_body_app],
    ids=lambda app: app.__name__,
)
def test_failure_before_the_head_gives_500_and_the_server_serves_on(
    app: WSGIApplication, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, "chapters.ch03_wsgi"), running(app) as server:
        with RawClient(server.port) as client:
            client.send(GET)
            response = client.read_response()
            assert response.status == 500 and response.header("connection") == "close"
            assert b"stolen" not in response.head
            assert client.read_until_close() == b""
        assert get(server.port, "/").status == 500  # still serving (the same app, so 500 again)
    assert "error in the application" in caplog.text


def test_failure_after_the_head_closes_the_connection_and_calls_close() -> None:
    body = Body([b"first ", b"second"], fail_after=1)
    with running(app_returning(body)) as server, RawClient(server.port) as client:
        client.send(GET)
        head = client.read_head()
        assert head.status == 200 and head.header("transfer-encoding") == "chunked"
        rest = client.read_until_close()
        assert b"first " in rest and not rest.endswith(b"0\r\n\r\n"), (
            "the chunked body must stay incomplete"
        )
        assert body.closed.wait(TIMEOUT)


def test_close_is_called_when_the_client_goes_away() -> None:
    big = Body([b"x" * 65536] * 2000)  # 128 MB: far more than the socket buffers hold
    with running(app_returning(big), timeout=2) as server:
        client = RawClient(server.port)
        client.send(GET)
        client.read_head()
        client.close()
        assert big.closed.wait(TIMEOUT)
        assert get(server.port, "/").status == 200


def test_close_is_called_after_a_normal_response() -> None:
    body = Body([b"a", b"b"])
    with running(app_returning(body)) as server:
        assert requests.get(f"http://127.0.0.1:{server.port}/", timeout=TIMEOUT).content == b"ab"
        assert body.closed.wait(TIMEOUT)


def error_page_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """The PEP's own example: start a response, fail, replace it with an error page."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    try:
        raise ValueError("template failed")
    except ValueError:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")], sys.exc_info())
    return [b"sorry"]


def late_error_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    write = start_response("200 OK", [("Content-Type", "text/plain")])
    write(b"partial")  # the head is out now
    try:
        raise ValueError("too late")
    except ValueError:
        start_response("500 Internal Server Error", [], sys.exc_info())  # must re-raise
    return [b"never"]


def test_exc_info_before_the_head_replaces_the_response() -> None:
    with running(error_page_app) as server:
        response = requests.get(f"http://127.0.0.1:{server.port}/", timeout=TIMEOUT)
    assert response.status_code == 503 and response.content == b"sorry"


def test_exc_info_after_the_head_reraises_and_the_connection_is_closed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        caplog.at_level(logging.ERROR, "chapters.ch03_wsgi"),
        running(late_error_app) as server,
        RawClient(server.port) as client,
    ):
        client.send(GET)
        assert client.read_head().status == 200
        assert b"never" not in client.read_until_close()
    assert "ValueError: too late" in caplog.text


def test_content_length_set_by_the_app_is_kept_and_a_short_body_closes() -> None:
    short = Body([b"12345"])
    with (
        running(app_returning(short, [("Content-Length", "10")])) as server,
        RawClient(server.port) as client,
    ):
        client.send(GET)
        head = client.read_head()
        assert head.header("content-length") == "10" and head.header("transfer-encoding") is None
        assert client.read_until_close() == b"12345", (
            "5 bytes short: the server must close, not hang"
        )


def test_hop_by_hop_headers_from_the_app_are_dropped_but_connection_close_is_honoured() -> None:
    headers = [("Transfer-Encoding", "gzip"), ("Keep-Alive", "timeout=99"), ("Connection", "close")]
    with running(app_returning(Body([b"ok"]), headers)) as server, RawClient(server.port) as client:
        client.send(GET)
        response = client.read_response()
        assert response.header("keep-alive") is None
        assert response.header_values("transfer-encoding") == ["chunked"], (
            "ours, not the app's gzip"
        )
        assert response.header("connection") == "close" and response.body == b"ok"
        assert client.read_until_close() == b""


def test_wsgi_errors_goes_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        print("something odd happened", file=environ["wsgi.errors"])
        return hello_app(environ, start_response)

    with caplog.at_level(logging.ERROR, "chapters.ch03_wsgi.errors"), running(app) as server:
        assert get(server.port, "/").status == 200
    assert "something odd happened" in caplog.messages


def test_a_full_pool_queues_new_clients_and_frees_a_kept_alive_worker_for_them() -> None:
    """threads=1: a second client waits in the listen queue; the first is then told to close."""
    release = threading.Event()

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ["PATH_INFO"] == "/slow":
            release.wait(TIMEOUT)
        return hello_app(environ, start_response)

    with running(app, threads=1) as server:
        with RawClient(server.port) as alone:  # nobody waiting: keep-alive as usual
            for _ in range(2):
                alone.send(GET)
                assert alone.read_response().header("connection") is None
        first = RawClient(server.port)
        first.send(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        statuses: list[int] = []
        second = threading.Thread(target=lambda: statuses.append(get(server.port, "/").status))
        second.start()
        second.join(0.5)
        assert statuses == [], "the second connection must wait while the only worker is busy"
        release.set()
        response = first.read_response()
        assert response.status == 200 and response.header("connection") == "close"
        first.close()
        second.join(TIMEOUT)
        assert statuses == [200]


def test_bound_port_and_clean_stop_from_a_thread() -> None:
    with running(hello_app) as server:
        assert server.port > 0
    with pytest.raises(OSError):
        RawClient(server.port, timeout=1)
