"""The events of an HTTP/1.1 exchange: what the parser produces and what ``send`` consumes.

The parser never hands you bytes, and you never hand it bytes to send: everything is an
event. A request arrives as one :class:`Request`, zero or more :class:`Data` and one
:class:`EndOfMessage`; a response is sent the same way, starting with a :class:`Response`
(optionally preceded by an :class:`InformationalResponse` such as ``100 Continue``).

Events are frozen, keyword-only dataclasses whose field names are the RFC's. Headers are a
list of ``(name, value)`` byte pairs, names lowercased, order and repeats kept: HTTP allows
a field to appear several times and its order can matter (``Set-Cookie``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """The request line and header section (RFC 9112 §3 and §5)."""

    method: bytes
    target: bytes
    headers: Headers
    http_version: bytes = b"1.1"


@dataclass(frozen=True, kw_only=True, slots=True)
class InformationalResponse:
    """A 1xx interim response, such as ``100 Continue`` (RFC 9110 §15.2)."""

    status_code: int
    headers: Headers = field(default_factory=list)
    reason: bytes = b""
    http_version: bytes = b"1.1"

    def __post_init__(self) -> None:
        if not 100 <= self.status_code < 200:
            raise ValueError(f"InformationalResponse status must be 1xx, got {self.status_code}")


@dataclass(frozen=True, kw_only=True, slots=True)
class Response:
    """The status line and header section of a final response (RFC 9112 §4)."""

    status_code: int
    headers: Headers = field(default_factory=list)
    reason: bytes = b""
    http_version: bytes = b"1.1"

    def __post_init__(self) -> None:
        if not 200 <= self.status_code < 1000:
            raise ValueError(f"Response status must be 200-999, got {self.status_code}")


@dataclass(frozen=True, kw_only=True, slots=True)
class Data:
    """A piece of a message body, already de-chunked. Pieces may be any size."""

    data: bytes


@dataclass(frozen=True, kw_only=True, slots=True)
class EndOfMessage:
    """The body is complete. ``headers`` holds the trailer fields of a chunked body."""

    headers: Headers = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class ConnectionClosed:
    """The peer closed its side of the connection (received), or we close ours (sent)."""


Event = Request | InformationalResponse | Response | Data | EndOfMessage | ConnectionClosed


class Sentinel(enum.Enum):
    """What ``next_event()`` returns when it has no event to give yet."""

    NEED_DATA = "NEED_DATA"  # feed more bytes with receive_data()
    PAUSED = "PAUSED"  # the client's message is done: answer it before reading the next

    def __repr__(self) -> str:
        return self.value

    __str__ = __repr__


NEED_DATA = Sentinel.NEED_DATA
PAUSED = Sentinel.PAUSED
