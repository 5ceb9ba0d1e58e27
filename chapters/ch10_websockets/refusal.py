"""The handshake answered with HTTP instead of ``101``: a refusal, or the application's own response.

Until the ``101 Switching Protocols`` is sent, the connection is still HTTP/1.1, so every
other answer is an ordinary response written by chapter 02's parser, after which the
connection is closed (the client asked to switch protocols; there is no next request to
wait for). Three callers need one: the protocol refusing a bad handshake (400, or 426 with
the versions we speak, §4.2.2), the cycle refusing for the application (403 when it closes
before accepting, 500 when it fails), and the ASGI "websocket.http.response" extension, where
the application sends a response of its own (a "denial"), possibly in several body messages.
These are the bytes of each; writing them and closing stay with the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

from chapters.ch02_http.connection import Connection
from chapters.ch02_http.events import Data, EndOfMessage, Response
from chapters.ch04_asgi.types import Message


def refusal(
    conn: Connection, status: int, body: bytes, headers: Iterable[tuple[bytes, bytes]] = ()
) -> bytes:
    """A complete plain-text response, announcing that the connection closes after it."""
    headers = [
        *headers,
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", b"%d" % len(body)),
        (b"connection", b"close"),
    ]
    return (
        conn.send(Response(status_code=status, headers=headers))  # the reason phrase filled in
        + conn.send(Data(data=body))
        + conn.send(EndOfMessage())
    )


def denial_start(conn: Connection, message: Message) -> bytes:
    """The head of the application's response, from ``websocket.http.response.start``."""
    headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", ())]
    return conn.send(Response(status_code=message["status"], headers=headers))


def denial_body(conn: Connection, message: Message) -> tuple[bytes, bool]:
    """The bytes of a ``websocket.http.response.body`` message, and whether it was the last."""
    body, more_body = message.get("body", b""), message.get("more_body", False)
    data = conn.send(Data(data=body)) if body else b""
    if not more_body:
        data += conn.send(EndOfMessage())
    return data, not more_body
