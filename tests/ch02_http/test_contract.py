"""Chapter 02's contract: ``RequestParser.feed()`` and ``serialize_response()``.

Run against the reference by default, and against yours with
``pytest tests/ch02_http --impl my_http`` (see README.md, "Build it yourself: the contract").
Each failure shows what was fed to your code and what it returned.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from tests.workshop import Transcript, parse_http_reply

pytestmark = pytest.mark.timeout(10)  # pure functions: a hang is a loop that never ends

GET = b"GET /hello?x=1 HTTP/1.1\r\nHost: example\r\nUser-Agent: test\r\n\r\n"
POST = b"POST /echo HTTP/1.1\r\nHost: example\r\nContent-Length: 11\r\n\r\nhello world"
CHUNKED = (
    b"POST /upload HTTP/1.1\r\nHost: example\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
)


def feed(transcript: Transcript, impl: ModuleType, *pieces: bytes) -> list[Any]:
    """A new parser fed ``pieces`` one ``feed()`` at a time; every request it returned."""
    parser = transcript.call(impl.RequestParser)
    requests: list[Any] = []
    for piece in pieces:
        requests += transcript.call(parser.feed, piece)
    return requests


def fields(request: Any) -> tuple[Any, ...]:
    return (request.method, request.target, request.http_version, request.headers, request.body)


def test_a_get_request_in_one_piece(impl: ModuleType, transcript: Transcript) -> None:
    requests = feed(transcript, impl, GET)
    assert len(requests) == 1, f"expected one request, got {len(requests)}"
    headers = [(b"host", b"example"), (b"user-agent", b"test")]
    assert fields(requests[0]) == ("GET", "/hello?x=1", "1.1", headers, b"")


def test_header_names_are_lowercased_values_trimmed_repeats_kept(
    impl: ModuleType, transcript: Transcript
) -> None:
    head = (
        b"GET / HTTP/1.1\r\nHost:example\r\nX-Note:  see: below \r\nAccept: a\r\nAccept: b\r\n\r\n"
    )
    (request,) = feed(transcript, impl, head)
    assert request.headers == [
        (b"host", b"example"),  # the space after the colon is optional
        (b"x-note", b"see: below"),  # only the first colon separates; spaces around trimmed
        (b"accept", b"a"),  # a repeated field keeps every line, in order
        (b"accept", b"b"),
    ]


def test_a_head_cut_anywhere_gives_the_request_with_its_last_byte(
    impl: ModuleType, transcript: Transcript
) -> None:
    parser = transcript.call(impl.RequestParser)
    for i in range(len(GET) - 1):
        early = parser.feed(GET[i : i + 1])
        if early:
            transcript.note(
                f"fed the first {i + 1} of {len(GET)} bytes, one at a time", GET[: i + 1]
            )
            pytest.fail(f"feed() returned {early!r} before the empty line ending the head arrived")
    transcript.note(f"fed the first {len(GET) - 1} bytes one at a time: nothing yet (right)")
    (request,) = transcript.call(parser.feed, GET[-1:])
    assert (request.method, request.target) == ("GET", "/hello?x=1")


def test_a_body_is_read_to_its_content_length(impl: ModuleType, transcript: Transcript) -> None:
    parser = transcript.call(impl.RequestParser)
    assert transcript.call(parser.feed, POST[:-6]) == [], "the body is not all here yet"
    (request,) = transcript.call(parser.feed, POST[-6:])
    assert (request.method, request.target, request.body) == ("POST", "/echo", b"hello world")


def test_pipelined_requests_in_one_piece_come_out_in_order(
    impl: ModuleType, transcript: Transcript
) -> None:
    requests = feed(transcript, impl, POST + GET)
    assert [(r.method, r.target, r.body) for r in requests] == [
        ("POST", "/echo", b"hello world"),
        ("GET", "/hello?x=1", b""),
    ]


def test_a_chunked_body_is_dechunked(impl: ModuleType, transcript: Transcript) -> None:
    (request,) = feed(transcript, impl, CHUNKED)
    assert request.body == b"hello world"


def test_a_chunked_body_cut_anywhere(impl: ModuleType, transcript: Transcript) -> None:
    pieces = [CHUNKED[i : i + 7] for i in range(0, len(CHUNKED), 7)]
    requests = feed(transcript, impl, *pieces, GET)
    assert [(r.target, r.body) for r in requests] == [
        ("/upload", b"hello world"),
        ("/hello?x=1", b""),
    ]


REFUSED = {
    "request-line-without-version": (b"GET /\r\nHost: x\r\n\r\n", 400),
    "http-2.0": (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    "space-before-colon": (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    "line-without-colon": (b"GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
    "http-1.1-without-host": (b"GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
    "negative-content-length": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400),
    "two-content-lengths": (
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        400,
    ),
    "content-length-and-chunked": (
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        400,
    ),
}


@pytest.mark.parametrize(("data", "status"), REFUSED.values(), ids=REFUSED.keys())
def test_a_bad_request_raises_an_error_with_the_status_to_answer(
    impl: ModuleType, transcript: Transcript, data: bytes, status: int
) -> None:
    parser = transcript.call(impl.RequestParser)
    try:
        got = transcript.call(parser.feed, data)
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 (any exception class will do, if it says the status)
        hint = getattr(error, "status_hint", None)
        assert hint == status, (
            f"feed() raised {error!r} with status_hint={hint!r}; the server answers an "
            f"error's status_hint, and this request deserves {status}"
        )
        return
    pytest.fail(f"feed() returned {got!r}: expected an error with status_hint={status}")


def test_a_response_has_the_status_line_headers_and_content_length(
    impl: ModuleType, transcript: Transcript
) -> None:
    raw = transcript.call(impl.serialize_response, 404, [(b"content-type", b"text/plain")], b"nope")
    assert raw.startswith(b"HTTP/1.1 404 Not Found\r\n"), "the status line, with its reason"
    reply = parse_http_reply(raw)
    assert (reply.status, reply.reason) == (404, "Not Found")
    assert reply.header("content-type") == "text/plain"
    assert reply.header("content-length") == "4", "add content-length: the body's size"
    assert reply.body == b"nope"


def test_a_response_uses_crlf_and_keeps_a_given_content_length(
    impl: ModuleType, transcript: Transcript
) -> None:
    headers = [(b"x-first", b"1"), (b"content-length", b"2"), (b"x-last", b"3")]
    raw = transcript.call(impl.serialize_response, 200, headers, b"ok")
    head, separator, body = raw.partition(b"\r\n\r\n")
    assert separator and body == b"ok", "the head ends with an empty line, then the body"
    lines = head.split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "every line ends CR LF"
    names = [line.partition(b":")[0].lower() for line in lines[1:]]
    assert names == [b"x-first", b"content-length", b"x-last"], (
        "the headers as given, in order, and no second content-length"
    )
    assert parse_http_reply(raw).body == b"ok"
