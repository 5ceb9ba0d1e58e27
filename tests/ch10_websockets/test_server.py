"""Our server from raw sockets: refused handshakes, protocol violations, the ASGI failure
policy, the denial response, keep-alive pings and the graceful shutdown's 1001. After each
fault the server goes on serving."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from chapters.ch04_asgi.types import Receive, Scope, Send
from chapters.ch10_websockets import Server
from chapters.ch10_websockets.echo import app as echo
from chapters.ch10_websockets.frames import Opcode
from chapters.support import serve_in_background
from tests.ch04_asgi.servers import TIMEOUT
from tests.ch10_websockets.peers import RawClient, handshake_request, running_ours


def still_serves(port: int) -> None:
    client = RawClient(port)
    try:
        client.open()
        client.send_frame(Opcode.TEXT, b"still here")
        assert client.read_frame() == (Opcode.TEXT, b"still here")
    finally:
        client.close()


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (handshake_request(omit=("Sec-WebSocket-Key",)), 400),
        (handshake_request(headers={"Sec-WebSocket-Key": "short"}), 400),
        (handshake_request(omit=("Connection",)), 400),
        (handshake_request().replace(b"GET", b"PUT", 1), 400),
        (handshake_request(headers={"Sec-WebSocket-Version": "12"}), 426),
    ],
)
def test_bad_handshakes_are_refused_and_the_server_keeps_serving(raw: bytes, status: int) -> None:
    with running_ours(echo) as server:
        client = RawClient(server.port)
        client.sock.sendall(raw)
        got, head = client.read_head()
        client.close()
        assert got == status
        if status == 426:
            assert b"sec-websocket-version: 13" in head.lower()
        still_serves(server.port)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"opcode": Opcode.TEXT, "payload": b"hi", "masked": False}, 1002),
        ({"opcode": 0x3, "payload": b""}, 1002),
        ({"opcode": Opcode.CONTINUATION, "payload": b"orphan"}, 1002),
        ({"opcode": Opcode.PING, "payload": b"p", "fin": False}, 1002),
        ({"opcode": Opcode.TEXT, "payload": b"\xff\xfe"}, 1007),
        ({"opcode": Opcode.BINARY, "payload": b"x" * 2000}, 1009),
        ({"opcode": Opcode.CLOSE, "payload": b"\x03\xee"}, 1002),
    ],
)
def test_protocol_violations_close_with_their_code(frame: dict[str, Any], code: int) -> None:
    with running_ours(echo, ws_max_size=1000) as server:
        client = RawClient(server.port)
        client.open()
        opcode = frame.pop("opcode")
        if opcode == 0x3:  # a reserved opcode: build_frame won't, so by hand
            client.sock.sendall(b"\x83\x80abcd")
        else:
            client.send_frame(opcode, **frame)
        assert client.read_close() == code
        assert client.read_all() == b""  # then the server closes the TCP connection
        client.close()
        still_serves(server.port)


async def refuse(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()
    await send({"type": "websocket.close", "code": 1008})


async def crash_before_accept(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("boom")


async def return_before_accept(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()


async def crash_after_accept(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()
    await send({"type": "websocket.accept"})
    await receive()
    raise RuntimeError("boom")


async def deny(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()
    await send(
        {
            "type": "websocket.http.response.start",
            "status": 418,
            "headers": [(b"content-length", b"5")],
        }
    )
    await send({"type": "websocket.http.response.body", "body": b"te", "more_body": True})
    await send({"type": "websocket.http.response.body", "body": b"apot"[:3]})


@pytest.mark.parametrize(
    ("app", "status"),
    [(refuse, 403), (crash_before_accept, 500), (return_before_accept, 500), (deny, 418)],
)
def test_answers_instead_of_the_handshake(app: Any, status: int) -> None:
    with running_ours(app) as server:
        client = RawClient(server.port)
        client.sock.sendall(handshake_request())
        got, _head = client.read_head()
        body = client.read_all()
        client.close()
    assert got == status
    if app is deny:
        assert body == b"teapo"


def test_an_exception_after_accept_closes_with_1011() -> None:
    with running_ours(crash_after_accept) as server:
        client = RawClient(server.port)
        client.open()
        client.send_frame(Opcode.TEXT, b"trigger")
        assert client.read_close() == 1011
        client.close()


def recording_app(seen: list[Any], done: threading.Event) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return
        seen.append(dict(scope))
        await receive()
        subprotocol = "b" if "b" in scope["subprotocols"] else None
        await send(
            {
                "type": "websocket.accept",
                "subprotocol": subprotocol,
                "headers": [(b"x-hello", b"world")],
            }
        )
        while (message := await receive())["type"] != "websocket.disconnect":
            seen.append(message)
        seen.append(message)
        done.set()

    return app


def test_scope_messages_and_the_disconnect_code() -> None:
    seen: list[Any] = []
    done = threading.Event()
    with running_ours(recording_app(seen, done)) as server:
        client = RawClient(server.port)
        client.sock.sendall(
            handshake_request("/ws/room%201?user=ann", headers={"Sec-WebSocket-Protocol": "a, b"})
        )
        status, head = client.read_head()
        assert status == 101 and b"x-hello: world" in head and b"sec-websocket-protocol: b" in head
        client.send_frame(Opcode.TEXT, b"hi")
        client.send_frame(Opcode.BINARY, b"\x00")
        client.send_frame(Opcode.CLOSE, (4001).to_bytes(2, "big") + b"gone")
        # Our answer echoes the code and the reason, as uvicorn's does.
        assert client.read_frame() == (Opcode.CLOSE, (4001).to_bytes(2, "big") + b"gone")
        assert done.wait(TIMEOUT)
        client.close()
    scope = seen[0]
    assert scope["type"] == "websocket" and scope["scheme"] == "ws" and "method" not in scope
    assert (scope["path"], scope["raw_path"], scope["query_string"]) == (
        "/ws/room 1",
        b"/ws/room%201",
        b"user=ann",
    )
    assert scope["subprotocols"] == ["a", "b"]
    assert seen[1:] == [
        {"type": "websocket.receive", "text": "hi"},
        {"type": "websocket.receive", "bytes": b"\x00"},
        {"type": "websocket.disconnect", "code": 4001, "reason": "gone"},
    ]


def test_a_close_without_a_code_is_answered_without_one() -> None:
    """A Close with an empty payload reports 1005 to the app; 1005 is never sent (§7.4.1)."""
    seen: list[Any] = []
    done = threading.Event()
    with running_ours(recording_app(seen, done)) as server:
        client = RawClient(server.port)
        client.open()
        client.send_frame(Opcode.CLOSE, b"")
        assert client.read_frame() == (Opcode.CLOSE, b"")
        assert client.read_all() == b""
        assert done.wait(TIMEOUT)
        client.close()
    assert seen[-1] == {"type": "websocket.disconnect", "code": 1005, "reason": ""}


def test_graceful_shutdown_closes_websockets_with_1001() -> None:
    seen: list[Any] = []
    done = threading.Event()
    server = Server(recording_app(seen, done), "127.0.0.1", 0, access_log=False)
    with serve_in_background(server):
        client = RawClient(server.port)
        client.open()
        stopper = threading.Thread(target=server.shutdown)
        stopper.start()
        assert client.read_close() == 1001
        client.send_frame(Opcode.CLOSE, (1001).to_bytes(2, "big"))
        stopper.join(TIMEOUT)
        assert done.wait(TIMEOUT)
        client.close()
    assert seen[-1]["type"] == "websocket.disconnect" and seen[-1]["code"] == 1001


def test_keep_alive_pings_and_the_pong_timeout() -> None:
    with running_ours(echo, ws_ping_interval=0.05, ws_ping_timeout=0.3) as server:
        client = RawClient(server.port)
        client.open()
        for _ in range(3):  # answered pings keep the connection open
            opcode, payload = client.read_frame()
            assert opcode == Opcode.PING
            client.send_frame(Opcode.PONG, payload)
        client.send_frame(Opcode.TEXT, b"alive")
        while (frame := client.read_frame())[0] == Opcode.PING:
            client.send_frame(Opcode.PONG, frame[1])
        assert frame == (Opcode.TEXT, b"alive")
        assert client.read_close() == 1011  # now silent: the next ping times out
        client.close()


def test_read_side_flow_control_bounds_what_waits_for_the_app() -> None:
    """An app that does not read: above ``high_water`` the server stops reading the socket,
    so the client's sends block (TCP's window) instead of the server buffering 20 MB."""
    release = threading.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return
        await receive()
        await send({"type": "websocket.accept"})
        await asyncio.to_thread(release.wait, TIMEOUT)
        while (await receive())["type"] == "websocket.receive":
            pass

    with running_ours(slow, high_water=100_000, ws_max_size=None) as server:
        client = RawClient(server.port)
        client.open()
        client.sock.settimeout(0.5)
        sent = 0
        with pytest.raises(TimeoutError):
            for _ in range(200):
                client.send_frame(Opcode.BINARY, b"x" * 100_000)
                sent += 1
        release.set()
        client.close()
    assert sent < 200


def test_command_line_serves_websockets_and_stops_on_ctrl_c(cli_server: Any) -> None:
    server = cli_server(
        "chapters.ch10_websockets", "chapters.ch10_websockets.echo:app", "--port", "0"
    )
    assert any("running on http://127.0.0.1:" in line for line in server.output)
    still_serves(server.port)
    assert server.stop() == 0
