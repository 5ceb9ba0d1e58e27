"""Internals of chapter 04 (not its public API): scope building, flow control, and the
protocol driven through a fake transport, where that is the clearest way to see a decision."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from chapters.ch02_http.events import Request
from chapters.ch04_asgi import AppImportError, Config, Message, Receive, Scope, Send, import_app
from chapters.ch04_asgi.flow import FlowControl
from chapters.ch04_asgi.protocol import HTTPProtocol
from chapters.ch04_asgi.scope import http_scope, split_target
from chapters.ch04_asgi.server import ServerState
from tests.ch04_asgi import apps


@pytest.mark.parametrize(
    "target, expected",
    [
        (b"/", (b"/", b"")),
        (b"/a%20b?q=1&r", (b"/a%20b", b"q=1&r")),
        (b"/?", (b"/", b"")),
        (b"/p?a?b", (b"/p", b"a?b")),
        (b"http://example.com/x?y", (b"/x", b"y")),
        (b"http://example.com", (b"/", b"")),
        (b"http://example.com?q", (b"/", b"q")),
    ],
)
def test_split_target(target: bytes, expected: tuple[bytes, bytes]) -> None:
    assert split_target(target) == expected


def test_each_scope_gets_its_own_copy_of_the_state() -> None:
    request = Request(method=b"GET", target=b"/", headers=[(b"host", b"x")], http_version=b"1.1")
    state = {"db": "pool"}
    one = http_scope(request, server=None, client=None, root_path="", state=state)
    one["state"]["db"] = "changed"
    two = http_scope(request, server=None, client=None, root_path="", state=state)
    assert two["state"] == {"db": "pool"} == state
    assert "state" not in http_scope(request, server=None, client=None, root_path="", state=None)


def test_import_app() -> None:
    assert import_app("tests.ch04_asgi.apps:hello") is apps.hello
    assert import_app("tests.ch04_asgi.apps:ConnectionRecorder.__call__") is apps.ConnectionRecorder.__call__
    with pytest.raises(AppImportError, match="is not callable"):
        import_app("tests.ch04_asgi.apps:HELLO")


class FakeTransport(asyncio.Transport):
    """Records what the protocol does to its transport."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closed = False
        self.reading = True
        self.pauses = 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def write(self, data: bytes) -> None:  # type: ignore[override]
        self.written += data

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def pause_reading(self) -> None:
        self.reading = False
        self.pauses += 1

    def resume_reading(self) -> None:
        self.reading = True


def test_flow_control_pauses_once_and_drain_waits_for_resume() -> None:
    async def scenario() -> None:
        transport = FakeTransport()
        flow = FlowControl(transport)
        flow.pause_reading()
        flow.pause_reading()
        assert (transport.reading, transport.pauses) == (False, 1)
        flow.resume_reading()
        assert transport.reading
        flow.pause_writing()
        drain = asyncio.ensure_future(flow.drain())
        await asyncio.sleep(0)
        assert not drain.done()
        flow.resume_writing()
        await asyncio.wait_for(drain, 1)

    asyncio.run(scenario())


def test_a_body_above_the_high_water_mark_pauses_reading_until_the_app_receives() -> None:
    received: list[Message] = []

    async def scenario() -> None:
        gate = asyncio.Event()

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await gate.wait()
            received.append(await receive())
            await apps.respond(send, 200, b"ok")

        protocol = HTTPProtocol(Config(app=app, high_water=100, access_log=False), ServerState())
        transport = FakeTransport()
        protocol.connection_made(transport)
        protocol.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + b"a" * 200)
        assert not transport.reading  # 200 bytes wait for the app: more would pile up
        gate.set()
        while not received:
            await asyncio.sleep(0)
        assert transport.reading  # the app took them: read on
        assert received == [{"type": "http.request", "body": b"a" * 200, "more_body": True}]
        protocol.connection_lost(None)
        await asyncio.gather(*protocol.state.tasks)

    asyncio.run(scenario())


def test_the_response_head_and_body_leave_in_one_write() -> None:
    writes: list[bytes] = []

    class CountingTransport(FakeTransport):
        def write(self, data: bytes) -> None:  # type: ignore[override]
            writes.append(bytes(data))

    async def scenario() -> None:
        protocol = HTTPProtocol(Config(app=apps.hello, access_log=False), ServerState())
        protocol.connection_made(CountingTransport())
        protocol.data_received(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await asyncio.gather(*protocol.state.tasks)

    asyncio.run(scenario())
    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.1 200 ") and writes[0].endswith(b"\r\n\r\n" + apps.HELLO)
