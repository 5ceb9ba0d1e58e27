"""Frames on the wire (RFC 6455 §5.2): parse a header, unmask a payload, build a frame.

Every frame starts with two bytes, then an extended length, then a masking key::

      0                   1                   2                   3
      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     +-+-+-+-+-------+-+-------------+-------------------------------+
     |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
     |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
     |N|V|V|V|       |S|             |   (if payload len==126/127)   |
     | |1|2|3|       |K|             |                               |
     +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
     |     Extended payload length continued, if payload len == 127  |
     + - - - - - - - - - - - - - - - +-------------------------------+
     |                               |Masking-key, if MASK set to 1  |
     +-------------------------------+-------------------------------+
     | Masking-key (continued)       |          Payload Data         |
     +-------------------------------- - - - - - - - - - - - - - - - +

The header is read with ``struct`` from the buffer as it is, and the payload is cut out with
one slice: no Python loop ever looks at a single byte. The rules that need no payload (reserved
bits, opcodes, masking, control frame sizes, the message size limit) are checked as soon as the
header is in, so a frame announcing 2**62 bytes is refused before we buffer any of it.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass

from chapters.ch10_websockets.errors import RemoteProtocolError


class Opcode(enum.IntEnum):
    """§5.2 and §11.8: 0x3-0x7 and 0xB-0xF are reserved, and refused (1002)."""

    CONTINUATION = 0x0
    TEXT = 0x1
    BINARY = 0x2
    CLOSE = 0x8
    PING = 0x9
    PONG = 0xA

    @property
    def is_control(self) -> bool:
        return self >= 0x8  # §5.5: control frames have the high bit of the opcode set


class CloseCode(enum.IntEnum):
    """The status codes of §7.4.1 (and the IANA registry, §11.7) this chapter uses."""

    NORMAL_CLOSURE = 1000
    GOING_AWAY = 1001
    PROTOCOL_ERROR = 1002
    UNSUPPORTED_DATA = 1003
    NO_STATUS_RCVD = 1005  # never on the wire: "the Close frame had no code"
    ABNORMAL_CLOSURE = 1006  # never on the wire: "the TCP connection ended without a Close"
    INVALID_FRAME_PAYLOAD_DATA = 1007
    POLICY_VIOLATION = 1008
    MESSAGE_TOO_BIG = 1009
    MANDATORY_EXTENSION = 1010
    INTERNAL_ERROR = 1011
    SERVICE_RESTART = 1012
    TRY_AGAIN_LATER = 1013
    BAD_GATEWAY = 1014


#: The codes a Close frame may carry (§7.4.1-§7.4.2): the registered ones that are not
#: reserved for reporting (1004-1006, 1015), and 3000-4999 for libraries and applications.
_SENDABLE_CODES = frozenset(
    {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014}
)


def is_sendable_close_code(code: int) -> bool:
    return code in _SENDABLE_CODES or 3000 <= code <= 4999


_VALID_OPCODES = frozenset(Opcode)
MAX_CONTROL_PAYLOAD = (
    125  # §5.5: "All control frames MUST have a payload length of 125 bytes or less"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Frame:
    """One frame, unmasked. Messages are assembled from frames by the connection."""

    opcode: Opcode
    payload: bytes
    fin: bool = True


def unmask(payload: bytes | bytearray, key: bytes | bytearray) -> bytes:
    """XOR ``payload`` with the 4-byte ``key`` repeated (§5.3); the same call masks.

    The byte-by-byte loop of the RFC's pseudo-code would take ~100 ms per megabyte in Python.
    Instead the key is repeated to the payload's length (C speed), both are read as one big
    integer each, XORed in one operation, and written back: a few milliseconds per megabyte.
    """
    length = len(payload)
    if length == 0:
        return b""
    repeated_key = (bytes(key) * (length // 4 + 1))[:length]
    mixed = int.from_bytes(payload, "big") ^ int.from_bytes(repeated_key, "big")
    return mixed.to_bytes(length, "big")


def parse_frame(
    buffer: bytearray, *, expect_mask: bool, max_payload: int | None
) -> tuple[Frame, int] | None:
    """Parse the frame at the start of ``buffer``: ``(frame, bytes used)``, or ``None`` if the
    buffer does not hold the whole frame yet. Raises :class:`RemoteProtocolError`.

    ``expect_mask`` is ``True`` on a server: "a client MUST mask all frames that it sends to
    the server" and "a server MUST NOT mask any frames" (§5.1). ``max_payload`` is what is
    left of the message size limit (1009 beyond it).
    """
    if len(buffer) < 2:
        return None
    first, second = buffer[0], buffer[1]
    length = second & 0x7F
    position = 2
    if length == 126:
        if len(buffer) < 4:
            return None
        (length,) = struct.unpack_from("!H", buffer, 2)
        position = 4
    elif length == 127:
        if len(buffer) < 10:
            return None
        (length,) = struct.unpack_from("!Q", buffer, 2)
        position = 10
        if length >> 63:  # §5.2: "the most significant bit MUST be 0"
            raise RemoteProtocolError("64-bit payload length with its most significant bit set")
    opcode = _check_header(first, second, length, expect_mask, max_payload)
    if second & 0x80:
        end = position + 4 + length
        if len(buffer) < end:
            return None
        payload = unmask(buffer[position + 4 : end], buffer[position : position + 4])
    else:
        end = position + length
        if len(buffer) < end:
            return None
        payload = bytes(buffer[position:end])
    return Frame(opcode=opcode, payload=payload, fin=bool(first & 0x80)), end


def _check_header(
    first: int, second: int, length: int, expect_mask: bool, max_payload: int | None
) -> Opcode:
    """The rules a frame header alone can break (§5.2, §5.5), checked before its payload."""
    if first & 0x70:
        raise RemoteProtocolError("reserved bits set, but no extension was negotiated (§5.2)")
    if first & 0x0F not in _VALID_OPCODES:
        raise RemoteProtocolError(f"reserved opcode {first & 0x0F:#x} (§5.2)")
    opcode = Opcode(first & 0x0F)
    if bool(second & 0x80) is not expect_mask:
        side = "unmasked frame from a client" if expect_mask else "masked frame from a server"
        raise RemoteProtocolError(f"{side} (§5.1)")
    if opcode.is_control:
        if not first & 0x80:
            raise RemoteProtocolError("fragmented control frame (§5.5)")
        if length > MAX_CONTROL_PAYLOAD:
            raise RemoteProtocolError(f"control frame payload of {length} bytes, over 125 (§5.5)")
    elif max_payload is not None and length > max_payload:
        raise RemoteProtocolError("message too big", close_code=CloseCode.MESSAGE_TOO_BIG)
    return opcode


def build_frame(
    opcode: Opcode, payload: bytes = b"", *, fin: bool = True, mask_key: bytes | None = None
) -> bytes:
    """The bytes of one frame; ``mask_key`` (4 bytes) for a client's frames, ``None`` for a server's.

    >>> build_frame(Opcode.TEXT, b"Hello")                      # the example of §5.7
    b'\\x81\\x05Hello'
    >>> build_frame(Opcode.TEXT, b"Hello", mask_key=b"\\x37\\xfa\\x21\\x3d")
    b'\\x81\\x857\\xfa!=\\x7f\\x9fMQX'
    """
    first = (0x80 if fin else 0) | opcode
    mask_bit = 0x80 if mask_key is not None else 0
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", first, mask_bit | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", first, mask_bit | 126, length)
    else:
        header = struct.pack("!BBQ", first, mask_bit | 127, length)
    if mask_key is None:
        return header + payload
    return header + mask_key + unmask(payload, mask_key)


def parse_close_payload(payload: bytes) -> tuple[int, str]:
    """``(code, reason)`` of a received Close frame (§5.5.1); 1005 when it has no code."""
    if not payload:
        return CloseCode.NO_STATUS_RCVD, ""
    if len(payload) == 1:
        raise RemoteProtocolError("Close frame with a 1-byte payload (§5.5.1)")
    (code,) = struct.unpack_from("!H", payload)
    if not is_sendable_close_code(code):
        raise RemoteProtocolError(f"invalid close code {code} (§7.4)")
    try:
        reason = payload[2:].decode("utf-8")
    except UnicodeDecodeError:
        raise RemoteProtocolError(
            "Close reason is not UTF-8", close_code=CloseCode.INVALID_FRAME_PAYLOAD_DATA
        ) from None
    return code, reason


def build_close_payload(code: int, reason: str) -> bytes:
    """The payload of a Close frame we send: empty for 1005, else the code and the reason."""
    if code == CloseCode.NO_STATUS_RCVD:
        return b""
    data = struct.pack("!H", code) + reason.encode("utf-8")
    if len(data) > MAX_CONTROL_PAYLOAD:
        raise ValueError("a close reason is at most 123 bytes of UTF-8 (§5.5)")
    return data
