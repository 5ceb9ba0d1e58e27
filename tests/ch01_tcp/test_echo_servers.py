"""The echo servers' shared contract, over real sockets on 127.0.0.1.

Only the chapter's public API is used (``chapters.ch01_tcp.__all__``), so these tests could
run against a learner's own implementation of the three steps.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections.abc import Callable

import pytest

from chapters.ch01_tcp import SERVERS, echo_once
from chapters.support import BackgroundServer
from tests.ch01_tcp.helpers import (
    HOST,
    connections,
    first_difference,
    is_closed_by_peer,
    new_threads,
    recv_exactly,
    run_in_threads,
)

Serve = Callable[[type], BackgroundServer]
MODES = sorted(SERVERS)  # blocking, selectors, threads
CONCURRENT = ["threads", "selectors"]

#: How long a stalled client waits before we call it stalled. A served client answers in
#: microseconds; this only bounds how long the blocking server's test waits for nothing.
STALL = 0.5


@pytest.mark.parametrize("mode", MODES)
def test_constructor_binds_so_a_client_can_connect_before_serving(mode: str) -> None:
    server = SERVERS[mode](HOST, 0)
    assert server.port > 0, "port 0 asks for a free port; server.port must be the one bound"
    # The kernel completes the handshake and queues the connection (listen backlog)...
    with socket.create_connection((HOST, server.port), timeout=5) as early:
        early.sendall(b"early bird")
        with BackgroundServer(server):  # ...and serving it starts later.
            assert recv_exactly(early, 10) == b"early bird"


@pytest.mark.parametrize("mode", MODES)
def test_echo_over_a_raw_socket(serve: Serve, mode: str) -> None:
    server = serve(SERVERS[mode])
    with socket.create_connection((HOST, server.port), timeout=5) as sock:
        for message in (b"hello", b"\x00\xff binary is fine \r\n", b"x"):
            sock.sendall(message)
            assert recv_exactly(sock, len(message)) == message
        sock.shutdown(socket.SHUT_WR)
        assert is_closed_by_peer(sock), "the server should close once the client has finished"


@pytest.mark.parametrize("mode", MODES)
def test_one_megabyte_round_trips_intact(serve: Serve, mode: str) -> None:
    server = serve(SERVERS[mode])
    payload = random.Random(mode).randbytes(1024 * 1024)
    echoed = echo_once(HOST, server.port, payload, timeout=10)
    assert echoed == payload, first_difference(echoed, payload)


@pytest.mark.parametrize("mode", CONCURRENT)
def test_concurrent_clients_each_get_exactly_their_own_bytes(serve: Serve, mode: str) -> None:
    server = serve(SERVERS[mode])
    clients, rounds = 12, 20
    barrier = threading.Barrier(clients, timeout=10)

    def client(i: int) -> None:
        with socket.create_connection((HOST, server.port), timeout=10) as sock:
            for r in range(rounds):
                chunk = f"<client {i} round {r}>".encode() * (1 + (i + r) % 7)
                barrier.wait()  # every client sends its chunk of this round at the same time
                sock.sendall(chunk)
                got = recv_exactly(sock, len(chunk))
                assert got == chunk, f"client {i} round {r} got {got[:60]!r}..."

    errors = run_in_threads(client, clients)
    assert not errors, errors[0]


@pytest.mark.parametrize("mode", CONCURRENT)
def test_interleaved_sends_on_many_open_connections(serve: Serve, mode: str) -> None:
    """One thread writes round-robin to 50 connections, then reads each one's echo back."""
    server = serve(SERVERS[mode])
    with connections(server.port, 50) as socks:
        sent: list[bytearray] = [bytearray() for _ in socks]
        for r in range(10):
            for i, sock in enumerate(socks):
                chunk = struct.pack("!HH", i, r) * 8  # a few dozen bytes: no send() can block
                sock.sendall(chunk)
                sent[i] += chunk
        for i, sock in enumerate(socks):
            assert recv_exactly(sock, len(sent[i])) == sent[i], (
                f"connection {i} got someone else's bytes"
            )


@pytest.mark.parametrize(
    ("mode", "second_is_served"), [("blocking", False), ("threads", True), ("selectors", True)]
)
def test_a_second_client_while_the_first_stays_connected(
    serve: Serve, mode: str, second_is_served: bool
) -> None:
    server = serve(SERVERS[mode])
    with socket.create_connection((HOST, server.port), timeout=5) as first:
        first.sendall(b"first")
        assert recv_exactly(first, 5) == b"first"  # the first client is being served
        with socket.create_connection((HOST, server.port), timeout=5) as second:
            second.sendall(b"second")
            if second_is_served:
                assert recv_exactly(second, 6, timeout=5) == b"second"
                return
            with pytest.raises(TimeoutError):  # connected (kernel backlog) but nobody reads it
                second.settimeout(STALL)
                second.recv(1024)
            first.close()  # the blocking server moves on to the next client only now
            assert recv_exactly(second, 6, timeout=5) == b"second"


def _vanish(sock: socket.socket, how: str) -> None:
    if how == "reset":  # SO_LINGER on, 0 seconds: close() sends RST instead of FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@pytest.mark.parametrize("how", ["close", "reset"])
@pytest.mark.parametrize("mode", MODES)
def test_a_client_vanishing_mid_message_does_not_kill_the_server(
    serve: Serve, mode: str, how: str
) -> None:
    background = serve(SERVERS[mode])
    for attempt in range(3):
        sock = socket.create_connection((HOST, background.port), timeout=5)
        sock.sendall(b"m" * 200_000)  # a long message; the server is busy echoing it...
        assert recv_exactly(sock, 1000) == b"m" * 1000
        _vanish(sock, how)  # ...when the client goes away without reading the rest
        assert echo_once(HOST, background.port, b"next client", timeout=5) == b"next client", (
            f"after client {attempt} vanished ({how}), the next client was not served"
        )
        assert background.running


@pytest.mark.parametrize("mode", MODES)
def test_shutdown_with_idle_clients_is_prompt_complete_and_frees_the_port(mode: str) -> None:
    threads_before = set(threading.enumerate())
    background = BackgroundServer(SERVERS[mode](HOST, 0), join_timeout=5).start()
    port = background.port
    with connections(port, 4) as (served, *idle):
        served.sendall(b"ping")
        assert recv_exactly(served, 4) == b"ping"  # one client mid-conversation, three idle

        started = time.monotonic()
        background.stop()
        assert time.monotonic() - started < 2.0, "serve_forever() should return promptly"

        assert not background.running
        assert not new_threads(threads_before), "a thread outlived the server"
        for sock in (served, *idle):
            assert is_closed_by_peer(sock, timeout=2), "a client was left connected after shutdown"
    with pytest.raises(ConnectionRefusedError):  # nobody listens on the port any more
        socket.create_connection((HOST, port), timeout=2).close()
    SERVERS[mode](HOST, port).server_close()  # and a new server can bind it again


@pytest.mark.parametrize("mode", MODES)
def test_shutdown_before_serve_forever_makes_it_return_at_once(mode: str) -> None:
    server = SERVERS[mode](HOST, 0)
    server.shutdown()
    server.shutdown()  # twice is harmless
    runner = threading.Thread(target=server.serve_forever)
    runner.start()
    runner.join(2)
    try:
        assert not runner.is_alive(), "serve_forever() ignored an earlier shutdown()"
    finally:
        server.server_close()
        runner.join(2)
