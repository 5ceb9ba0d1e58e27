"""The server's life: lifespan startup before the first request, shutdown at exit, and a
graceful shutdown with requests in flight."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from chapters.ch04_asgi import ASGIApp, Server
from chapters.support import BackgroundServer
from tests.ch02_http.raw_http import RawClient
from tests.ch04_asgi import apps
from tests.ch04_asgi.servers import HOST, TIMEOUT, ServeFn, running, wait_until

# -- lifespan -----------------------------------------------------------------------------------


def test_startup_before_the_first_request_and_shutdown_at_exit(serve: ServeFn) -> None:
    app = apps.LifespanApp()
    with serve(app, lifespan="on") as server:
        # Sent at once: the connection waits in the backlog until startup is complete.
        first = requests.get(server.url(), timeout=TIMEOUT).json()
        second = requests.get(server.url(), timeout=TIMEOUT).json()
        assert app.events == ["startup", "request", "request"]
    assert app.events == ["startup", "request", "request", "shutdown"]
    # Each request gets a copy of the startup state: one request's scribbles stay its own.
    assert first == second == {"greeting": "hello"}


def test_lifespan_off_never_calls_the_app_with_a_lifespan_scope(serve: ServeFn) -> None:
    app = apps.LifespanApp()
    with serve(app, lifespan="off") as server:
        requests.get(server.url(), timeout=TIMEOUT)
    assert app.events == ["request"]


def test_auto_tolerates_an_app_that_raises_on_the_lifespan_scope(serve: ServeFn) -> None:
    with serve(apps.hello, lifespan="auto") as server:
        assert requests.get(server.url(), timeout=TIMEOUT).content == apps.HELLO


@pytest.mark.parametrize("app", [apps.failing_startup, apps.hello], ids=["reports-failure", "raises"])
def test_lifespan_on_with_a_failed_startup_does_not_serve(app: ASGIApp) -> None:
    server = Server(app, HOST, 0, lifespan="on")
    port = server.port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "serve_forever() must return when startup fails"
        assert server.startup_failed
        assert not server.started.is_set()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((HOST, port), timeout=TIMEOUT).close()
    finally:
        server.shutdown()
        server.server_close()


def test_started_is_set_once_serving() -> None:
    app = apps.LifespanApp()
    with running(app, lifespan="on") as server:
        assert server.started.wait(TIMEOUT)
        assert app.events == ["startup"]
        assert not server.startup_failed


# -- graceful shutdown ----------------------------------------------------------------------------


def refused(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=TIMEOUT).close()
    except ConnectionRefusedError:
        return True
    return False


def test_graceful_shutdown_lets_the_in_flight_request_finish() -> None:
    app = apps.SlowAndFast()
    # A long keep-alive timeout: the idle connection must be closed by the shutdown, not by it.
    server = Server(app, HOST, 0, access_log=False, timeout_keep_alive=30)
    background = BackgroundServer(server).start()
    try:
        idle = RawClient(server.port)
        idle.send(b"GET /fast HTTP/1.1\r\nHost: test\r\n\r\n")
        assert idle.read_response().body == b"fast"  # now a kept-alive, idle connection
        busy = RawClient(server.port)
        busy.send(b"GET /slow HTTP/1.1\r\nHost: test\r\n\r\n")
        assert app.entered.wait(TIMEOUT)

        server.shutdown()
        assert wait_until(lambda: refused(server.port)), "still accepting connections"
        assert idle.read_until_close(timeout=2.0) == b"", "the idle connection was not closed"
        assert not app.finished.is_set()

        app.release.set()
        response = busy.read_response()
        assert (response.status, response.body) == (200, b"slow")
        assert busy.read_until_close(timeout=TIMEOUT) == b""  # closed after its response
        assert not app.cancelled.is_set()
    finally:
        app.release.set()
        background.stop()
        idle.close()
        busy.close()


def test_a_request_still_running_past_the_shutdown_timeout_is_cancelled() -> None:
    app = apps.Hanging()
    server = Server(app, HOST, 0, timeout_graceful_shutdown=0.3, access_log=False)
    with BackgroundServer(server), RawClient(server.port) as client:
        client.send(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
        assert app.entered.wait(TIMEOUT)
        started = time.monotonic()
        server.shutdown()
        assert app.cancelled.wait(TIMEOUT), "the request was not cancelled"
        assert time.monotonic() - started >= 0.25  # it had its grace period first
        client.read_until_close(timeout=TIMEOUT)  # and its connection is closed (no hang)
