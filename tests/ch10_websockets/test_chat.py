"""The chat demo with several concurrent clients, on uvicorn and on chapter 10's server.

Clients are ``websockets`` connections in one event loop. Each test reads exactly the
messages it expects (with a deadline), so a missing broadcast fails instead of hanging, and
an extra one shows up in the next read. The vanishing client is a raw socket that completes
the handshake by hand, joins, then is closed without a close frame: the server sees its TCP
connection end (1006), the others must carry on and hear that it left.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import socket
import urllib.request
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from chapters.ch10_websockets.chat import PAGE, create_app
from tests.ch10_websockets.serving import TIMEOUT, ServeFn, run, serve, ws_url

__all__ = ["serve"]


async def next_json(ws: ClientConnection) -> Any:
    return json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))


async def raw_join(port: int, path: str) -> socket.socket:
    """A client that speaks just enough WebSocket to join, and can vanish (no close frame)."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.sendall(request.encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += await asyncio.to_thread(sock.recv, 1024)
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock


def test_messages_reach_everyone_in_the_room_and_nobody_else(serve: ServeFn) -> None:
    async def scenario(base: str) -> None:
        async with (
            connect(f"{base}/ws/blue?name=alice") as alice,
            connect(f"{base}/ws/blue?name=bob") as bob,
            connect(f"{base}/ws/red?name=carol") as carol,
        ):
            assert await next_json(alice) == {"type": "join", "name": "alice", "members": ["alice"]}
            joined = {"type": "join", "name": "bob", "members": ["alice", "bob"]}
            assert [await next_json(alice), await next_json(bob)] == [joined, joined]
            assert (await next_json(carol))["members"] == ["carol"]
            await bob.send("hello blue")
            said = {"type": "message", "name": "bob", "text": "hello blue"}
            assert [await next_json(alice), await next_json(bob)] == [said, said]
            await carol.send("hello red")
            assert await next_json(carol) == {
                "type": "message",
                "name": "carol",
                "text": "hello red",
            }
            await bob.close()
            left = {"type": "leave", "name": "bob", "members": ["alice"]}
            assert await next_json(alice) == left
            await alice.send("still here")
            assert (await next_json(alice))["text"] == "still here"

    with serve(create_app()) as running:
        run(scenario(ws_url(running, "")))


def test_a_client_vanishing_mid_conversation_does_not_disturb_the_others(serve: ServeFn) -> None:
    async def scenario(base: str, port: int) -> None:
        async with connect(f"{base}/ws/lobby?name=alice") as alice:
            await next_json(alice)
            ghost = await raw_join(port, "/ws/lobby?name=ghost")
            assert (await next_json(alice))["members"] == ["alice", "ghost"]
            async with connect(f"{base}/ws/lobby?name=bob") as bob:
                assert (await next_json(alice))["name"] == "bob"
                assert (await next_json(bob))["members"] == ["alice", "bob", "ghost"]
                ghost.close()  # no close frame: the TCP connection just ends
                left = {"type": "leave", "name": "ghost", "members": ["alice", "bob"]}
                assert [await next_json(alice), await next_json(bob)] == [left, left]
                await alice.send("anyone?")
                said = {"type": "message", "name": "alice", "text": "anyone?"}
                assert [await next_json(alice), await next_json(bob)] == [said, said]

    with serve(create_app()) as running:
        run(scenario(ws_url(running, ""), running.port))


def test_many_clients_at_once_each_hear_every_message(serve: ServeFn) -> None:
    names = [f"user{number}" for number in range(8)]

    async def member(base: str, name: str) -> list[str]:
        async with connect(f"{base}/ws/crowd?name={name}") as ws:
            while (await next_json(ws))["members"] != names:  # joins, until all are in
                pass
            await ws.send(f"hi from {name}")
            texts = []
            while len(texts) < len(names):
                message = await next_json(ws)
                if message["type"] == "message":
                    texts.append(message["text"])
            return sorted(texts)

    async def scenario(base: str) -> list[list[str]]:
        return await asyncio.gather(*(member(base, name) for name in names))

    with serve(create_app()) as running:
        heard = run(scenario(ws_url(running, "")))
    assert heard == [sorted(f"hi from {name}" for name in names)] * len(names)


@pytest.mark.parametrize(
    "path",
    ["/ws/lobby", "/ws/lobby?name=", "/ws/lobby?name=<script>", "/ws/" + "x" * 33 + "?name=a"],
    ids=["no-name", "empty-name", "markup-in-name", "long-room"],
)
def test_bad_names_and_rooms_are_refused_before_the_handshake(serve: ServeFn, path: str) -> None:
    async def scenario(url: str) -> int:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(url, open_timeout=TIMEOUT):
                pass
        return refused.value.response.status_code

    with serve(create_app()) as running:
        assert run(scenario(ws_url(running, path))) == 403


def test_a_name_taken_in_the_room_is_refused(serve: ServeFn) -> None:
    async def scenario(base: str) -> int:
        async with connect(f"{base}/ws/lobby?name=alice") as alice:
            await next_json(alice)
            with pytest.raises(InvalidStatus) as refused:
                async with connect(f"{base}/ws/lobby?name=alice", open_timeout=TIMEOUT):
                    pass
            async with connect(f"{base}/ws/other?name=alice") as elsewhere:
                assert (await next_json(elsewhere))["members"] == ["alice"]
            return refused.value.response.status_code

    with serve(create_app()) as running:
        assert run(scenario(ws_url(running, ""))) == 403


def test_the_page_is_served_and_needs_nothing_from_elsewhere(serve: ServeFn) -> None:
    with serve(create_app()) as running:
        url = f"http://127.0.0.1:{running.port}/"
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            body = response.read().decode()
            assert response.headers["content-type"].startswith("text/html")
    assert body == PAGE
    assert "new WebSocket(" in body
    # no script, style or image to fetch: the one link is the empty icon (no /favicon.ico)
    assert re.findall(r'(?:src|href)="([^"]*)"', body) == ["data:,"]
