"""Run an ASGI app on our server or on uvicorn, the same way, for differential tests.

Both run in a background thread on a free port of 127.0.0.1 and are stopped (thread joined,
socket closed) when the ``with`` block ends. The listening socket is bound before the
server's thread starts, so a client may connect at once: the kernel queues the connection
until the server accepts it. Options with the same name in both (``lifespan``,
``timeout_keep_alive``, ``root_path``, ``timeout_graceful_shutdown``) are passed through.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn

from chapters.ch04_asgi import ASGIApp, Server
from chapters.support import serve_in_background

HOST = "127.0.0.1"
TIMEOUT = 5.0


@dataclass
class Running:
    """What a test needs of a running server: its name and port."""

    name: str
    port: int

    def url(self, path: str = "/") -> str:
        return f"http://{HOST}:{self.port}{path}"


@contextmanager
def running(app: ASGIApp, **options: Any) -> Iterator[Server]:
    """Our :class:`Server` for ``app``, in a background thread."""
    options.setdefault("access_log", False)
    with serve_in_background(Server(app, HOST, 0, **options)) as server:
        yield server


@contextmanager
def running_ours(app: ASGIApp, **options: Any) -> Iterator[Running]:
    with running(app, **options) as server:
        yield Running("ch04", server.port)


@contextmanager
def running_uvicorn(app: ASGIApp, **options: Any) -> Iterator[Running]:
    """uvicorn itself, as the reference: the same app must give the same answers."""
    # proto=IPPROTO_TCP: only then does asyncio set TCP_NODELAY on accepted connections
    # (else uvicorn's separate head and body writes wait ~40 ms for a delayed ACK each).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    sock.listen(2048)
    config = uvicorn.Config(app, log_level="warning", access_log=False, proxy_headers=False, **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="uvicorn", daemon=True)
    thread.start()
    try:
        yield Running("uvicorn", sock.getsockname()[1])
    finally:
        server.should_exit = True  # uvicorn looks at it every 0.1 s
        thread.join(TIMEOUT * 2)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop"


ServeFn = Callable[..., AbstractContextManager[Running]]
SERVERS: dict[str, ServeFn] = {"ch04": running_ours, "uvicorn": running_uvicorn}


def wait_until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes (for state with no event to wait on)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
