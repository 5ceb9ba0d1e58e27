"""Differential test: the chapter 02 parser and h11 read the same requests the same way.

h11 is the sans-IO parser this chapter is modelled on (uvicorn runs on it). On a corpus of
valid requests both must agree on the method, target, version, header fields (h11 lowercases
names too), body, trailers and whether the connection stays open; on a handful of invalid
ones both must refuse. The known, deliberate differences have tests of their own: h11 never
keeps an HTTP/1.0 connection alive, and it does not skip an empty line before a request.
"""

from __future__ import annotations

from dataclasses import dataclass

import h11
import pytest

from chapters.ch02_http import (
    IDLE,
    MUST_CLOSE,
    NEED_DATA,
    Connection,
    Data,
    EndOfMessage,
    RemoteProtocolError,
    Request,
    Response,
)

H = b"Host: example.com\r\n"


@dataclass(frozen=True)
class Parsed:
    """What a parser made of one request, in a form both parsers can fill in."""

    method: bytes
    target: bytes
    http_version: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    trailers: list[tuple[bytes, bytes]]
    keep_alive: bool


def parse_with_ours(raw: bytes) -> Parsed:
    conn = Connection()
    conn.receive_data(raw)
    request = conn.next_event()
    assert isinstance(request, Request)
    body = b""
    while not isinstance(event := conn.next_event(), EndOfMessage):
        assert isinstance(event, Data), event
        body += event.data
    conn.send(Response(status_code=404, headers=[(b"content-length", b"0")]))
    conn.send(EndOfMessage())
    assert conn.our_state in (IDLE, MUST_CLOSE)
    return Parsed(
        request.method,
        request.target,
        request.http_version,
        list(request.headers),
        body,
        list(event.headers),
        keep_alive=conn.our_state is IDLE,
    )


def parse_with_h11(raw: bytes) -> Parsed:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(raw)
    request = conn.next_event()
    assert isinstance(request, h11.Request)
    body = b""
    while not isinstance(event := conn.next_event(), h11.EndOfMessage):
        assert isinstance(event, h11.Data), event
        body += event.data
    # 404, not 200: a 2xx to CONNECT would switch h11 to tunnelling.
    conn.send(h11.Response(status_code=404, headers=[(b"content-length", b"0")]))
    conn.send(h11.EndOfMessage())
    assert conn.our_state in (h11.DONE, h11.MUST_CLOSE)
    return Parsed(
        request.method,
        request.target,
        request.http_version,
        list(request.headers),
        body,
        list(event.headers),
        keep_alive=conn.our_state is h11.DONE,
    )


def as_h11_reports(parsed: Parsed) -> Parsed:
    """Our headers as h11 reports them: h11 rewrites the two framing fields it validates
    (one Content-Length line for repeated identical ones, Transfer-Encoding lowercased);
    we hand the application the fields as received."""
    headers: list[tuple[bytes, bytes]] = []
    for name, value in parsed.headers:
        if name == b"content-length":
            if (name, value) in headers:
                continue
        elif name == b"transfer-encoding":
            value = value.lower()
        headers.append((name, value))
    return Parsed(**{**parsed.__dict__, "headers": headers})


CHUNKED = b"Transfer-Encoding: chunked\r\n"

