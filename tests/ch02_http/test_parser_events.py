"""Bytes in, events out: the chapter 02 parser on valid requests (h11's tests/test_io.py style).

Every request in these tables is fed three ways: whole, one byte at a time, and split in two
at every possible boundary. TCP may cut a request anywhere, so all three must give the same
events. ``Data`` pieces may come in any size, so consecutive ``Data`` events are joined
before comparing: what matters is the body, not where the network happened to cut it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chapters.ch02_http import (
    CLOSED,
    DONE,
    IDLE,
    MUST_CLOSE,
    NEED_DATA,
    PAUSED,
    SEND_BODY,
    Connection,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    Headers,
    InformationalResponse,
    RemoteProtocolError,
    Request,
    Response,
    State,
)

FEEDINGS = ["whole", "bytewise", "every-split"]
EMPTY_200 = Response(status_code=200, headers=[(b"content-length", b"0")])


def feedings(raw: bytes, mode: str) -> Iterator[list[bytes]]:
    """The ways of cutting ``raw`` into ``receive_data`` calls for one feeding ``mode``."""
    if mode == "whole":
        yield [raw]
    elif mode == "bytewise":
        yield [raw[i : i + 1] for i in range(len(raw))]
    else:
        for i in range(1, len(raw)):
            yield [raw[:i], raw[i:]]


def joined(events: list[Event]) -> list[Event]:
    """Merge consecutive Data events: only the body matters, not where it was cut."""
    out: list[Event] = []
    for event in events:
        if isinstance(event, Data) and out and isinstance(out[-1], Data):
            out[-1] = Data(data=out[-1].data + event.data)
        elif not (isinstance(event, Data) and not event.data):
            out.append(event)
    return out


def run(
    chunks: list[bytes], *, eof: bool = False, conn: Connection | None = None
) -> tuple[list[Event], Connection]:
    """Feed ``chunks`` (then EOF if asked) and collect the events.

    When the parser pauses on a finished request, answer it with an empty 200 so that a
    pipelined request behind it can be read. Never loops forever: a parser that keeps
    returning events without consuming bytes fails the test.
    """
    conn = conn or Connection()
    events: list[Event] = []
    for chunk in [*chunks, b""] if eof else chunks:
        conn.receive_data(chunk)
        for _ in range(1000):
            event = conn.next_event()
            if event is NEED_DATA:
                break
            if event is PAUSED:
                conn.send(EMPTY_200)
                conn.send(EndOfMessage())
                continue
            assert isinstance(event, (Request, Data, EndOfMessage, ConnectionClosed)), event
            events.append(event)
            if isinstance(event, ConnectionClosed):
                return joined(events), conn
        else:
            pytest.fail("next_event() never asked for more data")
    return joined(events), conn


def get(
    target: bytes = b"/",
    headers: Headers | None = None,
    *,
    method: bytes = b"GET",
    version: bytes = b"1.1",
) -> Request:
    return Request(
        method=method,
        target=target,
        headers=[(b"host", b"a")] if headers is None else headers,
        http_version=version,
    )


EOM = EndOfMessage()

# (raw request bytes, expected events): valid requests, no EOF.
VALID = [
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        [
            Request(
                method=b"GET", target=b"/", headers=[(b"host", b"example.com")], http_version=b"1.1"
            ),
            EOM,
        ],
        id="simple-get",
    ),
    pytest.param(
        b"GET /search?q=sans+io&page=2 HTTP/1.1\r\nHOST: a\r\nX-Custom-Header: MixedCase Value\r\ncontent-TYPE: text/plain\r\n\r\n",
        [
            get(
                b"/search?q=sans+io&page=2",
                [
                    (b"host", b"a"),
                    (b"x-custom-header", b"MixedCase Value"),
                    (b"content-type", b"text/plain"),
                ],
            ),
            EOM,
        ],
        id="names-lowercased-values-kept",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nAccept: text/html\r\nHost: a\r\nCookie: a=1\r\nAccept: */*\r\nCookie: b=2\r\n\r\n",
        [
            get(
                headers=[
                    (b"accept", b"text/html"),
                    (b"host", b"a"),
                    (b"cookie", b"a=1"),
                    (b"accept", b"*/*"),
                    (b"cookie", b"b=2"),
                ]
            ),
            EOM,
        ],
        id="repeated-headers-in-order",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost:   a  \r\nX-Tab:\tv\t \r\nX-Inner:  a b \t c \r\nX-Empty:\r\nX-Blank:   \t\r\n\r\n",
        [
            get(
                headers=[
                    (b"host", b"a"),
                    (b"x-tab", b"v"),
                    (b"x-inner", b"a b \t c"),
                    (b"x-empty", b""),
                    (b"x-blank", b""),
                ]
            ),
            EOM,
        ],
        id="ows-stripped",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\nX-Latin: caf\xe9 \x80\xff\r\n\r\n",
        [get(headers=[(b"host", b"a"), (b"x-latin", b"caf\xe9 \x80\xff")]), EOM],
        id="obs-text-in-value",
    ),
    pytest.param(
        b"POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
        [
            get(b"/submit", [(b"host", b"a"), (b"content-length", b"11")], method=b"POST"),
            Data(data=b"hello world"),
            EOM,
        ],
        id="content-length-body",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        [get(headers=[(b"host", b"a"), (b"content-length", b"0")], method=b"POST"), EOM],
        id="content-length-zero",
    ),
    pytest.param(
        b"PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
        [
            get(
                headers=[(b"host", b"a"), (b"content-length", b"3"), (b"content-length", b"3")],
                method=b"PUT",
            ),
            Data(data=b"abc"),
            EOM,
        ],
        id="content-length-repeated-same-value",
    ),
    pytest.param(
        b"PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc",
        [
            get(headers=[(b"host", b"a"), (b"content-length", b"3, 3")], method=b"PUT"),
            Data(data=b"abc"),
            EOM,
        ],
        id="content-length-list-same-value",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n\x00\r\n\xff",
        [
            get(headers=[(b"host", b"a"), (b"content-length", b"4")], method=b"POST"),
            Data(data=b"\x00\r\n\xff"),
            EOM,
        ],
        id="binary-body",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        [
            get(headers=[(b"host", b"a"), (b"transfer-encoding", b"chunked")], method=b"POST"),
            Data(data=b"hello world"),
            EOM,
        ],
        id="chunked",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        [get(headers=[(b"host", b"a"), (b"transfer-encoding", b"chunked")], method=b"POST"), EOM],
        id="chunked-empty",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\nb\r\nabcdefghijk\r\n000\r\n\r\n",
        [
            get(headers=[(b"host", b"a"), (b"transfer-encoding", b"Chunked")], method=b"POST"),
            Data(data=b"0123456789abcdefghijk"),
            EOM,
        ],
        id="chunked-hex-sizes-any-case",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5;name=value\r\nhello\r\n6 ; a=b;c="q;"\r\n world\r\n0;last\r\n\r\n',
        [
            get(headers=[(b"host", b"a"), (b"transfer-encoding", b"chunked")], method=b"POST"),
            Data(data=b"hello world"),
            EOM,
        ],
        id="chunked-extensions-ignored",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n0\r\nChecksum: abc123\r\nX-Trailer:  two words \r\nchecksum: again\r\n\r\n",
        [
            get(headers=[(b"host", b"a"), (b"transfer-encoding", b"chunked")], method=b"POST"),
            Data(data=b"abc"),
            EndOfMessage(
                headers=[
                    (b"checksum", b"abc123"),
                    (b"x-trailer", b"two words"),
                    (b"checksum", b"again"),
                ]
            ),
        ],
        id="chunked-trailers",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\r\n\r\n0\r\n\r\n",
        [
            get(headers=[(b"host", b"a"), (b"transfer-encoding", b"chunked")], method=b"POST"),
            Data(data=b"\r\n"),
            EOM,
        ],
        id="chunked-data-looks-like-crlf",
    ),
    pytest.param(
        b"\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        [get(), EOM],
        id="leading-empty-lines-ignored",
    ),
    pytest.param(
        b"\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        [get(), EOM],
        id="leading-bare-lf-lines-ignored",
    ),
    pytest.param(
        b"POST /lf HTTP/1.1\nHost: a\nContent-Length: 2\n\nhi",
        [
            get(b"/lf", [(b"host", b"a"), (b"content-length", b"2")], method=b"POST"),
            Data(data=b"hi"),
            EOM,
        ],
        id="bare-lf-line-endings",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\nTransfer-Encoding: chunked\r\n\n5\nhello\n0\nX: y\n\n",
        [
            get(headers=[(b"host", b"a"), (b"transfer-encoding", b"chunked")], method=b"POST"),
            Data(data=b"hello"),
            EndOfMessage(headers=[(b"x", b"y")]),
        ],
        id="bare-lf-mixed-and-chunked",
    ),
    pytest.param(
        b"GET / HTTP/1.0\r\n\r\n",
        [get(headers=[], version=b"1.0"), EOM],
        id="http-1.0-without-host",
    ),
    pytest.param(
        b"GET / HTTP/1.2\r\nHost: a\r\n\r\n",
        [get(), EOM],
        id="higher-minor-version-read-as-1.1",
    ),
    pytest.param(
        b"GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
        [get(b"http://example.com:8080/a/b?c=d", [(b"host", b"example.com:8080")]), EOM],
        id="absolute-form",
    ),
    pytest.param(
        b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        [get(b"*", method=b"OPTIONS"), EOM],
        id="asterisk-form",
    ),
    pytest.param(
        b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
        [get(b"example.com:443", [(b"host", b"example.com:443")], method=b"CONNECT"), EOM],
        id="authority-form",
    ),
    pytest.param(
        b"M-SEARCH /~user/%7E HTTP/1.1\r\nHost: a\r\n!#$%&'*+-.^_`|~09AZaz: token-chars\r\n\r\n",
        [
            get(
                b"/~user/%7E",
                [(b"host", b"a"), (b"!#$%&'*+-.^_`|~09azaz", b"token-chars")],
                method=b"M-SEARCH",
            ),
            EOM,
        ],
        id="every-tchar",
    ),
    pytest.param(
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\nHost: a\r\n\r\n",
        [
            get(b"/1"),
            EOM,
            get(b"/2", [(b"host", b"a"), (b"content-length", b"2")], method=b"POST"),
            Data(data=b"hi"),
            EOM,
            get(b"/3"),
            EOM,
        ],
        id="pipelined-in-order",
    ),
    pytest.param(
        b"POST /1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
        [
            get(b"/1", [(b"host", b"a"), (b"transfer-encoding", b"chunked")], method=b"POST"),
            Data(data=b"x"),
            EOM,
            get(b"/2"),
            EOM,
        ],
        id="pipelined-after-chunked-with-extra-crlf",
    ),
    pytest.param(
        b"GET /1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
        [get(b"/1", [(b"host", b"a"), (b"connection", b"close")]), EOM],
        id="nothing-read-after-connection-close",
    ),
    pytest.param(
        b"GET /1 HTTP/1.0\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
        [get(b"/1", [], version=b"1.0"), EOM],
        id="nothing-read-after-http-1.0",
    ),
    pytest.param(
        b"PUT /upload HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata",
        [
            get(
                b"/upload",
                [(b"host", b"a"), (b"expect", b"100-continue"), (b"content-length", b"4")],
                method=b"PUT",
            ),
            Data(data=b"data"),
            EOM,
        ],
        id="expect-100-continue",
    ),
]

# (raw bytes before the client closes, expected events): EOF where it is allowed.
VALID_THEN_EOF = [
    pytest.param(b"", [ConnectionClosed()], id="eof-when-idle"),
    pytest.param(b"\r\n", [ConnectionClosed()], id="eof-after-empty-line"),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        [get(), EOM, ConnectionClosed()],
        id="eof-after-request",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok",
        [
            get(headers=[(b"host", b"a"), (b"content-length", b"2")], method=b"POST"),
            Data(data=b"ok"),
            EOM,
            ConnectionClosed(),
        ],
        id="eof-after-body",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nignored",
        [get(headers=[(b"host", b"a"), (b"connection", b"close")]), EOM, ConnectionClosed()],
        id="eof-after-connection-close",
    ),
]

# (raw bytes before the client closes, status_hint): EOF in the middle of a message.
TRUNCATED_BY_EOF = [
    pytest.param(b"GET / HTTP/1.1\r\nHost: a\r\n", 400, id="eof-in-head"),
    pytest.param(b"GET / HT", 400, id="eof-in-request-line"),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabc",
        400,
        id="eof-in-content-length-body",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
        400,
        id="eof-in-chunk-data",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        400,
        id="eof-before-last-chunk",
    ),
    pytest.param(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n",
        400,
        id="eof-in-trailers",
    ),
    pytest.param(
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n", 400, id="eof-in-second-head"
    ),
]


@pytest.mark.parametrize("mode", FEEDINGS)
@pytest.mark.parametrize(("raw", "expected"), VALID)
def test_valid_request_gives_its_events(raw: bytes, expected: list[Event], mode: str) -> None:
    for chunks in feedings(raw, mode):
        events, conn = run(chunks)
        assert events == expected, f"fed as {[len(c) for c in chunks][:5]}..."
        assert conn.their_state in (IDLE, MUST_CLOSE)  # answered: next cycle, or the end


@pytest.mark.parametrize("mode", FEEDINGS)
@pytest.mark.parametrize(("raw", "expected"), VALID_THEN_EOF)
def test_eof_where_allowed_gives_connection_closed(
    raw: bytes, expected: list[Event], mode: str
) -> None:
    for chunks in feedings(raw, mode):
        events, conn = run(chunks, eof=True)
        assert events == expected
        assert conn.their_state is CLOSED
        assert conn.next_event() == ConnectionClosed()  # and it keeps saying so


@pytest.mark.parametrize("mode", FEEDINGS)
@pytest.mark.parametrize(("raw", "status"), TRUNCATED_BY_EOF)
def test_eof_in_the_middle_of_a_message_is_an_error(raw: bytes, status: int, mode: str) -> None:
    for chunks in feedings(raw, mode):
        with pytest.raises(RemoteProtocolError) as caught:
            run(chunks, eof=True)
        assert caught.value.status_hint == status


# -- keep-alive: (request, response headers, keep_alive, our_state after the response, header we add)

KEEP_ALIVE = [
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", [], True, IDLE, None, id="1.1-default-persistent"
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
        [],
        False,
        MUST_CLOSE,
        b"connection: close",
        id="1.1-close",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n",
        [],
        False,
        MUST_CLOSE,
        b"connection: close",
        id="1.1-close-in-a-list",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nConnection: close\r\n\r\n",
        [],
        False,
        MUST_CLOSE,
        b"connection: close",
        id="1.1-close-in-second-line",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n",
        [],
        True,
        IDLE,
        None,
        id="1.1-other-option",
    ),
    pytest.param(
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        [(b"Connection", b"close")],
        False,
        MUST_CLOSE,
        b"Connection: close",
        id="1.1-server-says-close",
    ),
    pytest.param(
        b"GET / HTTP/1.0\r\n\r\n",
        [],
        False,
        MUST_CLOSE,
        b"connection: close",
        id="1.0-default-close",
    ),
    pytest.param(
        b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        [],
        True,
        IDLE,
        b"connection: keep-alive",
        id="1.0-keep-alive",
    ),
    pytest.param(
        b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
        [],
        True,
        IDLE,
        b"connection: keep-alive",
        id="1.0-keep-alive-any-case",
    ),
    pytest.param(
        b"GET / HTTP/1.0\r\nConnection: foo\r\nConnection: keep-alive\r\n\r\n",
        [],
        True,
        IDLE,
        b"connection: keep-alive",
        id="1.0-keep-alive-second-line",
    ),
    pytest.param(
        b"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
        [],
        False,
        MUST_CLOSE,
        b"connection: close",
        id="1.0-keep-alive-and-close",
    ),
]


@pytest.mark.parametrize("mode", FEEDINGS)
@pytest.mark.parametrize(
    ("raw", "response_headers", "keep_alive", "state_after", "added"), KEEP_ALIVE
)
def test_keep_alive_decision(
    raw: bytes,
    response_headers: Headers,
    keep_alive: bool,
    state_after: State,
    added: bytes | None,
    mode: str,
) -> None:
    for chunks in feedings(raw, mode):
        conn = Connection()
        for chunk in chunks:
            conn.receive_data(chunk)
        assert isinstance(conn.next_event(), Request)
        assert conn.next_event() == EOM
        head = conn.send(
            Response(status_code=200, headers=[*response_headers, (b"content-length", b"2")])
        )
        conn.send(Data(data=b"ok"))
        conn.send(EndOfMessage())
        assert conn.keep_alive is keep_alive
        assert conn.our_state is state_after
        assert conn.their_state is state_after
        if added is not None:
            assert head.count(added) == 1, head
        if keep_alive:
            assert b"close" not in head.lower()


# -- pipelining: the next request waits until the response is done ------------------


def test_pipelined_requests_wait_for_the_response() -> None:
    conn = Connection()
    conn.receive_data(b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
    assert conn.next_event() == get(b"/1")
    assert conn.next_event() == EOM
    assert conn.next_event() is PAUSED
    assert conn.next_event() is PAUSED  # asking again does not skip ahead
    conn.send(EMPTY_200)
    assert conn.next_event() is PAUSED  # the response has started, not finished
    conn.send(EndOfMessage())
    assert (conn.our_state, conn.their_state) == (IDLE, IDLE)  # the next cycle started by itself
    assert conn.next_event() == get(b"/2")
    assert conn.next_event() == EOM
    assert conn.next_event() is PAUSED
    conn.send(EMPTY_200)
    conn.send(EndOfMessage())
    assert conn.next_event() is NEED_DATA


def test_paused_even_when_nothing_follows() -> None:
    conn = Connection()
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert [conn.next_event(), conn.next_event(), conn.next_event()] == [get(), EOM, PAUSED]


def test_bytes_arriving_while_paused_are_kept_for_the_next_request() -> None:
    conn = Connection()
    conn.receive_data(b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HT")
    assert [conn.next_event(), conn.next_event(), conn.next_event()] == [get(b"/1"), EOM, PAUSED]
    conn.receive_data(b"TP/1.1\r\nHost: a\r\n\r\n")
    assert conn.next_event() is PAUSED
    conn.send(EMPTY_200)
    conn.send(EndOfMessage())
    assert conn.next_event() == get(b"/2")


def test_body_streams_before_it_is_complete() -> None:
    conn = Connection()
    conn.receive_data(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhello")
    assert isinstance(conn.next_event(), Request)
    assert conn.next_event() == Data(data=b"hello")
    assert conn.next_event() is NEED_DATA
    conn.receive_data(b"world")
    assert conn.next_event() == Data(data=b"world")
    assert conn.next_event() == EOM


# -- Expect: 100-continue ---------------------------------------------------------------

EXPECT_HEAD = b"PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"


def test_100_continue_waits_until_we_say_go() -> None:
    conn = Connection()
    conn.receive_data(EXPECT_HEAD)
    assert isinstance(conn.next_event(), Request)
    assert conn.they_are_waiting_for_100_continue
    assert conn.next_event() is NEED_DATA
    assert conn.they_are_waiting_for_100_continue
    assert conn.send(InformationalResponse(status_code=100)) == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert not conn.they_are_waiting_for_100_continue
    assert conn.our_state is IDLE  # a 1xx is not the response
    conn.receive_data(b"data")
    assert conn.next_event() == Data(data=b"data")
    assert conn.next_event() == EOM


def test_100_continue_ends_when_the_body_arrives_anyway() -> None:
    conn = Connection()
    conn.receive_data(EXPECT_HEAD + b"da")
    assert isinstance(conn.next_event(), Request)
    assert conn.they_are_waiting_for_100_continue  # nothing of the body read yet
    assert conn.next_event() == Data(data=b"da")
    assert not conn.they_are_waiting_for_100_continue


def test_100_continue_ends_with_a_final_response() -> None:
    conn = Connection()
    conn.receive_data(EXPECT_HEAD)
    assert isinstance(conn.next_event(), Request)
    conn.send(Response(status_code=413, headers=[(b"content-length", b"0")]))
    assert not conn.they_are_waiting_for_100_continue
    conn.send(EndOfMessage())
    assert conn.our_state is MUST_CLOSE  # the body we refused may still come: can't reuse


@pytest.mark.parametrize(
    ("raw", "waiting"),
    [
        pytest.param(EXPECT_HEAD.replace(b"100-continue", b"100-Continue"), True, id="any-case"),
        pytest.param(
            EXPECT_HEAD.replace(b"Expect: 100-continue", b"Expect: foo, 100-continue"),
            True,
            id="in-a-list",
        ),
        pytest.param(EXPECT_HEAD.replace(b"Expect: 100-continue\r\n", b""), False, id="no-expect"),
        pytest.param(EXPECT_HEAD.replace(b"HTTP/1.1", b"HTTP/1.0"), False, id="http-1.0-ignored"),
    ],
)
def test_who_is_waiting_for_100_continue(raw: bytes, waiting: bool) -> None:
    conn = Connection()
    conn.receive_data(raw)
    assert isinstance(conn.next_event(), Request)
    assert conn.they_are_waiting_for_100_continue is waiting


def test_not_waiting_before_any_request() -> None:
    assert not Connection().they_are_waiting_for_100_continue


# -- states -------------------------------------------------------------------------------


def test_states_through_one_cycle() -> None:
    conn = Connection()
    assert (conn.their_state, conn.our_state) == (IDLE, IDLE)
    conn.receive_data(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
    conn.next_event()
    assert conn.their_state is SEND_BODY
    conn.next_event()
    conn.next_event()
    assert conn.their_state is DONE
    conn.send(EMPTY_200)
    assert conn.our_state is SEND_BODY
    conn.send(EndOfMessage())
    assert (conn.their_state, conn.our_state) == (IDLE, IDLE)
