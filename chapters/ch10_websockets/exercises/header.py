"""Exercise 2: read a frame header (RFC 6455 §5.2) by hand.

The reader's ``read_header(data: bytes) -> (fin, opcode, masked, length, header_size)`` is
given frames built here with ``struct``: short, 16-bit and 64-bit lengths, masked or not,
fragments and control frames. ``header_size`` counts the masking key: it is where the
payload starts.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from chapters.support.exercises import Result, expect, is_placeholder, not_attempted, passed

TITLE = "Exercise 2, read_header"
Header = tuple[bool, int, bool, int, int]
KEY = b"\x37\xfa\x21\x3d"


def frame(fin: bool, opcode: int, payload_length: int, masked: bool) -> bytes:
    """A header (and masking key) as §5.2 lays it out, followed by a payload of zeros."""
    first = (0x80 if fin else 0) | opcode
    mask_bit = 0x80 if masked else 0
    if payload_length < 126:
        head = struct.pack("!BB", first, mask_bit | payload_length)
    elif payload_length < 1 << 16:
        head = struct.pack("!BBH", first, mask_bit | 126, payload_length)
    else:
        head = struct.pack("!BBQ", first, mask_bit | 127, payload_length)
    return head + (KEY if masked else b"") + bytes(payload_length)


#: (what the frame is, its fields): each becomes bytes with :func:`frame`.
CASES: list[tuple[str, Header]] = [
    ('"Hello" from a server (§5.7)', (True, 0x1, False, 5, 2)),
    ('"Hello" from a client, masked (§5.7)', (True, 0x1, True, 5, 6)),
    ("an empty close frame", (True, 0x8, False, 0, 2)),
    ("a ping from a client", (True, 0x9, True, 4, 6)),
    ("the first fragment of a text message", (False, 0x1, False, 3, 2)),
    ("a continuation frame, the last one", (True, 0x0, True, 10, 6)),
    ("125 bytes: the largest 7-bit length", (True, 0x2, False, 125, 2)),
    ("126 bytes: a 16-bit length follows", (True, 0x2, False, 126, 4)),
    ("300 bytes from a client", (True, 0x2, True, 300, 8)),
    ("65,535 bytes: the largest 16-bit length", (True, 0x2, False, 65535, 4)),
    ("65,536 bytes: a 64-bit length follows", (True, 0x2, False, 65536, 10)),
    ("70,000 bytes from a client", (True, 0x1, True, 70000, 14)),
]


def check_read_header(read_header: Callable[[bytes], Any] | None) -> Result:
    """Each frame of :data:`CASES`, as bytes, must give back its fields."""
    if is_placeholder(read_header):
        return not_attempted(TITLE)
    assert read_header is not None
    for what, expected in CASES:
        data = frame(expected[0], expected[1], expected[3], expected[2])
        answer = read_header(data)
        expect(
            isinstance(answer, tuple) and len(answer) == 5,
            f"read_header returned {answer!r}: return a tuple "
            "(fin, opcode, masked, length, header_size).",
        )
        names = ("fin", "opcode", "masked", "length", "header_size")
        for name, got, want in zip(names, answer, expected, strict=True):
            expect(
                got == want and type(got) is type(want),
                f"For {what} (first bytes {data[:4].hex(' ')}), {name} is {got!r}, expected "
                f"{want!r}. {HINTS[name]}",
            )
    return passed(TITLE)


HINTS = {
    "fin": "FIN is the top bit of the first byte: bool(data[0] & 0x80).",
    "opcode": "The opcode is the low 4 bits of the first byte: data[0] & 0x0F.",
    "masked": "MASK is the top bit of the second byte: bool(data[1] & 0x80).",
    "length": "The low 7 bits of the second byte; 126 means the next 2 bytes hold the "
    "length, 127 the next 8 (network order: struct.unpack('!H', ...) or '!Q').",
    "header_size": "2 bytes, plus 2 or 8 for an extended length, plus 4 for a masking key.",
}
