"""The exercise checks of chapter 10: placeholders, the answer key, and wrong answers.

A check must say "not attempted" for the untouched placeholder, pass the reference solution
(``solutions.py``) and fail each typical mistake with a message that helps.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from typing import Annotated, Any

import pytest

from chapters.ch08_openapi import Query
from chapters.ch10_websockets import WebSocket
from chapters.ch10_websockets.exercises import (
    ExerciseFailed,
    check_accept_key,
    check_read_header,
    check_shout,
)
from tests.ch10_websockets import solutions


def placeholder(*args: Any) -> Any:
    raise NotImplementedError


async def async_placeholder(websocket: WebSocket) -> None:
    """Your endpoint."""
    raise NotImplementedError


@pytest.mark.parametrize("check", [check_accept_key, check_read_header, check_shout])
def test_a_placeholder_is_not_attempted(check: Any) -> None:
    assert check(None) == "not attempted"
    assert check(placeholder) == "not attempted"
    assert check(async_placeholder) == "not attempted"


def test_the_answer_key_passes() -> None:
    assert check_accept_key(solutions.accept_key) == "passed"
    assert check_read_header(solutions.read_header) == "passed"
    assert check_shout(solutions.shout) == "passed"


def hexdigest_key(key: str) -> str:
    return base64.b64encode(
        hashlib.sha1((key + solutions.GUID).encode()).hexdigest().encode()
    ).decode()


def decoded_key(key: str) -> str:
    return base64.b64encode(
        hashlib.sha1(base64.b64decode(key) + solutions.GUID.encode()).digest()
    ).decode()


def bytes_key(key: str) -> Any:
    return solutions.accept_key(key).encode()


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (hexdigest_key, r"the 20 raw bytes, not \.hexdigest\(\)"),
        (decoded_key, r"as text, not decoded from base64"),
        (bytes_key, r"returned bytes.*\.decode\(\)"),
    ],
    ids=["hexdigest", "decoded", "bytes"],
)
def test_wrong_accept_keys_fail_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_accept_key(wrong)


def seven_bits_only(data: bytes) -> tuple[bool, int, bool, int, int]:
    masked = bool(data[1] & 0x80)
    return bool(data[0] & 0x80), data[0] & 0x0F, masked, data[1] & 0x7F, 6 if masked else 2


def forgets_the_mask(data: bytes) -> tuple[bool, int, bool, int, int]:
    fin, opcode, masked, length, size = solutions.read_header(data)
    return fin, opcode, masked, length, size - (4 if masked else 0)


def little_endian(data: bytes) -> tuple[bool, int, bool, int, int]:
    fin, opcode, masked, length, size = solutions.read_header(data)
    if data[1] & 0x7F == 126:
        (length,) = struct.unpack_from("<H", data, 2)
    return fin, opcode, masked, length, size


def int_flags(data: bytes) -> tuple[Any, ...]:
    _, opcode, masked, length, size = solutions.read_header(data)
    return data[0] & 0x80, opcode, masked, length, size


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (seven_bits_only, r"126 bytes: a 16-bit length follows.*header_size is 2, expected 4"),
        (forgets_the_mask, r"masked \(§5\.7\).*header_size is 2, expected 6.*masking key"),
        (little_endian, r"126 bytes.*length is 32256.*network order"),
        (int_flags, r"fin is 128, expected True"),
        (lambda data: list(solutions.read_header(data)), r"return a tuple"),
    ],
    ids=["seven-bits", "no-mask-key", "little-endian", "int-flags", "list"],
)
def test_wrong_headers_fail_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_read_header(wrong)


async def no_accept(websocket: WebSocket, times: Annotated[int, Query(ge=1, le=3)] = 1) -> None:
    await websocket.close()


async def once(websocket: WebSocket, times: Annotated[int, Query(ge=1, le=3)] = 1) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        if text == "bye":
            await websocket.close()
            return
        await websocket.send_text(text.upper())


async def unchecked(websocket: WebSocket, times: int = 1) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        if text == "bye":
            await websocket.close()
            return
        for _ in range(max(times, 1)):
            await websocket.send_text(text.upper())


async def never_closes(websocket: WebSocket, times: Annotated[int, Query(ge=1, le=3)] = 1) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        if text != "bye":
            for _ in range(times):
                await websocket.send_text(text.upper())


async def receive_forever(
    websocket: WebSocket, times: Annotated[int, Query(ge=1, le=3)] = 1
) -> None:
    await websocket.accept()
    while True:
        text = await websocket.receive_text()  # raises WebSocketDisconnect when the client goes
        if text == "bye":
            await websocket.close()
            return
        for _ in range(times):
            await websocket.send_text(text.upper())


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (no_accept, r"refused with 403: did the endpoint call await websocket\.accept\(\)"),
        (once, r"After sending 'hi' the client got \['HI'\], then nothing for"),
        (
            unchecked,
            r"times=0 was accepted: declare times as Annotated\[int, Query\(ge=1, le=3\)\]",
        ),
        (never_closes, r"After 'bye' the connection stayed open"),
        (receive_forever, r"The endpoint raised WebSocketDisconnect"),
    ],
    ids=["no-accept", "once", "unchecked", "never-closes", "receive-forever"],
)
def test_wrong_endpoints_fail_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_shout(wrong)
