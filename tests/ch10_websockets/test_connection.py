"""The sans-IO connection: frames in, events out (every split point of the input), events in,
bytes out; the closing handshake as a state table; faults and the close code each gets."""

from __future__ import annotations

import pytest

from chapters.ch10_websockets import (
    CLOSE_RECEIVED,
    CLOSE_SENT,
    CLOSED,
    FAILED,
    NEED_DATA,
    OPEN,
    BinaryMessage,
    Close,
    LocalProtocolError,
    Opcode,
    Ping,
    Pong,
    RemoteProtocolError,
    TextMessage,
    WebSocketConnection,
    build_frame,
)
from chapters.ch10_websockets.events import Event

KEY = b"\x01\x02\x03\x04"


def client_frame(opcode: Opcode, payload: bytes = b"", *, fin: bool = True) -> bytes:
    return build_frame(opcode, payload, fin=fin, mask_key=KEY)


def events_of(data: bytes, *, cut: int | None = None, **options: object) -> list[Event]:
    """Feed ``data`` (in two pieces if ``cut``) to a server connection; collect the events."""
    ws = WebSocketConnection("server", **options)  # type: ignore[arg-type]
    events: list[Event] = []
    for piece in (data,) if cut is None else (data[:cut], data[cut:]):
        if piece:  # b"" would mean "the TCP connection closed"
            ws.receive_data(piece)
        while (event := ws.next_event()) is not NEED_DATA:
            events.append(event)  # type: ignore[arg-type]
    return events


ALPHA = "αβγ ✓".encode()  # multi-byte characters, to be split inside a character

TABLE = [
    ("text", client_frame(Opcode.TEXT, b"hello"), [TextMessage(data="hello")]),
    ("empty text", client_frame(Opcode.TEXT), [TextMessage(data="")]),
    ("binary", client_frame(Opcode.BINARY, b"\x00\xff"), [BinaryMessage(data=b"\x00\xff")]),
    ("16-bit length", client_frame(Opcode.BINARY, b"b" * 300), [BinaryMessage(data=b"b" * 300)]),
    (
        "64-bit length",
        client_frame(Opcode.BINARY, b"c" * 70000),
        [BinaryMessage(data=b"c" * 70000)],
    ),
    ("ping", client_frame(Opcode.PING, b"p"), [Ping(payload=b"p")]),
    ("pong", client_frame(Opcode.PONG), [Pong(payload=b"")]),
    ("close", client_frame(Opcode.CLOSE, b"\x03\xe8bye"), [Close(code=1000, reason="bye")]),
    ("close without code", client_frame(Opcode.CLOSE), [Close(code=1005, reason="")]),
    (
        "fragmented text split inside a character",
        client_frame(Opcode.TEXT, ALPHA[:3], fin=False)
        + client_frame(Opcode.CONTINUATION, ALPHA[3:7], fin=False)
        + client_frame(Opcode.CONTINUATION, ALPHA[7:]),
        [TextMessage(data="αβγ ✓")],
    ),
    (
        "fragmented binary with empty fragments",
        client_frame(Opcode.BINARY, b"", fin=False)
        + client_frame(Opcode.CONTINUATION, b"ab", fin=False)
        + client_frame(Opcode.CONTINUATION, b""),
        [BinaryMessage(data=b"ab")],
    ),
    (
        "control frames between fragments",
        client_frame(Opcode.TEXT, b"frag", fin=False)
        + client_frame(Opcode.PING, b"1")
        + client_frame(Opcode.CONTINUATION, b"men", fin=False)
        + client_frame(Opcode.PONG, b"2")
        + client_frame(Opcode.CONTINUATION, b"ts"),
        [Ping(payload=b"1"), Pong(payload=b"2"), TextMessage(data="fragments")],
    ),
    (
        "several messages in one read",
        client_frame(Opcode.TEXT, b"a")
        + client_frame(Opcode.BINARY, b"b")
        + client_frame(Opcode.TEXT, b"c"),
        [TextMessage(data="a"), BinaryMessage(data=b"b"), TextMessage(data="c")],
    ),
    (
        "nothing is read after a close",
        client_frame(Opcode.CLOSE, b"\x03\xe8") + client_frame(Opcode.TEXT, b"late"),
        [Close(code=1000, reason="")],
    ),
]


