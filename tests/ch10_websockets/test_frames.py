"""Frames on the wire: the examples of RFC 6455 §5.7, the length encodings, masking, and
the header rules that refuse a frame before its payload is read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapters.ch10_websockets.errors import RemoteProtocolError
from chapters.ch10_websockets.frames import (
    CloseCode,
    Frame,
    Opcode,
    build_close_payload,
    build_frame,
    parse_close_payload,
    parse_frame,
    unmask,
)

KEY = bytes([0x37, 0xFA, 0x21, 0x3D])  # the masking key of the RFC's examples

# (what the RFC shows, the frame it encodes, built as a client (masked) or not)      §5.7
RFC_EXAMPLES = [
    (
        bytes([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]),
        Frame(opcode=Opcode.TEXT, payload=b"Hello"),
        None,
    ),
    (
        bytes([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]),
        Frame(opcode=Opcode.TEXT, payload=b"Hello"),
        KEY,
    ),
    (
        bytes([0x01, 0x03, 0x48, 0x65, 0x6C]),
        Frame(opcode=Opcode.TEXT, payload=b"Hel", fin=False),
        None,
    ),
    (bytes([0x80, 0x02, 0x6C, 0x6F]), Frame(opcode=Opcode.CONTINUATION, payload=b"lo"), None),
    (
        bytes([0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]),
        Frame(opcode=Opcode.PING, payload=b"Hello"),
        None,
    ),
    (
        bytes([0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]),
        Frame(opcode=Opcode.PONG, payload=b"Hello"),
        KEY,
    ),
    (
        bytes([0x82, 0x7E, 0x01, 0x00]) + b"\x00" * 256,
        Frame(opcode=Opcode.BINARY, payload=b"\x00" * 256),
        None,
    ),
    (
        bytes([0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0]) + b"\x00" * 65536,
        Frame(opcode=Opcode.BINARY, payload=b"\x00" * 65536),
        None,
    ),
]


@pytest.mark.parametrize(("wire", "frame", "key"), RFC_EXAMPLES)
def test_rfc_examples_build_and_parse(wire: bytes, frame: Frame, key: bytes | None) -> None:
    assert build_frame(frame.opcode, frame.payload, fin=frame.fin, mask_key=key) == wire
    parsed = parse_frame(bytearray(wire), expect_mask=key is not None, max_payload=None)
    assert parsed == (frame, len(wire))


@pytest.mark.parametrize(("wire", "frame", "key"), RFC_EXAMPLES)
def test_an_incomplete_frame_needs_more_data(wire: bytes, frame: Frame, key: bytes | None) -> None:
    for cut in range(len(wire)) if len(wire) < 300 else (0, 1, 2, 5, 9, 10, 11, len(wire) - 1):
        assert (
            parse_frame(bytearray(wire[:cut]), expect_mask=key is not None, max_payload=None)
            is None
        )


@pytest.mark.parametrize(
    ("length", "header_size"),
    [(0, 2), (125, 2), (126, 4), (65535, 4), (65536, 10), (70000, 10)],
)
def test_the_shortest_length_encoding_is_used(length: int, header_size: int) -> None:
    """7 bits up to 125, then 16 bits up to 65535, then 64 bits (§5.2)."""
    wire = build_frame(Opcode.BINARY, b"x" * length)
    assert len(wire) == header_size + length
    masked = build_frame(Opcode.BINARY, b"x" * length, mask_key=KEY)
    assert len(masked) == header_size + 4 + length
    assert parse_frame(bytearray(masked), expect_mask=True, max_payload=None) == (
        Frame(opcode=Opcode.BINARY, payload=b"x" * length),
        len(masked),
    )


@given(st.binary(max_size=300), st.binary(min_size=4, max_size=4))
def test_unmask_is_the_xor_of_section_5_3(payload: bytes, key: bytes) -> None:
    """The fast whole-buffer XOR equals the RFC's byte-by-byte definition, and undoes itself."""
    assert unmask(payload, key) == bytes(byte ^ key[i % 4] for i, byte in enumerate(payload))
    assert unmask(unmask(payload, key), key) == payload


# (bytes, why it is refused, the close code)
BAD_HEADERS = [
    (bytes([0xC1, 0x80]) + KEY, "reserved bits", 1002),  # RSV1 without permessage-deflate
    (bytes([0x91, 0x80]) + KEY, "reserved bits", 1002),  # RSV3
    (bytes([0x83, 0x80]) + KEY, "reserved opcode 0x3", 1002),
    (bytes([0x8B, 0x80]) + KEY, "reserved opcode 0xb", 1002),
    (bytes([0x81, 0x00]), "unmasked frame from a client", 1002),
    (bytes([0x09, 0x80]) + KEY, "fragmented control frame", 1002),
    (bytes([0x89, 0xFE, 0x00, 0x7E]), "control frame payload of 126 bytes", 1002),
    (bytes([0x88, 0xFE, 0x01, 0x00]), "over 125", 1002),
    (bytes([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0]), "most significant bit", 1002),
    (
        bytes([0x82, 0xFF, 0x00, 0, 0, 1, 0, 0, 0, 0]),
        "message too big",
        1009,
    ),  # 2**40 bytes announced
]


@pytest.mark.parametrize(("wire", "message", "code"), BAD_HEADERS)
def test_bad_headers_are_refused_before_the_payload(wire: bytes, message: str, code: int) -> None:
    with pytest.raises(RemoteProtocolError, match=message) as error:
        parse_frame(bytearray(wire), expect_mask=True, max_payload=1 << 20)
    assert error.value.close_code == code


def test_a_client_refuses_a_masked_frame() -> None:
    with pytest.raises(RemoteProtocolError, match="masked frame from a server"):
        parse_frame(
            bytearray(build_frame(Opcode.TEXT, b"hi", mask_key=KEY)),
            expect_mask=False,
            max_payload=None,
        )


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"", (1005, "")),
        (b"\x03\xe8", (1000, "")),
        (b"\x03\xe9going", (1001, "going")),
        (b"\x0f\xa0\xc3\xa9t\xc3\xa9", (4000, "été")),
        (b"\x0b\xb8", (3000, "")),
    ],
)
def test_close_payloads(payload: bytes, expected: tuple[int, str]) -> None:
    assert parse_close_payload(payload) == expected
    assert build_close_payload(*expected) == payload


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"\x03", 1002),  # one byte: half a code
        (b"\x03\xed", 1002),  # 1005 is never sent
        (b"\x03\xee", 1002),  # nor 1006
        (b"\x03\xec", 1002),  # 1004 is reserved
        (b"\x03\xf7", 1002),  # 1015 (TLS failure) is never sent
        (b"\x00\x00", 1002),
        (b"\x0b\xb7", 1002),  # 2999: below the range for libraries
        (b"\x13\x88", 1002),  # 5000: above the private range
        (b"\x03\xe8\xff", 1007),  # a reason that is not UTF-8
    ],
)
def test_bad_close_payloads(payload: bytes, code: int) -> None:
    with pytest.raises(RemoteProtocolError) as error:
        parse_close_payload(payload)
    assert error.value.close_code == code


def test_close_codes_have_the_rfc_numbers() -> None:
    assert (CloseCode.NORMAL_CLOSURE, CloseCode.GOING_AWAY, CloseCode.PROTOCOL_ERROR) == (
        1000,
        1001,
        1002,
    )
    assert (
        CloseCode.INVALID_FRAME_PAYLOAD_DATA,
        CloseCode.MESSAGE_TOO_BIG,
        CloseCode.INTERNAL_ERROR,
    ) == (1007, 1009, 1011)
