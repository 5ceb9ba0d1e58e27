"""The opening handshake (RFC 6455 §4): the accept key, the checks and their statuses, and
wsproto's client handshake accepted by ours at the sans-IO level."""

from __future__ import annotations

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto import events as wsp

from chapters.ch02_http.connection import Connection
from chapters.ch02_http.events import Request
from chapters.ch10_websockets import (
    HandshakeError,
    accept_key,
    accept_response,
    is_websocket_request,
    read_handshake,
)
from tests.ch10_websockets.peers import handshake_request


def parse(raw: bytes) -> Request:
    conn = Connection()
    conn.receive_data(raw)
    request = conn.next_event()
    assert isinstance(request, Request)
    return request


def test_accept_key_of_the_rfc_example() -> None:
    assert accept_key(b"dGhlIHNhbXBsZSBub25jZQ==") == b"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def test_a_valid_handshake_and_its_subprotocols() -> None:
    raw = handshake_request(
        headers={"Sec-WebSocket-Protocol": "chat, superchat", "Connection": "keep-alive, Upgrade"}
    )
    request = parse(raw.replace(b"\r\n\r\n", b"\r\nSec-WebSocket-Protocol: v3\r\n\r\n"))
    assert is_websocket_request(request)
    handshake = read_handshake(request)
    assert handshake.subprotocols == ["chat", "superchat", "v3"]
    response = accept_response(
        handshake, subprotocol="superchat", headers=[(b"Set-Cookie", b"a=1")]
    )
    assert response.status_code == 101
    assert (b"sec-websocket-accept", accept_key(handshake.key)) in response.headers
    assert (b"sec-websocket-protocol", b"superchat") in response.headers
    assert (b"set-cookie", b"a=1") in response.headers
    with pytest.raises(ValueError, match="not offered"):
        accept_response(handshake, subprotocol="other")


def test_a_plain_request_is_not_a_websocket() -> None:
    assert not is_websocket_request(parse(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert not is_websocket_request(
        parse(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n")
    )
    assert is_websocket_request(parse(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\n\r\n"))


BAD = [
    ("POST", handshake_request().replace(b"GET", b"POST", 1), 400),
    ("HTTP/1.0", handshake_request().replace(b"HTTP/1.1", b"HTTP/1.0", 1), 400),
    ("no Connection: Upgrade", handshake_request(omit=("Connection",)), 400),
    ("Connection: close", handshake_request(headers={"Connection": "close"}), 400),
    ("no key", handshake_request(omit=("Sec-WebSocket-Key",)), 400),
    ("key not base64", handshake_request(headers={"Sec-WebSocket-Key": "not base64!!"}), 400),
    (
        "key of 15 bytes",
        handshake_request(headers={"Sec-WebSocket-Key": "AAAAAAAAAAAAAAAAAAAA"}),
        400,
    ),
    ("no version", handshake_request(omit=("Sec-WebSocket-Version",)), 426),
    ("version 8", handshake_request(headers={"Sec-WebSocket-Version": "8"}), 426),
    ("bad subprotocol", handshake_request(headers={"Sec-WebSocket-Protocol": "a b"}), 400),
]


@pytest.mark.parametrize(
    ("raw", "status"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_handshakes_get_their_status(raw: bytes, status: int) -> None:
    with pytest.raises(HandshakeError) as error:
        read_handshake(parse(raw))
    assert error.value.status_hint == status
    if status == 426:  # §4.4: say which version we speak
        assert error.value.headers == [(b"sec-websocket-version", b"13")]


def test_wsproto_client_accepts_our_answer() -> None:
    """Sans-IO against sans-IO: wsproto's request through our parser, our 101 into wsproto."""
    client = WSConnection(ConnectionType.CLIENT)
    raw = client.send(
        wsp.Request(host="example.com", target="/chat", subprotocols=["chat", "json"])
    )
    conn = Connection()
    conn.receive_data(raw)
    request = conn.next_event()
    assert isinstance(request, Request)
    handshake = read_handshake(request)
    assert handshake.subprotocols == ["chat", "json"]
    client.receive_data(conn.send(accept_response(handshake, subprotocol="json")))
    (accepted,) = list(client.events())
    assert isinstance(accepted, wsp.AcceptConnection) and accepted.subprotocol == "json"