CORPUS = [
    # methods and request-target forms
    b"GET / HTTP/1.1\r\n" + H + b"\r\n",
    b"GET /index.html HTTP/1.1\r\n" + H + b"\r\n",
    b"GET /search?q=h11&lang=en&empty=&flag HTTP/1.1\r\n" + H + b"\r\n",
    b"GET /a%20b/%C3%A9?x=%2F#frag HTTP/1.1\r\n" + H + b"\r\n",
    b"GET /~user/a;b,c@d:e!$&'()*+= HTTP/1.1\r\n" + H + b"\r\n",
    b"GET http://example.com/absolute?x=1 HTTP/1.1\r\n" + H + b"\r\n",
    b"GET https://user@example.com:8443/p HTTP/1.1\r\nHost: example.com:8443\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\n" + H + b"\r\n",
    b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
    b"HEAD /head HTTP/1.1\r\n" + H + b"\r\n",
    b"DELETE /items/42 HTTP/1.1\r\n" + H + b"\r\n",
    b"PATCH /items/42 HTTP/1.1\r\n"
    + H
    + b"Content-Type: application/json-patch+json\r\nContent-Length: 2\r\n\r\n[]",
    b"PROPFIND /dav/ HTTP/1.1\r\n" + H + b"Depth: 1\r\n\r\n",
    b"M-SEARCH * HTTP/1.1\r\n" + H + b"\r\n",
    # header sets
    b"GET / HTTP/1.1\r\nHOST: example.com\r\nUSER-AGENT: Test/1.0\r\nAccept-Language: en, fr;q=0.5\r\n\r\n",
    b"GET / HTTP/1.1\r\n"
    + H
    + b"Cookie: a=1\r\nAccept: text/html\r\nCookie: b=2\r\nAccept: */*\r\n\r\n",
    b"GET / HTTP/1.1\r\n"
    + H
    + b"X-Spaces:    lots of   space   \r\nX-Tabs:\t\ttabbed\t\r\nX-Empty:\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + H + b'X-Quoted: "a, b"; c="d"\r\nX-Chars: !#$%&\'*+-.^_`|~\r\n\r\n',
    b"GET / HTTP/1.1\r\n"
    + H
    + b'Authorization: Bearer abc.def.ghi\r\nIf-None-Match: "xyz", W/"abc"\r\n\r\n',
    b"GET / HTTP/1.1\r\n" + H + b"Connection: Upgrade\r\nUpgrade-Insecure-Requests: 1\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + H + b"Connection: close\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + H + b"Connection: keep-alive, Close\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + H + b"X-Custom-" + b"A" * 100 + b": " + b"v" * 500 + b"\r\n\r\n",
    # Content-Length bodies
    b"POST /form HTTP/1.1\r\n"
    + H
    + b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 13\r\n\r\nname=x&age=42",
    b"PUT /file HTTP/1.1\r\n" + H + b"Content-Length: 0\r\n\r\n",
    b"PUT /file HTTP/1.1\r\n" + H + b"Content-Length: 00005\r\n\r\nhello",
    b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 6\r\n\r\n\x00\x01\r\n\xfe\xff",
    b"POST / HTTP/1.1\r\n"
    + H
    + b"Content-Length: 1000\r\n\r\n"
    + bytes(range(256)) * 3
    + b"x" * 232,
    b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
    b"POST / HTTP/1.1\r\n" + H + b"Expect: 100-continue\r\nContent-Length: 4\r\n\r\ndata",
    # chunked bodies
    b"POST / HTTP/1.1\r\n" + H + CHUNKED + b"\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\n" + H + CHUNKED + b"\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\n"
    + H
    + CHUNKED
    + b"\r\n1a\r\n"
    + b"z" * 26
    + b"\r\nA\r\n0123456789\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\n" + H + CHUNKED + b"\r\n5;ext=1\r\nhello\r\n0;last=yes\r\n\r\n",
    b"POST / HTTP/1.1\r\n"
    + H
    + CHUNKED
    + b"\r\n3\r\nabc\r\n0\r\nChecksum: 900150983cd24fb0\r\nX-Trailer: yes\r\n\r\n",
    b"POST / HTTP/1.1\r\n"
    + H
    + b"Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    # HTTP/1.0
    b"GET / HTTP/1.0\r\n\r\n",
    b"GET /old HTTP/1.0\r\nUser-Agent: Lynx\r\nAccept: text/plain\r\n\r\n",
    b"POST /cgi-bin/x HTTP/1.0\r\n" + H + b"Content-Length: 4\r\n\r\nq=42",
    b"GET http://proxy.example/x HTTP/1.0\r\n\r\n",
]


@pytest.mark.parametrize("raw", CORPUS, ids=[f"corpus-{i:02d}" for i in range(len(CORPUS))])
def test_same_reading_as_h11(raw: bytes) -> None:
    assert as_h11_reports(parse_with_ours(raw)) == parse_with_h11(raw)


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


def test_http_1_0_keep_alive_is_the_one_known_difference() -> None:
    """RFC 9112 §9.3 (and Appendix C.2.2) allows keeping an HTTP/1.0 connection open when
    the client asks with ``Connection: keep-alive``; we do, h11 deliberately never does.
    Everything else about the request is read identically."""
    raw = b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
    ours, theirs = parse_with_ours(raw), parse_with_h11(raw)
    assert ours.keep_alive and not theirs.keep_alive
    assert ours.__dict__ | {"keep_alive": False} == theirs.__dict__


def test_empty_line_before_the_request_is_the_other_known_difference() -> None:
    """RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the
    request line (some old clients send CRLF after a POST body). We do; h11 refuses it."""
    raw = b"GET /after-crlf HTTP/1.1\r\n" + H + b"\r\n"
    assert parse_with_ours(b"\r\n" + raw) == parse_with_ours(raw) == parse_with_h11(raw)
    with pytest.raises(h11.RemoteProtocolError):
        parse_with_h11(b"\r\n" + raw)


def refused_by_ours(raw: bytes) -> int:
    conn = Connection()
    conn.receive_data(raw)
    conn.receive_data(b"")  # EOF: a truncated request must be refused too, not waited for
    with pytest.raises(RemoteProtocolError) as caught:
        for _ in range(100):
            if conn.next_event() is NEED_DATA:
                break
    return caught.value.status_hint


