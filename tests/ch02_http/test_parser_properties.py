"""Properties of the chapter 02 parser, checked on inputs that hypothesis makes up.

1. Robustness: whatever the bytes (random, or a valid request with bytes flipped, inserted,
   deleted or cut off), fed whole or in random pieces, with or without EOF, the parser only
   ever returns events, ``NEED_DATA`` or ``PAUSED``, or raises its own
   :class:`RemoteProtocolError`; it never raises anything else and never loops.
2. Round trip: a valid request built from random methods, targets, header fields and
   bodies (Content-Length or chunked, with extensions and trailers) parses back into exactly
   the events it was built from.

Hypothesis is derandomized so that the suite is deterministic; bounded so it stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    Event,
    Headers,
    RemoteProtocolError,
    Request,
    Response,
)

BOUNDED = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EMPTY_200 = Response(status_code=200, headers=[(b"content-length", b"0")])
SMALL_LIMITS = {"max_header_size": 200, "max_body_size": 40}


# -- feeding -----------------------------------------------------------------------------


def cut(raw: bytes, cuts: list[int]) -> list[bytes]:
    """``raw`` cut at the given positions (taken modulo its length), no empty pieces."""
    points = sorted({c % (len(raw) + 1) for c in cuts} | {0, len(raw)})
    return [raw[a:b] for a, b in pairwise(points) if b > a]


def drive(chunks: list[bytes], *, eof: bool, conn: Connection) -> list[Event]:
    """Feed the pieces, answer every finished request, and return the events.

    Raises AssertionError if the parser steps without end, returns something that is not an
    event, or leaves the connection unusable after its own error; lets RemoteProtocolError
    through after checking that the server can still answer it.
    """
    events: list[Event] = []
    budget = 4 * sum(map(len, chunks)) + 50  # every step consumes bytes or moves a state
    for chunk in [*chunks, b""] if eof else chunks:
        conn.receive_data(chunk)
        while True:
            budget -= 1
            assert budget > 0, "next_event() keeps returning without progress"
            try:
                event = conn.next_event()
            except RemoteProtocolError as error:
                answer_the_error(conn, error)
                raise
            if event is PAUSED or (
                event is NEED_DATA and conn.their_state is MUST_CLOSE and conn.our_state is IDLE
            ):
                # A finished request: answer it. (A request that ends the connection is
                # followed by NEED_DATA, not PAUSED: nothing after it will be read.)
                conn.send(EMPTY_200)
                conn.send(EndOfMessage())
                continue
            if event is NEED_DATA:
                break
            assert isinstance(event, (Request, Data, EndOfMessage, ConnectionClosed)), event
            events.append(event)
            if isinstance(event, ConnectionClosed):
                return events
    return events


def answer_the_error(conn: Connection, error: RemoteProtocolError) -> None:
    """After a RemoteProtocolError a server answers its status_hint, then closes."""
    assert error.status_hint in (400, 413, 414, 431, 501, 505), error
    assert conn.their_state is ERROR
    assert conn.our_state is IDLE  # we answer every request as soon as it is done
    conn.send(Response(status_code=error.status_hint, headers=[(b"content-length", b"0")]))
    conn.send(EndOfMessage())
    assert conn.our_state is MUST_CLOSE


def survives(chunks: list[bytes], *, eof: bool, **limits: int) -> None:
    """The robustness property: events or RemoteProtocolError, nothing else."""
    try:
        drive(chunks, eof=eof, conn=Connection(**limits))
    except RemoteProtocolError:
        pass


def joined(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    for event in events:
        if isinstance(event, Data) and out and isinstance(out[-1], Data):
            out[-1] = Data(data=out[-1].data + event.data)
        else:
            out.append(event)
    return out


# -- 1. robustness -------------------------------------------------------------------------

CORPUS = [
    b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /a?b=c HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n",
    b"POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
    b"POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n",
    b"PUT /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
    b"\r\nGET /1 HTTP/1.1\nHost: a\n\nGET /2 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"1\r\na\r\n10\r\n0123456789abcdef\r\n0\r\n\r\nHEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
    ),
]

# Bytes that matter to an HTTP parser, so random sequences of them get past the first line.
INTERESTING = [
    b"GET",
    b"POST",
    b" ",
    b"/",
    b"*",
    b"HTTP/1.1",
    b"HTTP/1.0",
    b"HTTP/2.0",
    b"\r\n",
    b"\n",
    b"\r",
    b":",
    b";",
    b",",
    b"\t",
    b"\x00",
    b"\x7f",
    b"\xff",
    b"Host",
    b"Content-Length",
    b"Transfer-Encoding",
    b"chunked",
    b"Connection",
    b"close",
    b"keep-alive",
    b"Expect",
    b"100-continue",
    b"0",
    b"5",
    b"a",
    b"ff",
    b"0x",
    b"-",
    b"+",
]


@BOUNDED
@given(
    raw=st.binary(max_size=300), cuts=st.lists(st.integers(0, 300), max_size=6), eof=st.booleans()
)
def test_random_bytes(raw: bytes, cuts: list[int], eof: bool) -> None:
    survives(cut(raw, cuts), eof=eof)


@BOUNDED
@given(
    raw=st.lists(st.sampled_from(INTERESTING), max_size=60).map(b"".join),
    cuts=st.lists(st.integers(0, 400), max_size=6),
    eof=st.booleans(),
    small=st.booleans(),
)
def test_random_http_looking_bytes(raw: bytes, cuts: list[int], eof: bool, small: bool) -> None:
    survives(cut(b"GET / HTTP/1.1\r\n" + raw, cuts), eof=eof, **(SMALL_LIMITS if small else {}))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid request with a few bytes flipped, inserted, deleted or cut off."""
    raw = bytearray(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, len(raw)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]))
        if kind == "flip" and where < len(raw):
            raw[where] = draw(st.integers(0, 255))
        elif kind == "insert":
            raw[where:where] = draw(
                st.one_of(st.binary(min_size=1, max_size=4), st.sampled_from(INTERESTING))
            )
        elif kind == "delete":
            del raw[where : where + draw(st.integers(1, 8))]
        elif kind == "truncate":
            del raw[where:]
        elif kind == "repeat":
            raw[where:where] = raw[where : where + draw(st.integers(1, 20))]
    return bytes(raw)


