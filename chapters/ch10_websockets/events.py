"""The events of a WebSocket connection: what ``next_event()`` gives and ``send()`` takes.

A WebSocket carries *messages*, not a byte stream: each is text (UTF-8) or binary, and may
travel in several frames (fragments); the connection hands you whole messages, reassembled
and, for text, decoded. Control frames are events of their own: :class:`Ping` (answer it with
a :class:`Pong` carrying the same payload, RFC 6455 §5.5.2), :class:`Pong`, and
:class:`Close`, the start or the answer of the closing handshake (§5.5.1, §7).

Like chapter 02's, events are frozen, keyword-only dataclasses named after the RFC.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True, slots=True)
class TextMessage:
    """A complete text message (opcode 0x1 and its continuations), decoded from UTF-8."""

    data: str


@dataclass(frozen=True, kw_only=True, slots=True)
class BinaryMessage:
    """A complete binary message (opcode 0x2 and its continuations)."""

    data: bytes


@dataclass(frozen=True, kw_only=True, slots=True)
class Ping:
    """A Ping control frame (opcode 0x9); at most 125 bytes of payload."""

    payload: bytes = b""


@dataclass(frozen=True, kw_only=True, slots=True)
class Pong:
    """A Pong control frame (opcode 0xA): the answer to a Ping, or a one-way heartbeat."""

    payload: bytes = b""


@dataclass(frozen=True, kw_only=True, slots=True)
class Close:
    """A Close frame (opcode 0x8): a status code and a UTF-8 reason (§5.5.1, §7.4).

    Received with no payload, its code is 1005 ("no status received"); when the TCP
    connection ends without any Close frame, ``next_event()`` reports code 1006 ("abnormal
    closure"). Neither code is ever sent on the wire (§7.4.1).
    """

    code: int = 1000
    reason: str = ""


Event = TextMessage | BinaryMessage | Ping | Pong | Close


class Sentinel(enum.Enum):
    """What ``next_event()`` returns when it has no event to give yet."""

    NEED_DATA = "NEED_DATA"  # feed more bytes with receive_data()

    def __repr__(self) -> str:
        return self.value

    __str__ = __repr__


NEED_DATA = Sentinel.NEED_DATA
