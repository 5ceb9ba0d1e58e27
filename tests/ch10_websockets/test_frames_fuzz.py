"""Property-based tests of the frame parser: random bytes never crash it with anything but
its own protocol error, and any sequence of valid frames cut anywhere gives the same events."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chapters.ch10_websockets import (
    NEED_DATA,
    BinaryMessage,
    Close,
    Opcode,
    Ping,
    Pong,
    RemoteProtocolError,
    TextMessage,
    WebSocketConnection,
    build_frame,
)
from chapters.ch10_websockets.events import Event

EVENT_TYPES = (TextMessage, BinaryMessage, Ping, Pong, Close)


def drain(ws: WebSocketConnection, chunks: list[bytes]) -> list[Event]:
    events: list[Event] = []
    for chunk in chunks:
        if chunk:
            ws.receive_data(chunk)
        while (event := ws.next_event()) is not NEED_DATA:
            events.append(event)  # type: ignore[arg-type]
    return events


@settings(max_examples=400, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=8), st.booleans())
def test_random_bytes_give_events_or_a_protocol_error(chunks: list[bytes], server: bool) -> None:
    ws = WebSocketConnection("server" if server else "client", max_message_size=1000)
    try:
        events = drain(ws, chunks)
    except RemoteProtocolError as error:
        assert error.close_code in (1002, 1007, 1009)
        return
    assert all(isinstance(event, EVENT_TYPES) for event in events)


# A frame the way a client might send it: fragments of text or binary, controls in between.
text = st.text(max_size=40)
message = st.one_of(
    st.lists(text, min_size=1, max_size=4).map(lambda parts: ("text", parts)),
    st.lists(st.binary(max_size=40), min_size=1, max_size=4).map(lambda parts: ("binary", parts)),
    st.binary(max_size=125).map(lambda payload: ("ping", [payload])),
)


def frames_of(kind: str, parts: list, key: bytes) -> tuple[bytes, list[Event]]:
    if kind == "ping":
        return build_frame(Opcode.PING, parts[0], mask_key=key), [Ping(payload=parts[0])]
    encoded = [part.encode() for part in parts] if kind == "text" else parts
    first = Opcode.TEXT if kind == "text" else Opcode.BINARY
    wire = b"".join(
        build_frame(
            first if i == 0 else Opcode.CONTINUATION, part, fin=i == len(parts) - 1, mask_key=key
        )
        for i, part in enumerate(encoded)
    )
    whole = (
        TextMessage(data="".join(parts)) if kind == "text" else BinaryMessage(data=b"".join(parts))
    )
    return wire, [whole]


@settings(max_examples=200, deadline=None)
@given(st.lists(message, max_size=6), st.binary(min_size=4, max_size=4), st.data())
def test_valid_frames_cut_anywhere_give_the_same_events(
    messages: list, key: bytes, data: st.DataObject
) -> None:
    wire, expected = b"", []
    for kind, parts in messages:
        frames, events = frames_of(kind, parts, key)
        wire += frames
        expected += events
    cuts = sorted(data.draw(st.lists(st.integers(0, len(wire)), max_size=5)))
    chunks = [wire[start:end] for start, end in zip([0, *cuts], [*cuts, len(wire)], strict=True)]
    assert drain(WebSocketConnection(), chunks) == expected
