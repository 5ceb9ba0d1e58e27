"""Real peers against our server, and the same tests against uvicorn (a differential).

Each test runs twice, on our server and on uvicorn serving the same echo application, and
asserts what a client observes: the messages that come back, the subprotocol, Pong replies,
the close codes. Two independent client implementations are used: ``websockets`` (asyncio)
and ``wsproto`` (sans-IO, over a plain socket).
"""

from __future__ import annotations

import asyncio
import os

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, ConnectionClosedOK
from wsproto import events as wsp

from chapters.ch10_websockets.echo import app as echo
from tests.ch04_asgi.servers import TIMEOUT
from tests.ch10_websockets.peers import SERVERS, ServeFn, WsprotoClient


@pytest.fixture(params=list(SERVERS), ids=list(SERVERS))
def serve(request: pytest.FixtureRequest) -> ServeFn:
    return SERVERS[request.param]


def run(coroutine: object) -> object:
    async def bounded() -> object:
        return await asyncio.wait_for(coroutine, TIMEOUT)  # type: ignore[arg-type]

    return asyncio.run(bounded())


# -- the websockets client --------------------------------------------------------------------


def test_websockets_client_text_binary_and_fragments(serve: ServeFn) -> None:
    async def talk(port: int) -> list[object]:
        async with connect(f"ws://127.0.0.1:{port}/echo") as ws:
            answers = []
            for message in ["hello", "héllo wörld ✓", b"\x00\xffbytes", ""]:
                await ws.send(message)
                answers.append(await ws.recv())
            await ws.send(["frag", "ment", "ed ✓"])  # one text message in three frames
            answers.append(await ws.recv())
            await ws.send([b"a", b"b", b"c"])
            answers.append(await ws.recv())
            return answers

    with serve(echo) as server:
        answers = run(talk(server.port))
    assert answers == ["hello", "héllo wörld ✓", b"\x00\xffbytes", "", "fragmented ✓", b"abc"]


def test_websockets_client_one_megabyte(serve: ServeFn) -> None:
    payload = os.urandom(1024 * 1024)

    async def talk(port: int) -> object:
        async with connect(f"ws://127.0.0.1:{port}/", max_size=None) as ws:
            await ws.send(payload)
            return await ws.recv()

    with serve(echo) as server:
        assert run(talk(server.port)) == payload


def test_websockets_client_ping_gets_pong(serve: ServeFn) -> None:
    async def talk(port: int) -> bool:
        async with connect(f"ws://127.0.0.1:{port}/") as ws:
            pong = await ws.ping(b"are you there")
            await asyncio.wait_for(pong, TIMEOUT)
            return pong.done()

    with serve(echo) as server:
        assert run(talk(server.port)) is True


def test_websockets_client_subprotocol(serve: ServeFn) -> None:
    async def talk(port: int) -> tuple[object, object]:
        async with connect(f"ws://127.0.0.1:{port}/", subprotocols=["chat.v2", "chat.v1"]) as ws:  # type: ignore[list-item]
            with_protocol = ws.subprotocol
        async with connect(f"ws://127.0.0.1:{port}/") as ws:
            return with_protocol, ws.subprotocol

    with serve(echo) as server:
        assert run(talk(server.port)) == ("chat.v2", None)


@pytest.mark.parametrize(("code", "reason"), [(1000, "done"), (1001, ""), (4000, "app-defined ✓")])
def test_websockets_client_closes_with_a_code(serve: ServeFn, code: int, reason: str) -> None:
    """The server answers a client's Close by echoing its code and its reason."""

    async def talk(port: int) -> tuple[object, object]:
        ws = await connect(f"ws://127.0.0.1:{port}/")
        await ws.close(code, reason)
        received, sent = ws.protocol.close_rcvd, ws.protocol.close_sent
        assert received is not None and sent is not None
        return (received.code, received.reason), (sent.code, sent.reason)

    with serve(echo) as server:
        assert run(talk(server.port)) == ((code, reason), (code, reason))


@pytest.mark.parametrize(("code", "reason"), [(1000, "bye"), (1008, "policy"), (4999, "custom")])
def test_server_closes_with_the_apps_code(serve: ServeFn, code: int, reason: str) -> None:
    async def talk(port: int) -> tuple[int, str]:
        async with connect(f"ws://127.0.0.1:{port}/") as ws:
            await ws.send(f"close {code} {reason}")
            with pytest.raises(ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None
            return closed.value.rcvd.code, closed.value.rcvd.reason

    with serve(echo) as server:
        assert run(talk(server.port)) == (code, reason)


# -- the wsproto client -------------------------------------------------------------------------


def test_wsproto_client_messages_fragments_and_ping(serve: ServeFn) -> None:
    with serve(echo) as server:
        client = WsprotoClient(server.port, "/room?x=1", subprotocols=["v1"])
        try:
            assert client.subprotocol == "v1"
            client.send(wsp.TextMessage(data="hello"))
            assert client.receive_message() == "hello"
            client.send(wsp.TextMessage(data="héllo ", message_finished=False))
            client.send(wsp.Ping(payload=b"between fragments"))  # a control frame inside
            client.send(wsp.TextMessage(data="wörld", message_finished=True))
            assert client.next_event() == wsp.Pong(payload=b"between fragments")
            assert client.receive_message() == "héllo wörld"
            big = os.urandom(1024 * 1024)
            client.send(wsp.BytesMessage(data=big))
            assert client.receive_message() == big
            client.send(wsp.CloseConnection(code=1000, reason="bye"))
            closing = client.next_event()
            assert isinstance(closing, wsp.CloseConnection)
            assert (closing.code, closing.reason) == (1000, "bye")
        finally:
            client.close()


def test_wsproto_client_sees_the_apps_close_code(serve: ServeFn) -> None:
    with serve(echo) as server:
        client = WsprotoClient(server.port)
        try:
            client.send(wsp.TextMessage(data="close 4242 see you"))
            event = client.next_event()
            assert isinstance(event, wsp.CloseConnection)
            assert (event.code, event.reason) == (4242, "see you")
            client.send(event.response())
        finally:
            client.close()


def test_plain_http_still_served_next_to_websockets(serve: ServeFn) -> None:
    import http.client

    with serve(echo) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 200 and b"WebSocket echo" in response.read()
        connection.close()


def test_many_clients_at_once(serve: ServeFn) -> None:
    async def one(port: int, number: int) -> str:
        async with connect(f"ws://127.0.0.1:{port}/") as ws:
            await ws.send(f"client {number}")
            return str(await ws.recv())

    async def talk(port: int) -> list[str]:
        return await asyncio.gather(*(one(port, n) for n in range(20)))

    with serve(echo) as server:
        assert run(talk(server.port)) == [f"client {n}" for n in range(20)]


def test_close_ok_is_clean(serve: ServeFn) -> None:
    async def talk(port: int) -> None:
        async with connect(f"ws://127.0.0.1:{port}/") as ws:
            await ws.send("close 1000 ")
            with pytest.raises(ConnectionClosedOK):
                await ws.recv()

    with serve(echo) as server:
        run(talk(server.port))