def refused_by_h11(raw: bytes) -> int:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(raw)
    conn.receive_data(b"")
    with pytest.raises(h11.RemoteProtocolError) as caught:
        for _ in range(100):
            if conn.next_event() is h11.NEED_DATA:
                break
    return caught.value.error_status_hint


INVALID = [
    pytest.param(b"GET / HTTP/1.1\r\n\r\n", id="no-host"),
    pytest.param(b"GET  / HTTP/1.1\r\n" + H + b"\r\n", id="double-space"),
    pytest.param(b"GET / http/1.1\r\n" + H + b"\r\n", id="lowercase-http"),
    pytest.param(b"GET /\r\n\r\n", id="http-0.9"),
    pytest.param(b"GET / HTTP/1.1\r\nHost : example.com\r\n\r\n", id="space-before-colon"),
    pytest.param(b"GET / HTTP/1.1\r\n" + H + b"No colon here\r\n\r\n", id="no-colon"),
    pytest.param(b"GET / HTTP/1.1\r\n" + H + b"X: a\x00b\r\n\r\n", id="nul-in-value"),
    pytest.param(b"GET / HTTP/1.1\r\n" + H + b"X(: a\r\n\r\n", id="bad-name"),
    pytest.param(b"POST / HTTP/1.1\r\n" + H + b"Content-Length: abc\r\n\r\n", id="cl-not-a-number"),
    pytest.param(
        b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        id="cl-conflict",
    ),
    pytest.param(b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: gzip\r\n\r\n", id="te-gzip"),
    pytest.param(b"POST / HTTP/1.1\r\n" + H + CHUNKED + b"\r\nzz\r\n", id="bad-chunk-size"),
    pytest.param(
        b"POST / HTTP/1.1\r\n" + H + CHUNKED + b"\r\n5\r\nhelloXX", id="no-crlf-after-chunk"
    ),
    pytest.param(b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 10\r\n\r\nshort", id="eof-in-body"),
    pytest.param(b"GET / HTTP/1.1\r\n" + H, id="eof-in-head"),
    pytest.param(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", id="two-hosts"),
    pytest.param(b"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", id="bare-cr"),
    pytest.param(b"GET /a b HTTP/1.1\r\n" + H + b"\r\n", id="space-in-target"),
    pytest.param(b"POST / HTTP/1.1\r\n" + H + b"Content-Length: -1\r\n\r\n", id="cl-negative"),
    pytest.param(
        b"POST / HTTP/1.1\r\n" + H + CHUNKED + b"\r\n0x5\r\nhello\r\n0\r\n\r\n", id="chunk-size-0x"
    ),
]


@pytest.mark.parametrize("raw", INVALID)
def test_both_refuse_with_the_same_status(raw: bytes) -> None:
    assert refused_by_ours(raw) == refused_by_h11(raw)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked, chunked\r\n\r\n",
            id="chunked-twice",
        ),
        pytest.param(
            b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding:\r\nContent-Length: 3\r\n\r\nabc",
            id="empty-te",
        ),
    ],
)
def test_both_refuse_a_malformed_chunked_coding(raw: bytes) -> None:
    """h11 answers 501 to anything but exactly "chunked"; we answer 400 when no unknown
    coding is involved, only a malformed use of chunked (RFC 9112 §6.3, rule 4)."""
    assert (refused_by_ours(raw), refused_by_h11(raw)) == (400, 501)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 3\r\n" + CHUNKED + b"\r\n0\r\n\r\n",
            id="cl-and-te",
        ),
        pytest.param(b"POST / HTTP/1.0\r\n" + CHUNKED + b"\r\n0\r\n\r\n", id="te-in-http-1.0"),
        pytest.param(b"GET / HTTP/1.1\r\n" + H + b"X: a\r\n b\r\n\r\n", id="obs-fold"),
        pytest.param(b"GET / HTTP/1.1\r\n" + H + b"X: a\x01b\r\n\r\n", id="control-char"),
        pytest.param(b"GET / HTTP/2.0\r\n" + H + b"\r\n", id="http-2.0"),
    ],
)
def test_where_we_are_stricter_than_h11(raw: bytes) -> None:
    """Requests RFC 9112 lets a server refuse (§6.1, §6.3, §5.2, RFC 9110 §5.5, §2.5) that
    h11 accepts: we refuse them, on purpose, since two servers in a chain that frame them
    differently are how requests get smuggled."""
    assert refused_by_ours(raw) in (400, 505)
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(raw)
    assert isinstance(conn.next_event(), h11.Request)
