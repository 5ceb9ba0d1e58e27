"""The connection's state machine, as a table: where the closing handshake stands (RFC 6455 §7).

Data flows both ways while the connection is ``OPEN``. Closing is a handshake: one side sends
a Close frame, the other answers with its own, then the TCP connection is closed (by the
server first, §7.1.1)::

    OPEN --we send Close------> CLOSE_SENT     --they send Close--> CLOSED
    OPEN --they send Close----> CLOSE_RECEIVED --we send Close----> CLOSED
    OPEN --their bytes break the protocol--> FAILED --we send Close--> CLOSED

After sending Close "the endpoint MUST NOT send any more data frames" (§5.5.1), so the
send table has no data events out of ``CLOSE_SENT``; until their Close arrives, their data
frames are still delivered.
"""

from __future__ import annotations

import enum

from chapters.ch10_websockets.events import BinaryMessage, Close, Ping, Pong, TextMessage


class State(enum.Enum):
    OPEN = "OPEN"
    CLOSE_SENT = "CLOSE_SENT"
    CLOSE_RECEIVED = "CLOSE_RECEIVED"
    FAILED = "FAILED"
    CLOSED = "CLOSED"

    def __repr__(self) -> str:
        return self.value

    __str__ = __repr__
    __hash__ = object.__hash__  # as in chapter 02: the tables hash a state per event


OPEN, CLOSE_SENT, CLOSE_RECEIVED, FAILED, CLOSED = State

_DATA = (TextMessage, BinaryMessage, Ping, Pong)

#: (state, event type) -> next state, for what the peer sends us.
RECEIVE_TRANSITIONS: dict[tuple[State, type], State] = {
    **{(OPEN, kind): OPEN for kind in _DATA},
    **{(CLOSE_SENT, kind): CLOSE_SENT for kind in _DATA},
    (OPEN, Close): CLOSE_RECEIVED,
    (CLOSE_SENT, Close): CLOSED,
}

#: (state, event type) -> next state, for what we send.
SEND_TRANSITIONS: dict[tuple[State, type], State] = {
    **{(OPEN, kind): OPEN for kind in _DATA},
    (OPEN, Close): CLOSE_SENT,
    (CLOSE_RECEIVED, Close): CLOSED,
    (FAILED, Close): CLOSED,
}
