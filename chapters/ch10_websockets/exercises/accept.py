"""Exercise 1 (warm-up): ``Sec-WebSocket-Accept`` from ``Sec-WebSocket-Key`` (RFC 6455 §4.2.2).

The reader's ``accept_key(key: str) -> str`` is compared with the RFC's own example and with
this chapter's handshake on random keys.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable

from chapters.ch10_websockets import handshake
from chapters.support.exercises import Result, expect, is_placeholder, not_attempted, passed

TITLE = "Exercise 1, accept_key"
RFC_KEY, RFC_ACCEPT = "dGhlIHNhbXBsZSBub25jZQ==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def check_accept_key(accept_key: Callable[[str], str] | None) -> Result:
    """``accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="`` and so on."""
    if is_placeholder(accept_key):
        return not_attempted(TITLE)
    assert accept_key is not None
    answer = accept_key(RFC_KEY)
    expect(
        isinstance(answer, str),
        f"accept_key returned {type(answer).__name__}; return the base64 text as a str "
        "(base64.b64encode(...) gives bytes: .decode() them).",
    )
    expect(
        answer == RFC_ACCEPT,
        f"accept_key({RFC_KEY!r}) is {answer!r}, the RFC says {RFC_ACCEPT!r}: append the GUID "
        "258EAFA5-E914-47DA-95CA-C5AB0DC85B11 to the key (as text, not decoded from base64), "
        "take the SHA-1 digest (the 20 raw bytes, not .hexdigest()), then base64 it.",
    )
    for _ in range(20):
        key = base64.b64encode(os.urandom(16)).decode()
        expected = handshake.accept_key(key.encode()).decode()
        expect(accept_key(key) == expected, f"accept_key({key!r}) should be {expected!r}.")
    return passed(TITLE)