@BOUNDED
@given(
    raw=mutated(),
    cuts=st.lists(st.integers(0, 500), max_size=6),
    eof=st.booleans(),
    small=st.booleans(),
)
def test_mutated_valid_requests(raw: bytes, cuts: list[int], eof: bool, small: bool) -> None:
    survives(cut(raw, cuts), eof=eof, **(SMALL_LIMITS if small else {}))


@settings(BOUNDED, max_examples=100)
@given(raw=mutated(), cuts=st.lists(st.integers(0, 500), max_size=6))
def test_verdict_does_not_depend_on_the_cuts(raw: bytes, cuts: list[int]) -> None:
    """Whole or in pieces: the same events, or an error with the same status."""

    def outcome(chunks: list[bytes]) -> tuple[list[Event], int | None]:
        conn = Connection(**SMALL_LIMITS)
        events: list[Event] = []
        try:
            events = drive(chunks, eof=True, conn=conn)
        except RemoteProtocolError as error:
            return [], error.status_hint
        return joined(events), None

    assert outcome(cut(raw, cuts)) == outcome([raw] if raw else [])


# -- 2. round trip ---------------------------------------------------------------------------

TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
FRAMING = {b"host", b"content-length", b"transfer-encoding", b"connection", b"expect"}

tokens = st.text(TCHAR, min_size=1, max_size=12).map(str.encode)
field_names = tokens.filter(lambda name: name.lower() not in FRAMING)
# field-value: visible ASCII and obs-text, with spaces and tabs inside; OWS around it is
# added by the wire format below and stripped by the parser.
field_values = st.lists(
    st.one_of(st.integers(0x21, 0x7E), st.integers(0x80, 0xFF), st.sampled_from([0x20, 0x09])),
    max_size=20,
).map(lambda codes: bytes(codes).strip(b" \t"))
ows = st.sampled_from([b"", b" ", b"  ", b"\t", b" \t "])
eols = st.sampled_from([b"\r\n", b"\n"])
targets = st.one_of(
    st.just(b"*"),
    st.just(b"/"),
    st.lists(st.integers(0x21, 0x7E), min_size=0, max_size=30).map(
        lambda codes: b"/" + bytes(codes)
    ),
    st.tuples(tokens, st.lists(st.integers(0x21, 0x7E), max_size=15)).map(
        lambda t: b"http://" + t[0] + b".example/" + bytes(t[1])
    ),
)


