"""The chapter's internals, without a server: environ building, wsgi.input, status and headers."""

from __future__ import annotations

import io
import logging
import socket
from collections.abc import Iterator

import pytest

from chapters.ch02_http import Connection, Request
from chapters.ch03_wsgi.cycle import encode_headers, parse_status
from chapters.ch03_wsgi.environ import ServerInfo, build_environ, header_key, split_target
from chapters.ch03_wsgi.streams import ErrorStream, WSGIInput

INFO = ServerInfo(server_name="127.0.0.1", server_port="8000")


def environ_for(head: bytes) -> dict:
    conn = Connection()
    conn.receive_data(head)
    request = conn.next_event()
    assert isinstance(request, Request)
    return build_environ(request, INFO, ("10.0.0.1", 5555), io.BytesIO(), io.StringIO())


def test_environ_maps_headers_as_cgi_did() -> None:
    environ = environ_for(
        b"POST /a%2fb%FF?x=%20 HTTP/1.0\r\nContent-Type: text/plain\r\nContent-Length: 3, 3\r\n"
        b"Accept: a\r\nAccept: b\r\nX_Bad: 1\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n"
    )
    assert environ["PATH_INFO"] == "/a/b\xff" and environ["QUERY_STRING"] == "x=%20"
    assert environ["CONTENT_TYPE"] == "text/plain" and environ["CONTENT_LENGTH"] == "3"
    assert "HTTP_CONTENT_TYPE" not in environ and "HTTP_CONTENT_LENGTH" not in environ
    assert environ["HTTP_ACCEPT"] == "a,b" and environ["HTTP_COOKIE"] == "a=1; b=2"
    assert not any(key.startswith("HTTP_X") for key in environ)
    assert environ["SERVER_PROTOCOL"] == "HTTP/1.0" and environ["REMOTE_ADDR"] == "10.0.0.1"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (b"/", (b"/", b"")),
        (b"/p?q?r", (b"/p", b"q?r")),
        (b"http://h:1/x?y", (b"/x", b"y")),
        (b"http://h", (b"/", b"")),
    ],
)
def test_split_target(target: bytes, expected: tuple[bytes, bytes]) -> None:
    assert split_target(target) == expected


def test_header_key() -> None:
    assert header_key(b"user-agent") == "HTTP_USER_AGENT"
    assert header_key(b"content-length") == "CONTENT_LENGTH"
    assert header_key(b"x_forwarded_for") is None


def test_parse_status_and_encode_headers() -> None:
    assert parse_status("404 Not Found") == (404, b"Not Found")
    for bad in ("404", "OK 200", "99 Low", b"200 OK"):
        with pytest.raises(ValueError):
            parse_status(bad)  # type: ignore[arg-type]
    assert encode_headers([("A", "1"), ("Upgrade", "h2c"), ("Connection", "close")]) == [
        (b"A", b"1"),
        (b"Connection", b"close"),
    ]
    with pytest.raises(TypeError):
        encode_headers((("A", "1"),))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encode_headers([("A", 1)])  # type: ignore[list-item]


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    a, b = socket.socketpair()
    a.settimeout(2)
    b.settimeout(2)
    yield a, b
    a.close()
    b.close()


def body_stream(
    pair: tuple[socket.socket, socket.socket], head: bytes, wire_body: bytes
) -> WSGIInput:
    server_side, client_side = pair
    http = Connection()
    http.receive_data(head)
    assert isinstance(http.next_event(), Request)
    client_side.sendall(wire_body)
    return WSGIInput(http, server_side)


def test_wsgi_input_reads_a_chunked_body_line_by_line(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    stream = body_stream(
        pair,
        b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"4\r\nab\nc\r\n3\r\nd\nz\r\n0\r\n\r\n",
    )
    assert stream.readline() == b"ab\n"
    assert stream.readline(1) == b"c"
    assert list(stream) == [b"d\n", b"z"]
    assert stream.read(10) == b"" and stream.read() == b""


def test_wsgi_input_stops_at_content_length(pair: tuple[socket.socket, socket.socket]) -> None:
    stream = body_stream(
        pair, b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\n", b"helloGET / HTTP/1.1\r\n"
    )
    assert stream.read(3) == b"hel" and stream.read() == b"lo" and stream.readlines() == []


def test_wsgi_input_sends_100_continue_on_the_first_read(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    stream = body_stream(
        pair,
        b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n",
        b"ok",
    )
    assert stream.read(2) == b"ok"
    assert pair[1].recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"


def test_error_stream_logs_whole_lines(caplog: pytest.LogCaptureFixture) -> None:
    stream = ErrorStream(logging.getLogger("test.errors"))
    with caplog.at_level(logging.ERROR, "test.errors"):
        stream.write("one\ntw")
        stream.writelines(["o\n", "three"])
        stream.flush()
    assert caplog.messages == ["one", "two", "three"]
