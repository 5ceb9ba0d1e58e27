"""Chapter 01's contract: ``EchoServer`` (the ``chapters.support`` server contract) and
``LineBuffer``.

Run against the reference by default, and against yours with
``pytest tests/ch01_tcp --impl my_tcp`` (see README.md, "Build it yourself: the contract").
Each failure shows what the test sent and what came back.
"""

from __future__ import annotations

import socket
import threading
from types import ModuleType

import pytest

from tests.workshop import TIMEOUT, Transcript, running, server_close_quietly

pytestmark = pytest.mark.timeout(30)


def test_the_constructor_binds_so_clients_can_connect_at_once(
    impl: ModuleType, transcript: Transcript
) -> None:
    server = transcript.call(impl.EchoServer, "127.0.0.1", 0)
    try:
        port = transcript.read("server.port", lambda: server.port)
        assert isinstance(port, int) and port > 0, "port 0 asks for any free port: say which"
        with transcript.connect(port):  # no serve_forever() yet: the kernel queues us
            pass
    finally:
        server_close_quietly(server)
    transcript.note("server_close(), then connect again")
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
        pytest.fail("after server_close() the port still accepted a connection")


def test_a_message_comes_back_and_the_connection_closes_after_the_client_does(
    impl: ModuleType, transcript: Transcript
) -> None:
    with running(transcript, impl.EchoServer, "127.0.0.1", 0) as server:
        reply = transcript.exchange(server.port, b"hello, echo\n", half_close=True)
    assert reply.data == b"hello, echo\n"
    assert reply.closed, "when recv() returns b'' the client is done: close its connection"


def test_a_large_message_comes_back_whole(impl: ModuleType, transcript: Transcript) -> None:
    message = bytes(range(256)) * 4096  # 1 MiB: many recv() calls, and partial sends
    with running(transcript, impl.EchoServer, "127.0.0.1", 0) as server:
        reply = transcript.exchange(server.port, message, half_close=True)
    assert len(reply.data) == len(message), f"{len(reply.data)} bytes back for {len(message)}"
    assert reply.data == message, "the same number of bytes, but not the same bytes"


def test_one_connection_carries_several_messages(impl: ModuleType, transcript: Transcript) -> None:
    with running(transcript, impl.EchoServer, "127.0.0.1", 0) as server:
        client = transcript.connect(server.port)
        with client:
            for message in (b"one\n", b"two\n", b"three\n"):
                client.send(message)
                assert client.receive_until(b"\n") == message


def test_two_clients_are_served_at_once(impl: ModuleType, transcript: Transcript) -> None:
    with running(transcript, impl.EchoServer, "127.0.0.1", 0) as server:
        first = transcript.connect(server.port, "client A")
        with first:
            first.send(b"A is here\n")
            assert first.receive_until(b"\n") == b"A is here\n"
            with transcript.connect(server.port, "client B") as second:  # A is still connected
                transcript.note("(a server that serves one client at a time never answers B)")
                second.send(b"B too\n")
                assert second.receive_until(b"\n") == b"B too\n"
            first.send(b"A again\n")
            assert first.receive_until(b"\n") == b"A again\n"


def test_shutdown_stops_the_server_and_closes_open_connections(
    impl: ModuleType, transcript: Transcript
) -> None:
    with running(transcript, impl.EchoServer, "127.0.0.1", 0) as server:
        client = transcript.connect(server.port, "idle client")
        client.send(b"ping\n")
        client.receive_until(b"\n")
    # running() has called shutdown(): serve_forever() returned within TIMEOUT
    with client:
        assert client.is_closed_by_server(), "serve_forever() returned with a client still open"


def test_shutdown_before_serve_forever_makes_it_return_at_once(
    impl: ModuleType, transcript: Transcript
) -> None:
    server = transcript.call(impl.EchoServer, "127.0.0.1", 0)
    try:
        transcript.call(server.shutdown)
        transcript.note("then serve_forever() in a thread")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        thread.join(TIMEOUT)
        assert not thread.is_alive(), (
            f"serve_forever() still runs {TIMEOUT:g} s after a shutdown() that came first"
        )
    finally:
        server_close_quietly(server)


def test_line_buffer_returns_complete_lines_however_the_bytes_are_cut(
    impl: ModuleType, transcript: Transcript
) -> None:
    lines = transcript.call(impl.LineBuffer)
    assert transcript.call(lines.feed, b"hel") == [], "no newline yet: no line yet"
    assert transcript.call(lines.feed, b"lo\nwor") == [b"hello"]
    assert transcript.call(lines.feed, b"ld\nbye\n\n") == [b"world", b"bye", b""]
    assert transcript.call(lines.feed, b"") == []
