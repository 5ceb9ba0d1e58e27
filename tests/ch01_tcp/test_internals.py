"""Tests of this implementation's internals (not part of the contract a learner's code meets):
LineBuffer and LineClient edge cases, the selectors server's flow control, and the blocking
server's shutdown race."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapters.ch01_tcp import (
    BlockingEchoServer,
    LineBuffer,
    LineClient,
    SelectorEchoServer,
    step3_selectors,
)
from chapters.ch01_tcp.step1_blocking import RECV_SIZE
from chapters.support import BackgroundServer
from tests.ch01_tcp.helpers import HOST, recv_exactly

# --- LineBuffer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pieces", "lines", "pending"),
    [
        ([b"hel", b"lo\nwor", b"ld\nbye\n"], [b"hello", b"world", b"bye"], b""),
        ([b""], [], b""),
        ([b"\n\n"], [b"", b""], b""),  # empty lines are lines
        ([b"no newline yet"], [], b"no newline yet"),
        ([b"a\nb"], [b"a"], b"b"),
        ([b"\n"], [b""], b""),
    ],
)
def test_line_buffer_table(pieces: list[bytes], lines: list[bytes], pending: bytes) -> None:
    buffer = LineBuffer()
    got = [line for piece in pieces for line in buffer.feed(piece)]
    assert got == lines
    assert buffer.pending == pending


def test_a_two_byte_delimiter_split_across_feeds_is_still_found() -> None:
    buffer = LineBuffer(b"\r\n")
    assert buffer.feed(b"GET / HTTP/1.1\r") == []
    assert buffer.feed(b"\nHost: x\r\n") == [b"GET / HTTP/1.1", b"Host: x"]


def test_a_line_longer_than_max_line_is_refused() -> None:
    buffer = LineBuffer(max_line=8)
    assert buffer.feed(b"12345678") == []  # exactly max_line bytes pending: still fine
    with pytest.raises(ValueError, match="longer than 8 bytes"):
        buffer.feed(b"9")


def test_a_long_line_that_ends_in_time_is_fine() -> None:
    assert LineBuffer(max_line=8).feed(b"x" * 100 + b"\n") == [b"x" * 100]


@given(st.lists(st.binary(max_size=40)).map(b"".join), st.data())
def test_however_the_stream_is_cut_the_same_lines_come_out(
    stream: bytes, data: st.DataObject
) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    pieces = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)])]
    buffer = LineBuffer()
    got = [line for piece in pieces for line in buffer.feed(piece)]
    *expected, rest = stream.split(b"\n")
    assert got == expected
    assert buffer.pending == rest


# --- LineClient against a hand-driven server socket ---------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.create_server((HOST, 0)) as sock:
        sock.settimeout(5)
        yield sock


def test_line_client_reassembles_lines_from_pieces(listener: socket.socket) -> None:
    with LineClient(HOST, listener.getsockname()[1], timeout=5) as client:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"hel")
            conn.sendall(b"lo\nwor")
            assert client.recv_line() == b"hello"
            conn.sendall(b"ld\none\ntwo\n")
            assert [client.recv_line() for _ in range(3)] == [b"world", b"one", b"two"]


def test_line_client_reports_a_close_mid_line(listener: socket.socket) -> None:
    with LineClient(HOST, listener.getsockname()[1], timeout=5) as client:
        conn, _ = listener.accept()
        conn.sendall(b"half a li")
        conn.close()
        with pytest.raises(ConnectionError, match="middle of a line"):
            client.recv_line()


def test_line_client_refuses_a_message_containing_the_newline(listener: socket.socket) -> None:
    with (
        LineClient(HOST, listener.getsockname()[1], timeout=5) as client,
        pytest.raises(ValueError, match="newline"),
    ):
        client.send_line(b"two\nlines")


# --- selectors: flow control --------------------------------------------------------------


def test_selectors_server_stops_reading_above_high_water(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client that sends without reading makes the server stop reading from it (bounded
    memory) instead of buffering everything; once the client reads, the flow resumes, and
    the partial writes on the way lose nothing."""
    high_water = 64 * 1024
    monkeypatch.setattr(step3_selectors, "HIGH_WATER", high_water)
    server = SelectorEchoServer(HOST, 0)
    pattern = bytes(range(251)) * 1000  # a prime period: a shifted or lost byte shows up
    with BackgroundServer(server), socket.socket() as sock:
        for option in (socket.SO_SNDBUF, socket.SO_RCVBUF):  # small buffers: a quicker stall
            sock.setsockopt(socket.SOL_SOCKET, option, 64 * 1024)
        sock.connect((HOST, server.port))
        sock.sendall(b"\0")
        assert recv_exactly(sock, 1) == b"\0"  # accepted and registered
        # Small kernel buffers on the server's end, so its send() can only write part of
        # what it holds: the partial-write path is taken, not just the happy one.
        (conn,) = list(server._clients)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16 * 1024)
        sock.settimeout(0.5)  # no progress for this long = the server stopped reading
        sent = 0
        with pytest.raises(TimeoutError):
            while sent < 64 * 1024 * 1024:  # without flow control this would all be accepted
                sent += sock.send(pattern[sent % 251 :][: 64 * 1024])
        buffered = [len(client.outgoing) for client in list(server._clients.values())]
        assert buffered and max(buffered) <= high_water + RECV_SIZE, buffered
        echoed = recv_exactly(sock, sent, timeout=5)  # reading lets everything through
    expected = (pattern * (sent // len(pattern) + 1))[:sent]
    assert echoed == expected


# --- blocking server: a shutdown() that lands between accept() and serving ------------------


class _ShutdownJustAfterTheCheck(BlockingEchoServer):
    """Calls shutdown() right after serve_forever() checked ``stopping`` following accept(),
    that is, before it has recorded the accepted connection as the one being served. (In
    real life another thread's shutdown() can land there; here it lands there every time.)"""

    reads = 0

    @property
    def stopping(self) -> bool:
        value = self._stopping.is_set()
        self.reads += 1
        if self.reads == 2:  # 1: the while condition, 2: the check after accept()
            self.shutdown()
        return value


def test_blocking_shutdown_between_accept_and_serving_still_returns() -> None:
    server = _ShutdownJustAfterTheCheck(HOST, 0)
    with socket.create_connection((HOST, server.port), timeout=5):  # an idle client
        runner = threading.Thread(target=server.serve_forever, daemon=True)
        runner.start()
        runner.join(3)
        stuck = runner.is_alive()
        server.server_close()
    runner.join(3)  # closing the idle client ends a stuck echo()
    assert not stuck, "serve_forever() kept serving an idle client after shutdown()"
