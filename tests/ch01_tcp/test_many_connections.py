"""1,000 connections open at once on the selectors server, all on 127.0.0.1.

One thread serves them all: that is the point of step 3. The test needs about two file
descriptors per connection (the client's end and the server's end) in this one process,
so it raises the soft RLIMIT_NOFILE toward the hard limit if needed, and restores it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest

from chapters.ch01_tcp import SelectorEchoServer
from chapters.support import BackgroundServer
from tests.ch01_tcp.helpers import connections, recv_exactly

CONNECTIONS = 1000


@pytest.fixture
def enough_file_descriptors() -> Iterator[None]:
    if sys.platform == "win32":
        yield  # no RLIMIT_NOFILE; Windows sockets are not limited this way
        return
    import resource

    needed = 2 * CONNECTIONS + 200
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        yield
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        pytest.skip(f"needs {needed} file descriptors, the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.timeout(60)
@pytest.mark.usefixtures("enough_file_descriptors")
def test_selectors_server_serves_1000_concurrent_connections(
    serve: Callable[[type], BackgroundServer],
) -> None:
    server = serve(SelectorEchoServer)
    with connections(server.port, CONNECTIONS, timeout=10) as socks:  # all open at once
        messages = [f"client {i:04d}\n".encode() for i in range(CONNECTIONS)]
        for sock, message in zip(socks, messages):
            sock.sendall(message)  # everyone talks before anyone listens
        for i, (sock, message) in enumerate(zip(socks, messages)):
            assert recv_exactly(sock, len(message), timeout=10) == message, f"connection {i}"
