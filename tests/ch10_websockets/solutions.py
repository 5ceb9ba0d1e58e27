"""Reference solutions to the exercises of ``notebooks/10_websockets.ipynb`` (the answer key).

``test_exercises.py`` runs each check in ``chapters/ch10_websockets/exercises/`` against these.
"""

import base64
import hashlib
import struct
from typing import Annotated

from chapters.ch08_openapi import Query
from chapters.ch10_websockets import WebSocket

# --- exercise 1: the accept key --------------------------------------------------------------

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


# --- exercise 2: a frame header --------------------------------------------------------------


def read_header(data: bytes) -> tuple[bool, int, bool, int, int]:
    fin, opcode = bool(data[0] & 0x80), data[0] & 0x0F
    masked, length = bool(data[1] & 0x80), data[1] & 0x7F
    size = 2
    if length == 126:
        (length,) = struct.unpack_from("!H", data, 2)
        size = 4
    elif length == 127:
        (length,) = struct.unpack_from("!Q", data, 2)
        size = 10
    return fin, opcode, masked, length, size + (4 if masked else 0)


# --- exercise 3: an endpoint -----------------------------------------------------------------


async def shout(websocket: WebSocket, times: Annotated[int, Query(ge=1, le=3)] = 1) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        if text == "bye":
            await websocket.close()
            return
        for _ in range(times):
            await websocket.send_text(text.upper())
