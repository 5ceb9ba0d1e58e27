"""Chapter 02's table of bad requests, against the WSGI server: same statuses, still serving."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chapters.ch03_wsgi import WSGIServer, echo_app
from tests.ch02_http.raw_http import RawClient, get
from tests.ch02_http.test_server_errors import BAD_INPUT, MAX_BODY, assert_error_then_closed
from tests.ch03_wsgi.helpers import running


@pytest.fixture(scope="module")
def server() -> Iterator[WSGIServer]:
    with running(echo_app, max_body_size=MAX_BODY) as server:
        yield server


@pytest.mark.parametrize("raw, status", BAD_INPUT)
def test_bad_input_gets_its_status_then_the_server_still_serves(
    server: WSGIServer, raw: bytes, status: int
) -> None:
    with RawClient(server.port) as client:
        client.send(raw)
        assert_error_then_closed(client, status)
    assert get(server.port, "/").status == 200


def test_a_bad_chunk_found_while_the_app_reads_is_still_a_400(server: WSGIServer) -> None:
    """The parser's error surfaces from wsgi.input.read() inside the app, and is answered."""
    with RawClient(server.port) as client:
        client.send(
            b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"
        )
        assert_error_then_closed(client, 400)
