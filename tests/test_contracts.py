"""Contracts shared by several chapters' servers: one test, parametrized over the chapters.

Each later chapter that ships an HTTP server adds a factory to ``HTTP_SERVERS``: a function
returning a server (bound to 127.0.0.1, port 0) whose ``GET /`` answers 200 with a body.
"""

from __future__ import annotations

import http.client
import socket
from collections.abc import Callable

import pytest

from chapters.support import Server, serve_in_background


def ch02_server() -> Server:
    from chapters.ch02_http.server import HTTPServer

    return HTTPServer("127.0.0.1", 0)


def ch03_server() -> Server:
    from chapters.ch03_wsgi import hello_app, make_server

    return make_server("127.0.0.1", 0, hello_app)


def ch04_server() -> Server:
    from chapters.ch04_asgi import Server as ASGIServer
    from tests.ch04_asgi.apps import hello

    return ASGIServer(hello, "127.0.0.1", 0, access_log=False)


HTTP_SERVERS: dict[str, Callable[[], Server]] = {"ch02": ch02_server, "ch03": ch03_server, "ch04": ch04_server}


@pytest.mark.parametrize("make_server", HTTP_SERVERS.values(), ids=HTTP_SERVERS.keys())
def test_get_root_over_a_real_socket_returns_200(make_server: Callable[[], Server]) -> None:
    with serve_in_background(make_server()) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            response = b""
            while chunk := sock.recv(65536):
                response += chunk
        assert response.startswith(b"HTTP/1.1 200 ")
        assert b"\r\n\r\n" in response and response.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("make_server", HTTP_SERVERS.values(), ids=HTTP_SERVERS.keys())
def test_keep_alive_serves_several_requests_on_one_connection(make_server: Callable[[], Server]) -> None:
    with serve_in_background(make_server()) as server:
        client = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            statuses, sockets = [], []
            for _ in range(3):
                client.request("GET", "/")
                response = client.getresponse()
                response.read()
                statuses.append(response.status)
                sockets.append(client.sock)  # http.client drops it when the server closes
        finally:
            client.close()
        assert sockets[0] is not None and all(sock is sockets[0] for sock in sockets)
        assert statuses == [200, 200, 200]