@pytest.mark.parametrize(
    ("wire", "expected"), [case[1:] for case in TABLE], ids=[case[0] for case in TABLE]
)
def test_frames_in_events_out_at_every_split_point(wire: bytes, expected: list[Event]) -> None:
    assert events_of(wire) == expected
    cuts = (
        range(len(wire) + 1)
        if len(wire) < 400
        else [0, 1, 2, 5, 9, 13, 14, len(wire) // 2, len(wire) - 1]
    )
    for cut in cuts:
        assert events_of(wire, cut=cut) == expected, f"cut at {cut}"


def test_byte_by_byte() -> None:
    wire = b"".join(case[1] for case in TABLE[:8] if b"\x88" not in case[1][:1])
    ws = WebSocketConnection()
    events = []
    for i in range(len(wire)):
        ws.receive_data(wire[i : i + 1])
        while (event := ws.next_event()) is not NEED_DATA:
            events.append(event)
    assert events == [
        event for case in TABLE[:8] if b"\x88" not in case[1][:1] for event in case[2]
    ]


FAULTS = [
    ("continuation without a start", client_frame(Opcode.CONTINUATION, b"x"), 1002),
    (
        "new message inside a fragmented one",
        client_frame(Opcode.TEXT, b"a", fin=False) + client_frame(Opcode.TEXT, b"b"),
        1002,
    ),
    ("unmasked", build_frame(Opcode.TEXT, b"hi"), 1002),
    ("invalid UTF-8", client_frame(Opcode.TEXT, b"\xff"), 1007),
    ("surrogate in UTF-8", client_frame(Opcode.TEXT, b"\xed\xa0\x80"), 1007),
    ("truncated UTF-8 at the end", client_frame(Opcode.TEXT, "é".encode()[:1]), 1007),
    (
        "invalid UTF-8 across fragments",
        client_frame(Opcode.TEXT, b"\xce", fin=False) + client_frame(Opcode.CONTINUATION, b"A"),
        1007,
    ),
    ("message too big", client_frame(Opcode.BINARY, b"x" * 101), 1009),
    (
        "fragments too big together",
        client_frame(Opcode.BINARY, b"x" * 60, fin=False)
        + client_frame(Opcode.CONTINUATION, b"y" * 41),
        1009,
    ),
    ("close with a reserved code", client_frame(Opcode.CLOSE, b"\x03\xee"), 1002),
]


@pytest.mark.parametrize(
    ("wire", "code"), [case[1:] for case in FAULTS], ids=[case[0] for case in FAULTS]
)
def test_faults_carry_their_close_code(wire: bytes, code: int) -> None:
    for cut in range(len(wire) + 1):
        ws = WebSocketConnection(max_message_size=100)
        with pytest.raises(RemoteProtocolError) as error:
            for piece in (wire[:cut], wire[cut:]):
                if piece:  # b"" would mean "the TCP connection closed"
                    ws.receive_data(piece)
                while ws.next_event() is not NEED_DATA:
                    pass
        assert error.value.close_code == code
        assert ws.state is FAILED
        assert ws.send(Close(code=code)) == build_frame(Opcode.CLOSE, code.to_bytes(2, "big"))
        assert ws.state is CLOSED


def test_invalid_utf8_is_refused_at_its_first_fragment() -> None:
    """Fail fast (§8.1): the bad first fragment is refused before the message is complete."""
    ws = WebSocketConnection()
    ws.receive_data(client_frame(Opcode.TEXT, b"ok \xc0\xaf", fin=False))
    with pytest.raises(RemoteProtocolError) as error:
        ws.next_event()
    assert error.value.close_code == 1007


def test_we_close_first() -> None:
    ws = WebSocketConnection()
    assert ws.send(Close(code=1001, reason="bye")) == b"\x88\x05\x03\xe9bye"
    assert ws.state is CLOSE_SENT
    with pytest.raises(LocalProtocolError, match="TextMessage in state CLOSE_SENT"):
        ws.send(TextMessage(data="too late"))
    ws.receive_data(
        client_frame(Opcode.TEXT, b"still delivered") + client_frame(Opcode.CLOSE, b"\x03\xe9")
    )
    assert ws.next_event() == TextMessage(data="still delivered")
    assert ws.next_event() == Close(code=1001, reason="")
    assert ws.state is CLOSED


def test_they_close_first() -> None:
    ws = WebSocketConnection()
    ws.receive_data(client_frame(Opcode.CLOSE, b"\x0f\xa0"))
    assert ws.next_event() == Close(code=4000, reason="")
    assert ws.state is CLOSE_RECEIVED
    with pytest.raises(LocalProtocolError):
        ws.send(Ping())
    assert ws.send(Close(code=4000)) == b"\x88\x02\x0f\xa0"
    assert ws.state is CLOSED
    with pytest.raises(LocalProtocolError):
        ws.send(Close())


def test_tcp_closed_without_close_frame_reports_1006() -> None:
    ws = WebSocketConnection()
    ws.receive_data(client_frame(Opcode.TEXT, b"a") + client_frame(Opcode.TEXT, b"cut")[:4])
    ws.receive_data(b"")
    assert ws.next_event() == TextMessage(data="a")
    assert ws.next_event() == Close(code=1006, reason="")
    assert ws.state is CLOSED
    assert ws.next_event() is NEED_DATA


@pytest.mark.parametrize(
    ("event", "wire"),
    [
        (TextMessage(data="Hello"), b"\x81\x05Hello"),
        (BinaryMessage(data=b"\x00" * 256), b"\x82\x7e\x01\x00" + b"\x00" * 256),
        (Ping(payload=b"Hello"), b"\x89\x05Hello"),
        (Pong(payload=b""), b"\x8a\x00"),
        (Close(code=1000, reason=""), b"\x88\x02\x03\xe8"),
        (Close(code=1005), b"\x88\x00"),
    ],
)
def test_events_in_bytes_out(event: Event, wire: bytes) -> None:
    ws = WebSocketConnection()
    assert ws.send(event) == wire
    assert ws.state is (CLOSE_SENT if isinstance(event, Close) else OPEN)


@pytest.mark.parametrize(
    "event",
    [
        Ping(payload=b"x" * 126),
        Close(code=1006),
        Close(code=1004),
        Close(code=999),
        Close(code=1000, reason="é" * 62),
    ],
)
def test_we_refuse_to_send_what_the_rfc_forbids(event: Event) -> None:
    with pytest.raises(LocalProtocolError):
        WebSocketConnection().send(event)


def test_a_client_and_a_server_talk() -> None:
    """Our client role masks, our server role unmasks: both directions round-trip."""
    client, server = WebSocketConnection("client"), WebSocketConnection("server")
    sent = [
        TextMessage(data="hé"),
        BinaryMessage(data=bytes(range(256)) * 300),
        Ping(payload=b"p"),
        Close(code=1000),
    ]
    for event in sent:
        wire = client.send(event)
        assert wire[1] & 0x80, "a client masks every frame"
        server.receive_data(wire)
    assert [server.next_event() for _ in sent] == sent
    client.receive_data(server.send(Close(code=1000)))
    assert (
        client.next_event() == Close(code=1000)
        and client.state is CLOSED
        and server.state is CLOSED
    )


def test_a_failure_reason_is_cut_to_what_a_close_frame_carries() -> None:
    from chapters.ch10_websockets.closing import fit_close_reason

    long_reason = "é" * 100  # 200 bytes of UTF-8
    fitted = fit_close_reason(long_reason)
    assert len(fitted.encode()) <= 123 and long_reason.startswith(fitted)
    assert fitted == "é" * 61  # 122 bytes: the 62nd "é" would be cut in half
    assert fit_close_reason("bye") == "bye"
