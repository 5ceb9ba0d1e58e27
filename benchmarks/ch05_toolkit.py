"""Chapter 05's toolkit against Starlette: the hello route through the whole stack.

Both apps are the same Starlette-style code (one ``Route``, a ``PlainTextResponse``), built
with ``Starlette(...)`` from each package, so every request crosses the full middleware
stack (ServerErrorMiddleware → ExceptionMiddleware → Router → Route → endpoint). Both run
on uvicorn (httptools, asyncio loop): the comparison is the toolkit, not the server. Our
toolkit on our chapter 04 server is measured too, against the same reference.
``python -m benchmarks.ch05_toolkit [--duration 3] [--connections 64]``; target ≥ 1.0×.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from benchmarks.ch04_asgi import KEEP_ALIVE, REQUEST, uvicorn_with
from benchmarks.harness import Starter, suite_main

CONNECTIONS = 64


def ours() -> Any:
    from chapters.ch05_toolkit import PlainTextResponse, Request, Route, Starlette

    async def homepage(request: Request) -> PlainTextResponse:
        return PlainTextResponse("Hello, world!")

    return Starlette(routes=[Route("/", homepage)])


def theirs() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def homepage(request: Request) -> PlainTextResponse:
        return PlainTextResponse("Hello, world!")

    return Starlette(routes=[Route("/", homepage)])


def ours_on_ch04() -> tuple[int, Callable[[], None]]:
    from chapters.ch04_asgi import Server

    server = Server(ours(), "127.0.0.1", 0, access_log=False, lifespan="off", timeout_keep_alive=KEEP_ALIVE)
    return server.port, server.serve_forever


SERVERS: dict[str, Starter] = {
    "ch05 on uvicorn": uvicorn_with("httptools", ours),
    "starlette on uvicorn": uvicorn_with("httptools", theirs),
    "ch05 on ch04": ours_on_ch04,
}
PAIRS = [("ch05 on uvicorn", "starlette on uvicorn"), ("ch05 on ch04", "starlette on uvicorn")]

if __name__ == "__main__":
    sys.exit(suite_main("ch05_toolkit", SERVERS, PAIRS, REQUEST, connections=CONNECTIONS))
