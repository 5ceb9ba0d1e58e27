"""Fixtures for the chapter 01 tests (they use only the chapter's public API)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from chapters.ch01_tcp import TCPServer
from chapters.support import BackgroundServer
from tests.ch01_tcp.helpers import HOST


@pytest.fixture
def serve() -> Iterator[Callable[[type[TCPServer]], BackgroundServer]]:
    """Start a server class on a free port in the background; stop it after the test.

    ``BackgroundServer.stop()`` raises if the server thread does not end, so every test
    also checks that its server shut down cleanly.
    """
    started: list[BackgroundServer] = []

    def start(server_class: type[TCPServer]) -> BackgroundServer:
        background = BackgroundServer(server_class(HOST, 0), join_timeout=5.0).start()
        started.append(background)
        return background

    yield start
    for background in started:
        background.stop()
