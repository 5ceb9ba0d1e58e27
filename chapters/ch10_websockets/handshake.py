"""The opening handshake (RFC 6455 §4): an HTTP/1.1 request that asks to become a WebSocket.

The client sends an ordinary GET, parsed by chapter 02's parser::

    GET /chat HTTP/1.1
    Host: server.example.com
    Upgrade: websocket
    Connection: Upgrade
    Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
    Sec-WebSocket-Version: 13
    Sec-WebSocket-Protocol: chat, superchat

and the server, if it agrees, answers ``101 Switching Protocols`` with the key's proof:
``Sec-WebSocket-Accept`` is base64(SHA-1(key + a fixed GUID)) (§4.2.2). The proof says
"this server understood the WebSocket handshake" (a plain HTTP server or a cache would not
compute it), not who the server is. From the byte after the 101 response's empty line, both
sides speak frames.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from chapters.ch02_http.events import Headers, InformationalResponse, Request
from chapters.ch02_http.head import TOKEN
from chapters.ch10_websockets.errors import HandshakeError

#: §1.3: the GUID every server appends to the key before hashing.
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
SUPPORTED_VERSION = b"13"
_TOKEN = re.compile(TOKEN)


@dataclass(frozen=True, kw_only=True, slots=True)
class Handshake:
    """What a valid opening handshake asked for (§4.2.1)."""

    key: bytes
    subprotocols: list[str]


def accept_key(key: bytes) -> bytes:
    """``Sec-WebSocket-Accept`` for ``Sec-WebSocket-Key`` (§4.2.2, step 5.4).

    >>> accept_key(b"dGhlIHNhbXBsZSBub25jZQ==")   # the example of §1.3
    b's3pPLMBiTxaQ9kYGzzhZRbK+xOo='
    """
    return base64.b64encode(hashlib.sha1(key + GUID).digest())


def header_tokens(headers: Headers, name: bytes) -> list[bytes]:
    """The comma-separated items of every ``name`` header, trimmed (case kept)."""
    return [
        item.strip()
        for key, value in headers
        if key == name
        for item in value.split(b",")
        if item.strip()
    ]


def is_websocket_request(request: Request) -> bool:
    """Does this request ask for a WebSocket (``Upgrade: websocket``)? Then it is answered by
    the WebSocket handshake, valid or not; any other request is plain HTTP."""
    return any(
        token.lower() == b"websocket" for token in header_tokens(request.headers, b"upgrade")
    )


def read_handshake(request: Request) -> Handshake:
    """Check the client's opening handshake (§4.2.1); raise :class:`HandshakeError` if bad.

    The order matters only for which error is reported first; each is a 400 except an
    unsupported version, which gets 426 and the versions we do speak (§4.4).
    """
    if request.method != b"GET":
        raise HandshakeError("the opening handshake must be a GET request (§4.1)")
    if request.http_version != b"1.1":
        raise HandshakeError("the opening handshake needs HTTP/1.1 (§4.1)")
    if b"upgrade" not in (token.lower() for token in header_tokens(request.headers, b"connection")):
        raise HandshakeError('"Connection: Upgrade" is missing (§4.2.1)')
    versions = header_tokens(request.headers, b"sec-websocket-version")
    if versions != [SUPPORTED_VERSION]:
        raise HandshakeError(
            "unsupported Sec-WebSocket-Version (§4.4)",
            status_hint=426,
            headers=[(b"sec-websocket-version", SUPPORTED_VERSION)],
        )
    keys = [value for name, value in request.headers if name == b"sec-websocket-key"]
    if len(keys) != 1 or not _is_valid_key(keys[0]):
        raise HandshakeError("Sec-WebSocket-Key must be one base64-encoded 16-byte value (§4.1)")
    subprotocols = header_tokens(request.headers, b"sec-websocket-protocol")
    if not all(_TOKEN.fullmatch(protocol) for protocol in subprotocols):
        raise HandshakeError("invalid Sec-WebSocket-Protocol (§4.1)")
    return Handshake(
        key=keys[0].strip(), subprotocols=[protocol.decode("ascii") for protocol in subprotocols]
    )


def _is_valid_key(key: bytes) -> bool:
    try:
        return len(base64.b64decode(key.strip(), validate=True)) == 16
    except binascii.Error:
        return False


def accept_response(
    handshake: Handshake, *, subprotocol: str | None = None, headers: Headers | None = None
) -> InformationalResponse:
    """The ``101 Switching Protocols`` that accepts ``handshake`` (§4.2.2, step 5).

    ``subprotocol`` must be one the client offered (a client fails the connection on any
    other); ``headers`` are the application's extra headers (cookies, say).
    """
    if subprotocol is not None and subprotocol not in handshake.subprotocols:
        raise ValueError(
            f"subprotocol {subprotocol!r} was not offered by the client ({handshake.subprotocols})"
        )
    response_headers: Headers = [
        (b"upgrade", b"websocket"),
        (b"connection", b"Upgrade"),
        (b"sec-websocket-accept", accept_key(handshake.key)),
    ]
    if subprotocol is not None:
        response_headers.append((b"sec-websocket-protocol", subprotocol.encode("ascii")))
    reserved = {name for name, _ in response_headers}
    response_headers += [
        (name.lower(), value) for name, value in headers or () if name.lower() not in reserved
    ]
    return InformationalResponse(status_code=101, headers=response_headers)
