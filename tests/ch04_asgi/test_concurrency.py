"""Many connections on one event loop: all served together, none waiting for another."""

from __future__ import annotations

import threading
import time

import requests

from tests.ch02_http.raw_http import RawClient
from tests.ch04_asgi import apps
from tests.ch04_asgi.servers import TIMEOUT, ServeFn

CONNECTIONS = 500


def test_500_concurrent_connections_are_all_in_flight_at_once_and_answered(serve: ServeFn) -> None:
    """The app answers nobody until all 500 requests are inside it: every answer proves that
    500 connections were being served at the same moment."""
    app = apps.Rendezvous(CONNECTIONS)
    clients: list[RawClient] = []
    with serve(app) as server:
        try:
            for i in range(CONNECTIONS):
                client = RawClient(server.port, timeout=15.0)
                clients.append(client)
                client.send(b"GET /%d HTTP/1.1\r\nHost: test\r\n\r\n" % i)
            bodies = [client.read_response().body for client in clients]
        finally:
            for client in clients:
                client.close()
    assert bodies == [b"/%d" % i for i in range(CONNECTIONS)]
    assert app.arrived == CONNECTIONS


def test_a_slow_endpoint_does_not_delay_the_others(serve: ServeFn) -> None:
    app = apps.SlowAndFast()
    with serve(app) as server, RawClient(server.port) as slow:
        try:
            slow.send(b"GET /slow HTTP/1.1\r\nHost: test\r\n\r\n")
            assert app.entered.wait(TIMEOUT)
            for _ in range(5):
                started = time.monotonic()
                assert requests.get(server.url("/fast"), timeout=TIMEOUT).content == b"fast"
                assert time.monotonic() - started < 2.0
            assert not app.finished.is_set()  # all answered while /slow was still working
        finally:
            app.release.set()
        assert slow.read_response().body == b"slow"


def test_many_clients_in_threads_each_get_their_own_body(serve: ServeFn) -> None:
    errors: list[BaseException] = []

    def client(index: int) -> None:
        try:
            with requests.Session() as session:
                for j in range(10):
                    body = f"client {index} request {j}".encode()
                    response = session.post(server.url("/echo"), data=body, timeout=TIMEOUT)
                    assert response.content == body
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    with serve(apps.echo) as server:
        threads = [threading.Thread(target=client, args=(i,)) for i in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors[:3]
