"""Bad input in, the right error out: what the chapter 02 parser refuses, and with which status.

Receiving side: each row of the bad-input table is a request the parser must refuse with a
:class:`RemoteProtocolError` whose ``status_hint`` is the status a server should answer. The
verdict can't depend on how TCP cut the bytes, so every row is also fed one byte at a time
and split in two at every boundary. After the error the connection still lets the server
say why (an error response) and then close.

Sending side: :class:`LocalProtocolError` for responses our own code gets wrong, and the
framing the parser chooses for the responses it gets right.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chapters.ch02_http import (
    ERROR,
    IDLE,
    MUST_CLOSE,
    NEED_DATA,
    PAUSED,
    Connection,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Headers,
    InformationalResponse,
    LocalProtocolError,
    RemoteProtocolError,
    Request,
    Response,
)

FEEDINGS = ["whole", "bytewise", "every-split"]
EMPTY_200 = Response(status_code=200, headers=[(b"content-length", b"0")])
LIMITS = {"max_header_size": 256, "max_body_size": 10}


def feedings(raw: bytes, mode: str) -> Iterator[list[bytes]]:
    """The ways of cutting ``raw`` into ``receive_data`` calls for one feeding ``mode``."""
    if mode == "whole":
        yield [raw]
    elif mode == "bytewise":
        yield [raw[i : i + 1] for i in range(len(raw))]
    else:
        for i in range(1, len(raw)):
            yield [raw[:i], raw[i:]]


def first_error(chunks: list[bytes], conn: Connection, *, eof: bool = False) -> RemoteProtocolError:
    """Feed ``chunks`` and read events until the parser refuses something; return the error."""
    try:
        for chunk in [*chunks, b""] if eof else chunks:
            conn.receive_data(chunk)
            for _ in range(1000):
                event = conn.next_event()
                if event is NEED_DATA or isinstance(event, ConnectionClosed):
                    break
                if event is PAUSED:
                    conn.send(EMPTY_200)
                    conn.send(EndOfMessage())
            else:
                pytest.fail("next_event() never asked for more data")
    except RemoteProtocolError as error:
        return error
    pytest.fail("the parser accepted it")


def request(head: bytes, body: bytes = b"") -> bytes:
    """A request line plus header lines (CRLF-separated, without the final empty line)."""
    return head + b"\r\n\r\n" + body


CHUNKED = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked"

# (raw bytes, status_hint). The connection has max_header_size=256, max_body_size=10.
BAD_REQUESTS = [
    # request line
    pytest.param(request(b"GET /"), 400, id="no-version-http-0.9"),
    pytest.param(request(b"GET /\r\nHost: a"), 400, id="no-version-with-headers"),
    pytest.param(request(b"GET HTTP/1.1\r\nHost: a"), 400, id="no-target"),
    pytest.param(request(b"/ HTTP/1.1\r\nHost: a"), 400, id="no-method"),
    pytest.param(request(b"GET\r\nHost: a"), 400, id="method-only"),
    pytest.param(request(b"GET  / HTTP/1.1\r\nHost: a"), 400, id="two-spaces"),
    pytest.param(request(b" GET / HTTP/1.1\r\nHost: a"), 400, id="leading-space"),
    pytest.param(request(b"GET / HTTP/1.1 \r\nHost: a"), 400, id="trailing-space"),
    pytest.param(request(b"GET\t/\tHTTP/1.1\r\nHost: a"), 400, id="tabs-as-separators"),
    pytest.param(request(b"GET / http/1.1\r\nHost: a"), 400, id="lowercase-http"),
    pytest.param(request(b"GET / HTTP/1\r\nHost: a"), 400, id="version-without-minor"),
    pytest.param(request(b"GET / HTTP/1.1.1\r\nHost: a"), 400, id="version-three-parts"),
    pytest.param(request(b"GET / HTTP/10.1\r\nHost: a"), 400, id="version-two-digit-major"),
    pytest.param(request(b"GET / HTTPS/1.1\r\nHost: a"), 400, id="wrong-protocol-name"),
    pytest.param(request(b"G(T / HTTP/1.1\r\nHost: a"), 400, id="method-not-a-token"),
    pytest.param(request(b"GET /a b HTTP/1.1\r\nHost: a"), 400, id="space-in-target"),
    pytest.param(request(b"GET /\x7f HTTP/1.1\r\nHost: a"), 400, id="del-in-target"),
    pytest.param(request(b"GET /\xe9 HTTP/1.1\r\nHost: a"), 400, id="non-ascii-in-target"),
    pytest.param(request(b"GET / HTTP/2.0\r\nHost: a"), 505, id="http-2.0"),
    pytest.param(request(b"GET / HTTP/0.9\r\nHost: a"), 505, id="http-0.9-with-version"),
    pytest.param(request(b"GET / HTTP/3.0\r\nHost: a"), 505, id="http-3.0"),
    # line endings and forbidden bytes
    pytest.param(request(b"GET / HTTP/1.1\rHost: a"), 400, id="bare-cr-as-line-end"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\rb"), 400, id="bare-cr-in-value"),
    pytest.param(
        request(b"GET / HTTP/1.1\r\nHost: a\r\n\rX: b"), 400, id="bare-cr-starting-a-line"
    ),
    pytest.param(request(b"\rGET / HTTP/1.1\r\nHost: a"), 400, id="bare-cr-before-request-line"),
    pytest.param(request(b"GET /\x00 HTTP/1.1\r\nHost: a"), 400, id="nul-in-target"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\x00b"), 400, id="nul-in-value"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHo\x00st: a"), 400, id="nul-in-name"),
    # field lines
    pytest.param(request(b"GET / HTTP/1.1\r\nHost : a"), 400, id="space-before-colon"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost\t: a"), 400, id="tab-before-colon"),
    pytest.param(
        request(b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: first\r\n second"), 400, id="obs-fold-space"
    ),
    pytest.param(
        request(b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: first\r\n\tsecond"), 400, id="obs-fold-tab"
    ),
    pytest.param(request(b"GET / HTTP/1.1\r\n Host: a"), 400, id="first-line-folded"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost a"), 400, id="no-colon"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\n: empty-name"), 400, id="empty-name"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX(Y: z"), 400, id="paren-in-name"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX Y: z"), 400, id="space-in-name"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX@Y: z"), 400, id="at-in-name"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX\xe9: z"), 400, id="non-ascii-in-name"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x01b"), 400, id="ctl-01-in-value"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x1bb"), 400, id="esc-in-value"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x7f"), 400, id="del-in-value"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x0bb"), 400, id="vt-in-value"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x0cb"), 400, id="ff-in-value"),
    # Content-Length
    pytest.param(request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc"), 400, id="cl-abc"),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1"), 400, id="cl-negative"
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5"), 400, id="cl-plus-sign"
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2"), 400, id="cl-inner-space"
    ),
    pytest.param(request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10"), 400, id="cl-hex"),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1_0"), 400, id="cl-underscore"
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5.0"), 400, id="cl-decimal"
    ),
    pytest.param(request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length:"), 400, id="cl-empty"),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6"),
        400,
        id="cl-two-values",
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6"), 400, id="cl-list-two-values"
    ),
    # Transfer-Encoding
    pytest.param(request(CHUNKED + b"\r\nContent-Length: 5", b"0\r\n\r\n"), 400, id="te-and-cl"),
    pytest.param(
        request(
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked",
            b"0\r\n\r\n",
        ),
        400,
        id="cl-and-te",
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\nContent-Length: 3", b"abc"),
        400,
        id="empty-te-and-cl",
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip"), 501, id="te-gzip"
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked"),
        501,
        id="te-gzip-chunked",
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity"), 501, id="te-identity"
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked"),
        400,
        id="te-chunked-twice",
    ),
    pytest.param(
        request(CHUNKED + b"\r\nTransfer-Encoding: chunked"), 400, id="te-chunked-two-lines"
    ),
    pytest.param(
        request(b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked", b"0\r\n\r\n"),
        400,
        id="te-in-http-1.0",
    ),
    # chunked bodies
    pytest.param(request(CHUNKED, b"zz\r\n"), 400, id="chunk-size-zz"),
    pytest.param(request(CHUNKED, b"0x5\r\nhello\r\n0\r\n\r\n"), 400, id="chunk-size-0x"),
    pytest.param(request(CHUNKED, b"+5\r\nhello\r\n0\r\n\r\n"), 400, id="chunk-size-plus"),
    pytest.param(request(CHUNKED, b" 5\r\nhello\r\n0\r\n\r\n"), 400, id="chunk-size-leading-space"),
    pytest.param(request(CHUNKED, b"-1\r\n"), 400, id="chunk-size-negative"),
    pytest.param(request(CHUNKED, b"1_0\r\n"), 400, id="chunk-size-underscore"),
    pytest.param(request(CHUNKED, b"\r\n"), 400, id="chunk-size-empty"),
    pytest.param(
        request(CHUNKED, b"00000000000000001\r\nx\r\n0\r\n\r\n"), 400, id="chunk-size-17-digits"
    ),
    pytest.param(request(CHUNKED, b"1" + b";x" * 3000 + b"\r\n"), 400, id="chunk-line-too-long"),
    pytest.param(request(CHUNKED, b"5\r\nhelloXX0\r\n\r\n"), 400, id="no-crlf-after-chunk"),
    pytest.param(request(CHUNKED, b"5\r\nhello\r0\r\n\r\n"), 400, id="bare-cr-after-chunk"),
    pytest.param(request(CHUNKED, b"0\r\nbad trailer\r\n\r\n"), 400, id="trailer-without-colon"),
    pytest.param(request(CHUNKED, b"0\r\nX: a\x00\r\n\r\n"), 400, id="nul-in-trailer"),
    # sizes (max_header_size=256, max_body_size=10)
    pytest.param(
        request(b"GET / HTTP/1.1\r\nHost: a" + b"\r\nX: y" * 60), 431, id="head-too-large"
    ),
    pytest.param(
        request(b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"y" * 300), 431, id="one-header-too-large"
    ),
    pytest.param(
        request(b"GET /" + b"a" * 300 + b" HTTP/1.1\r\nHost: a"), 414, id="request-line-too-long"
    ),
    pytest.param(b"GET /" + b"a" * 300, 414, id="request-line-too-long-unfinished"),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11", b"x" * 11),
        413,
        id="body-too-large-by-cl",
    ),
    pytest.param(
        request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999"),
        413,
        id="body-huge-cl",
    ),
    pytest.param(
        request(CHUNKED, b"6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n"),
        413,
        id="body-too-large-by-chunks",
    ),
    pytest.param(request(CHUNKED, b"b\r\n"), 413, id="one-chunk-too-large"),
    # Host
    pytest.param(request(b"GET / HTTP/1.1"), 400, id="1.1-without-host"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b"), 400, id="two-hosts"),
    pytest.param(request(b"GET / HTTP/1.1\r\nHost: a\r\nHost: a"), 400, id="two-identical-hosts"),
    pytest.param(request(b"GET / HTTP/1.0\r\nHost: a\r\nHost: b"), 400, id="1.0-two-hosts"),
    # the second request of a pipeline is checked like the first
    pytest.param(
        request(b"GET / HTTP/1.1\r\nHost: a") + request(b"GET / HTTP/1.1"),
        400,
        id="pipelined-second-without-host",
    ),
]


@pytest.mark.parametrize("mode", FEEDINGS)
@pytest.mark.parametrize(("raw", "status"), BAD_REQUESTS)
def test_bad_request_is_refused_with_its_status(raw: bytes, status: int, mode: str) -> None:
    for chunks in feedings(raw, mode):
        error = first_error(chunks, Connection(**LIMITS))
        assert error.status_hint == status, f"{error} (fed as {len(chunks)} pieces)"


def test_limits_are_inclusive() -> None:
    """A head or body exactly at the limit is fine, whatever the cuts."""
    raw = request(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10", b"0123456789")
    head_size = raw.index(b"\n\r\n")  # what max_header_size measures: up to the final empty line
    for mode in FEEDINGS:
        for chunks in feedings(raw, mode):
            conn = Connection(max_header_size=head_size, max_body_size=10)
            events = []
            for chunk in chunks:
                conn.receive_data(chunk)
                while (event := conn.next_event()) not in (NEED_DATA, PAUSED):
                    events.append(event)
            assert isinstance(events[0], Request), (mode, [len(c) for c in chunks])
            assert b"".join(e.data for e in events if isinstance(e, Data)) == b"0123456789"
            assert events[-1] == EndOfMessage()


@pytest.mark.parametrize(("raw", "status"), BAD_REQUESTS)
def test_after_a_remote_error_we_can_answer_and_must_close(raw: bytes, status: int) -> None:
    conn = Connection(**LIMITS)
    first_error([raw], conn)
    assert conn.their_state is ERROR
    assert not conn.keep_alive
    with pytest.raises(RemoteProtocolError):
        conn.next_event()  # and again: the connection never recovers
    head = conn.send(Response(status_code=status, headers=[(b"content-length", b"5")]))
    assert head.startswith(b"HTTP/1.1 %d " % status)
    assert b"\r\nconnection: close\r\n" in head
    assert conn.send(Data(data=b"error")) == b"error"
    assert conn.send(EndOfMessage()) == b""
    assert conn.our_state is MUST_CLOSE


@pytest.mark.parametrize(
    "previous",
    [
        pytest.param(b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", id="after-head"),
        pytest.param(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", id="after-http-1.0"),
    ],
)
def test_error_response_is_not_framed_for_the_previous_request(previous: bytes) -> None:
    """The request that failed to parse has no method or version: nothing from the one
    before it may leak in (a HEAD would drop our error body but keep its Content-Length)."""
    conn = Connection()
    conn.receive_data(previous + b"garbage\r\n\r\n")
    assert isinstance(conn.next_event(), Request)
    assert conn.next_event() == EndOfMessage()
    conn.send(Response(status_code=200, headers=[(b"content-length", b"2")]))
    conn.send(Data(data=b"ok"))
    conn.send(EndOfMessage())
    with pytest.raises(RemoteProtocolError):
        conn.next_event()
    head = conn.send(Response(status_code=400, headers=[(b"content-length", b"5")]))
    assert b"keep-alive" not in head
    assert conn.send(Data(data=b"error")) == b"error"
    conn.send(EndOfMessage())
    assert conn.our_state is MUST_CLOSE


# -- the sending side: our own mistakes -----------------------------------------------------


def answered(raw: bytes = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n") -> Connection:
    """A connection that has read one complete request and waits for our response."""
    conn = Connection()
    conn.receive_data(raw)
    assert isinstance(conn.next_event(), Request)
    assert conn.next_event() == EndOfMessage()
    return conn


def test_data_before_response() -> None:
    with pytest.raises(LocalProtocolError):
        answered().send(Data(data=b"x"))


def test_end_of_message_before_response() -> None:
    with pytest.raises(LocalProtocolError):
        answered().send(EndOfMessage())


def test_two_responses() -> None:
    conn = answered()
    conn.send(EMPTY_200)
    with pytest.raises(LocalProtocolError) as caught:
        conn.send(EMPTY_200)
    assert "Response" in str(caught.value) and "SEND_BODY" in str(caught.value)


def test_informational_after_response() -> None:
    conn = answered()
    conn.send(EMPTY_200)
    with pytest.raises(LocalProtocolError):
        conn.send(InformationalResponse(status_code=100))


def test_body_longer_than_content_length() -> None:
    conn = answered()
    conn.send(Response(status_code=200, headers=[(b"content-length", b"3")]))
    conn.send(Data(data=b"ab"))
    with pytest.raises(LocalProtocolError):
        conn.send(Data(data=b"cd"))
    assert conn.our_state is ERROR
    with pytest.raises(LocalProtocolError):
        conn.send(EndOfMessage())  # nothing more can be sent


def test_body_shorter_than_content_length() -> None:
    conn = answered()
    conn.send(Response(status_code=200, headers=[(b"content-length", b"5")]))
    conn.send(Data(data=b"abc"))
    with pytest.raises(LocalProtocolError):
        conn.send(EndOfMessage())
    assert conn.our_state is ERROR


def test_trailers_without_chunked() -> None:
    conn = answered()
    conn.send(Response(status_code=200, headers=[(b"content-length", b"0")]))
    with pytest.raises(LocalProtocolError):
        conn.send(EndOfMessage(headers=[(b"x", b"y")]))


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param([(b"location", b"/a\r\nSet-Cookie: evil=1")], id="crlf-in-value"),
        pytest.param([(b"location", b"/a\nSet-Cookie: evil=1")], id="lf-in-value"),
        pytest.param([(b"location", b"/a\rb")], id="cr-in-value"),
        pytest.param([(b"x", b"a\x00b")], id="nul-in-value"),
        pytest.param([(b"x", b" leading-space")], id="leading-space-in-value"),
        pytest.param([(b"x-a\r\nx-b", b"1")], id="crlf-in-name"),
        pytest.param([(b"x a", b"1")], id="space-in-name"),
        pytest.param([(b"x:", b"1")], id="colon-in-name"),
        pytest.param([(b"", b"1")], id="empty-name"),
        pytest.param([(b"content-length", b"abc")], id="invalid-content-length"),
        pytest.param(
            [(b"content-length", b"1"), (b"content-length", b"2")], id="two-content-lengths"
        ),
        pytest.param(
            [(b"content-length", b"1"), (b"transfer-encoding", b"chunked")], id="cl-and-te"
        ),
    ],
)
def test_invalid_response_headers(headers: Headers) -> None:
    with pytest.raises(LocalProtocolError):
        answered().send(Response(status_code=200, headers=headers))


def test_reason_phrase_with_crlf() -> None:
    with pytest.raises(LocalProtocolError):
        answered().send(Response(status_code=200, reason=b"OK\r\nX-Evil: 1"))


@pytest.mark.parametrize("status", [204, 304])
def test_body_on_a_bodyless_status(status: int) -> None:
    conn = answered()
    head = conn.send(Response(status_code=status))
    assert b"transfer-encoding" not in head.lower()
    assert conn.send(Data(data=b"")) == b""
    with pytest.raises(LocalProtocolError):
        conn.send(Data(data=b"x"))


def test_1xx_to_an_http_1_0_client() -> None:
    conn = answered(b"GET / HTTP/1.0\r\n\r\n")
    with pytest.raises(LocalProtocolError):
        conn.send(InformationalResponse(status_code=100))


def test_status_codes_out_of_range() -> None:
    with pytest.raises(ValueError):
        Response(status_code=101)
    with pytest.raises(ValueError):
        InformationalResponse(status_code=200)


# -- response framing ------------------------------------------------------------------------


def test_http_1_1_without_content_length_is_chunked() -> None:
    conn = answered()
    head = conn.send(Response(status_code=200, headers=[(b"content-type", b"text/plain")]))
    assert (
        head == b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    assert conn.send(Data(data=b"hello")) == b"5\r\nhello\r\n"
    assert conn.send(Data(data=b"")) == b""  # an empty chunk would end the body
    assert conn.send(Data(data=b"x" * 26)) == b"1a\r\n" + b"x" * 26 + b"\r\n"
    assert conn.send(EndOfMessage(headers=[(b"checksum", b"1")])) == b"0\r\nchecksum: 1\r\n\r\n"
    assert conn.our_state is IDLE


def test_http_1_0_without_content_length_is_close_delimited() -> None:
    conn = answered(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    head = conn.send(Response(status_code=200))
    assert head == b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n"
    assert conn.send(Data(data=b"hello")) == b"hello"
    assert conn.send(EndOfMessage()) == b""
    assert conn.our_state is MUST_CLOSE
    assert not conn.keep_alive


def test_http_1_0_keep_alive_with_content_length() -> None:
    conn = answered(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    head = conn.send(Response(status_code=200, headers=[(b"content-length", b"5")]))
    assert head == b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: keep-alive\r\n\r\n"
    assert conn.send(Data(data=b"hello")) == b"hello"
    conn.send(EndOfMessage())
    assert conn.our_state is IDLE


def test_head_response_keeps_content_length_but_sends_no_body() -> None:
    conn = answered(b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")
    head = conn.send(Response(status_code=200, headers=[(b"content-length", b"5")]))
    assert head == b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"
    assert conn.send(Data(data=b"hello")) == b""  # dropped, so GET code can serve HEAD
    assert conn.send(EndOfMessage()) == b""
    assert conn.our_state is IDLE


def test_user_connection_close_is_not_repeated() -> None:
    conn = answered()
    head = conn.send(
        Response(status_code=200, headers=[(b"Connection", b"close"), (b"content-length", b"0")])
    )
    assert head.lower().count(b"connection") == 1
    conn.send(EndOfMessage())
    assert conn.our_state is MUST_CLOSE


@pytest.mark.parametrize(
    ("status", "reason", "line"),
    [
        (200, b"", b"HTTP/1.1 200 OK\r\n"),
        (201, b"", b"HTTP/1.1 201 Created\r\n"),
        (204, b"", b"HTTP/1.1 204 No Content\r\n"),
        (404, b"", b"HTTP/1.1 404 Not Found\r\n"),
        (431, b"", b"HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        (500, b"", b"HTTP/1.1 500 Internal Server Error\r\n"),
        (599, b"", b"HTTP/1.1 599 \r\n"),
        (200, b"Fine Thanks", b"HTTP/1.1 200 Fine Thanks\r\n"),
    ],
)
def test_status_line_and_default_reason(status: int, reason: bytes, line: bytes) -> None:
    head = answered().send(
        Response(status_code=status, reason=reason, headers=[(b"content-length", b"0")])
    )
    assert head.startswith(line)


@pytest.mark.parametrize(
    ("status", "line"),
    [(100, b"HTTP/1.1 100 Continue\r\n\r\n"), (103, b"HTTP/1.1 103 Early Hints\r\n\r\n")],
)
def test_informational_response_bytes(status: int, line: bytes) -> None:
    assert answered().send(InformationalResponse(status_code=status)) == line
