"""A real Flask app, unchanged: the same answers on our server as on ``wsgiref.simple_server``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from wsgiref.simple_server import (
    WSGIRequestHandler,
)
from wsgiref.simple_server import (
    WSGIServer as ReferenceServer,
)
from wsgiref.simple_server import (
    make_server as make_reference,
)

import pytest
import requests

from chapters.ch03_wsgi.flask_app import app as flask_app
from chapters.support import serve_in_background
from tests.ch03_wsgi.helpers import running

REQUESTS = [
    ("GET", "/", None, {}),
    ("GET", "/users/42?tag=a&tag=b", None, {}),
    ("GET", "/users/abc", None, {}),
    ("GET", "/missing", None, {}),
    ("POST", "/", None, {}),
    ("POST", "/echo", b"\x00binary\xff" * 1000, {"Content-Type": "application/x-thing"}),
    ("GET", "/cookies", None, {"Cookie": "session=abc; theme=dark"}),
    ("GET", "/stream", None, {}),
    ("HEAD", "/", None, {}),
    ("GET", "/boom", None, {}),
]


class Reference(ReferenceServer):
    """wsgiref's server with the ``port`` our background helper expects."""

    @property
    def port(self) -> int:
        return self.server_port


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[int, int]]:
    logging.getLogger("chapters.ch03_wsgi").setLevel(logging.CRITICAL)  # /boom is expected
    reference = make_reference(
        "127.0.0.1", 0, flask_app, server_class=Reference, handler_class=QuietHandler
    )
    try:
        with running(flask_app) as ours, serve_in_background(reference):
            yield ours.port, reference.port
    finally:
        logging.getLogger("chapters.ch03_wsgi").setLevel(logging.NOTSET)


def fetch(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple:
    response = requests.request(
        method, f"http://127.0.0.1:{port}{path}", data=body, headers=headers, timeout=5
    )
    return (
        response.status_code,
        response.content,
        response.headers.get("content-type"),
        response.raw.headers.getlist("Set-Cookie"),
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "headers"), REQUESTS, ids=[f"{m} {p}" for m, p, _, _ in REQUESTS]
)
def test_same_answers_as_wsgiref(
    servers: tuple[int, int], method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> None:
    ours, reference = servers
    assert fetch(ours, method, path, body, headers) == fetch(reference, method, path, body, headers)


def test_flask_sees_our_environ_as_it_should(servers: tuple[int, int]) -> None:
    ours, _ = servers
    response = requests.get(f"http://127.0.0.1:{ours}/users/7?tag=x", timeout=5)
    assert response.json() == {"id": 7, "name": "user 7", "tags": ["x"]}
    cookies = requests.get(
        f"http://127.0.0.1:{ours}/cookies", headers={"Cookie": "a=1; b=2"}, timeout=5
    )
    assert cookies.json() == {"received": {"a": "1", "b": "2"}}
    assert cookies.raw.headers.getlist("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/"]
