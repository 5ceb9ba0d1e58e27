"""The sans-IO WebSocket connection (RFC 6455 §5-§7): bytes in, events out; events in, bytes out.

The same shape as chapter 02's HTTP connection, for what comes after the handshake::

    ws = WebSocketConnection()                  # a server's side; Role "client" masks instead
    ws.receive_data(data)                       # b"" when the peer closed the TCP connection
    while (event := ws.next_event()) is not NEED_DATA:
        if isinstance(event, TextMessage):
            transport.write(ws.send(TextMessage(data=event.data)))   # an echo
        elif isinstance(event, Ping):
            transport.write(ws.send(Pong(payload=event.payload)))
        elif isinstance(event, Close):
            transport.write(ws.send(Close(code=event.code)))         # the closing handshake
            ...                                                      # and close the TCP

``next_event()`` reassembles fragmented messages (control frames may come between their
fragments, §5.4), decodes text incrementally so that bad UTF-8 is refused at its first wrong
byte however it is split (§8.1), and bounds a message's size. A fault raises
:class:`RemoteProtocolError` with the close code to send, and the state becomes ``FAILED``:
send ``Close(code=error.close_code)`` and close the TCP connection (§7.1.7).
"""

from __future__ import annotations

import codecs
import os
from typing import Literal

from chapters.ch10_websockets.errors import LocalProtocolError, RemoteProtocolError
from chapters.ch10_websockets.events import (
    NEED_DATA,
    BinaryMessage,
    Close,
    Event,
    Ping,
    Pong,
    Sentinel,
    TextMessage,
)
from chapters.ch10_websockets.frames import (
    CloseCode,
    Frame,
    Opcode,
    build_close_payload,
    build_frame,
    is_sendable_close_code,
    parse_close_payload,
    parse_frame,
)
from chapters.ch10_websockets.state import (
    CLOSE_RECEIVED,
    CLOSED,
    FAILED,
    OPEN,
    RECEIVE_TRANSITIONS,
    SEND_TRANSITIONS,
    State,
)

DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024  # uvicorn's default (ws_max_size)
Role = Literal["server", "client"]
_utf8_decoder = codecs.getincrementaldecoder("utf-8")