@dataclass
class Built:
    """A request built for the round trip: its wire bytes and the events it must give."""

    wire: bytes
    events: list[Event] = field(default_factory=list)
    keep_alive: bool = True


@st.composite
def valid_requests(draw: st.DrawFn) -> Built:

    def eol() -> bytes:  # each line may end with CRLF or a bare LF
        return draw(eols)

    method, target = draw(tokens), draw(targets)
    version = draw(st.sampled_from([b"1.0", b"1.1"]))
    fields = draw(st.lists(st.tuples(field_names, field_values), max_size=6))
    if version == b"1.1" or draw(st.booleans()):
        fields.insert(draw(st.integers(0, len(fields))), (b"Host", b"example.com"))
    body = draw(st.binary(max_size=100))
    framing = draw(st.sampled_from(["length", "chunked"] if version == b"1.1" else ["length"]))
    if not body and draw(st.booleans()):
        framing = "none"
    trailers: Headers = []
    if framing == "length":
        fields.append((b"Content-Length", b"%d" % len(body)))
        encoded = body
    elif framing == "chunked":
        fields.append(
            (b"Transfer-Encoding", draw(st.sampled_from([b"chunked", b"Chunked", b"CHUNKED"])))
        )
        encoded, trailers = draw(chunked(body, eol))
    else:
        encoded = b""
    wire = draw(st.sampled_from([b"", b"\r\n", b"\n\r\n"]))
    wire += b"%s %s HTTP/%s" % (method, target, version) + eol()
    for name, value in fields:
        wire += name + b":" + draw(ows) + value + draw(ows) + eol()
    wire += eol() + encoded
    request = Request(
        method=method,
        target=target,
        headers=[(n.lower(), v) for n, v in fields],
        http_version=version,
    )
    events: list[Event] = [
        request,
        *([Data(data=body)] if body else []),
        EndOfMessage(headers=trailers),
    ]
    return Built(wire, events, keep_alive=version == b"1.1")  # no Connection field is generated


@st.composite
def chunked(draw: st.DrawFn, body: bytes, eol: Callable[[], bytes]) -> tuple[bytes, Headers]:
    """``body`` as chunks of random sizes, with random extensions and trailers."""
    wire = b""
    rest = body
    while rest:
        size = draw(st.integers(1, len(rest)))
        hex_size = draw(st.sampled_from([b"%x", b"%X", b"0%x"])) % size
        extension = draw(st.sampled_from([b"", b";a", b";a=b", b' ;a=b;c="d;e"']))
        wire += hex_size + extension + eol() + rest[:size] + eol()
        rest = rest[size:]
    trailers = draw(st.lists(st.tuples(field_names, field_values), max_size=3))
    wire += draw(st.sampled_from([b"0", b"000"])) + eol()
    for name, value in trailers:
        wire += name + b": " + value + eol()
    wire += eol()
    return wire, [(name.lower(), value) for name, value in trailers]


@BOUNDED
@given(built=valid_requests(), cuts=st.lists(st.integers(0, 2000), max_size=8))
def test_valid_request_round_trips(built: Built, cuts: list[int]) -> None:
    events = drive(cut(built.wire, cuts), eof=False, conn=Connection())
    assert joined(events) == built.events


@settings(BOUNDED, max_examples=100)
@given(
    first=valid_requests(), second=valid_requests(), cuts=st.lists(st.integers(0, 4000), max_size=8)
)
def test_two_pipelined_requests_round_trip(first: Built, second: Built, cuts: list[int]) -> None:
    events = joined(drive(cut(first.wire + second.wire, cuts), eof=False, conn=Connection()))
    # After a request that ends the connection (HTTP/1.0 here), nothing more is read.
    assert events == first.events + (second.events if first.keep_alive else [])