class WebSocketConnection:
    """One WebSocket connection after the opening handshake, seen from ``role``.

    ``max_message_size`` bounds a reassembled message (1009 beyond it; ``None``: no limit).
    A server expects masked frames and sends unmasked ones; a client the other way round,
    with a fresh random masking key per frame (§5.3).
    """

    def __init__(
        self, role: Role = "server", *, max_message_size: int | None = DEFAULT_MAX_MESSAGE_SIZE
    ) -> None:
        self.role = role
        self.max_message_size = max_message_size
        self._state = OPEN
        self._buffer = bytearray()
        self._eof = False
        # The message being reassembled: its opcode, fragments so far, and (text) decoder.
        self._opcode: Opcode | None = None
        self._fragments: list[bytes] = []
        self._size = 0
        self._decoder: codecs.IncrementalDecoder | None = None

    @property
    def state(self) -> State:
        return self._state

    # -- receiving -----------------------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Add bytes read from the socket; ``b""`` says the peer closed the TCP connection."""
        if data:
            if self._eof:
                raise RuntimeError("received data after the end of the stream")
            self._buffer += data
        else:
            self._eof = True

    def next_event(self) -> Event | Sentinel:
        """The next complete event, or ``NEED_DATA``. Raises :class:`RemoteProtocolError`."""
        if self._state is FAILED:
            raise RemoteProtocolError("can't read from a connection that failed")
        if self._state is CLOSED or self._state is CLOSE_RECEIVED:
            self._buffer.clear()  # §5.5.1: nothing may follow a Close frame; ignore it
            return NEED_DATA
        try:
            event = self._next_event()
        except RemoteProtocolError:
            self._state = FAILED if self._state is OPEN else CLOSED
            raise
        if event is not NEED_DATA and self._state is not CLOSED:  # CLOSED: the 1006 report
            self._state = RECEIVE_TRANSITIONS[(self._state, type(event))]
        return event

    def _next_event(self) -> Event | Sentinel:
        while True:
            room = None if self.max_message_size is None else self.max_message_size - self._size
            parsed = parse_frame(self._buffer, expect_mask=self.role == "server", max_payload=room)
            if parsed is None:
                return self._end_of_data()
            frame, used = parsed
            del self._buffer[:used]  # cheap: a bytearray drops a prefix without copying the rest
            event = self._control(frame) if frame.opcode.is_control else self._data(frame)
            if event is not None:
                return event

    def _end_of_data(self) -> Event | Sentinel:
        if not self._eof:
            return NEED_DATA
        # The TCP connection ended without a closing handshake: report 1006 (§7.1.5).
        self._state = CLOSED
        return Close(code=CloseCode.ABNORMAL_CLOSURE)

    def _control(self, frame: Frame) -> Event:
        if frame.opcode is Opcode.PING:
            return Ping(payload=frame.payload)
        if frame.opcode is Opcode.PONG:
            return Pong(payload=frame.payload)
        code, reason = parse_close_payload(frame.payload)
        return Close(code=code, reason=reason)

    def _data(self, frame: Frame) -> Event | None:
        """Add a data frame to the message; the message once its last frame is in (§5.4)."""
        if frame.opcode is Opcode.CONTINUATION:
            if self._opcode is None:
                raise RemoteProtocolError("continuation frame without a message to continue (§5.4)")
        elif self._opcode is not None:
            raise RemoteProtocolError("new data frame in the middle of a fragmented message (§5.4)")
        else:
            self._opcode = frame.opcode
            self._decoder = _utf8_decoder() if frame.opcode is Opcode.TEXT else None
        self._size += len(frame.payload)
        if self._decoder is not None:
            self._fragments.append(self._decode(frame.payload, final=frame.fin))  # type: ignore[arg-type]
        else:
            self._fragments.append(frame.payload)
        if not frame.fin:
            return None
        return self._complete_message()

    def _decode(self, payload: bytes, *, final: bool) -> str:
        assert self._decoder is not None
        try:
            return self._decoder.decode(payload, final)
        except UnicodeDecodeError:
            raise RemoteProtocolError(
                "text message is not valid UTF-8 (§8.1)",
                close_code=CloseCode.INVALID_FRAME_PAYLOAD_DATA,
            ) from None

    def _complete_message(self) -> Event:
        fragments, opcode = self._fragments, self._opcode
        self._fragments, self._opcode, self._decoder, self._size = [], None, None, 0
        if opcode is Opcode.TEXT:
            return TextMessage(data="".join(fragments))  # type: ignore[arg-type]
        return BinaryMessage(data=b"".join(fragments))

    # -- sending -------------------------------------------------------------------------

    def send(self, event: Event) -> bytes:
        """The bytes that put ``event`` on the wire. Raises :class:`LocalProtocolError`."""
        next_state = SEND_TRANSITIONS.get((self._state, type(event)))
        if next_state is None:
            raise LocalProtocolError(f"can't send {type(event).__name__} in state {self._state!r}")
        data = self._serialize(event)
        self._state = next_state
        return data

    def _serialize(self, event: Event) -> bytes:
        if type(event) is TextMessage:
            return self._frame(Opcode.TEXT, event.data.encode("utf-8"))
        if type(event) is BinaryMessage:
            return self._frame(Opcode.BINARY, bytes(event.data))
        if type(event) is Close:
            return self._frame(Opcode.CLOSE, _close_payload(event))
        if len(event.payload) > 125:  # type: ignore[union-attr]  # Ping or Pong
            raise LocalProtocolError("a control frame's payload is at most 125 bytes (§5.5)")
        opcode = Opcode.PING if type(event) is Ping else Opcode.PONG
        return self._frame(opcode, event.payload)  # type: ignore[union-attr]

    def _frame(self, opcode: Opcode, payload: bytes) -> bytes:
        if self.role == "server":
            return build_frame(opcode, payload)
        return build_frame(opcode, payload, mask_key=os.urandom(4))


def _close_payload(event: Close) -> bytes:
    if event.code != CloseCode.NO_STATUS_RCVD and not is_sendable_close_code(event.code):
        raise LocalProtocolError(f"close code {event.code} can't be sent (§7.4)")
    try:
        return build_close_payload(event.code, event.reason)
    except ValueError as error:
        raise LocalProtocolError(str(error)) from None
