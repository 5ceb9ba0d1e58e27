"""Chapter 05's toolkit against Starlette: the hello route through the whole stack.

Both apps are the same Starlette-style code (one ``Route``, a ``PlainTextResponse``), built
with ``Starlette(...)`` from each package, so every request crosses the full middleware
stack (ServerErrorMiddleware → ExceptionMiddleware → Router → Route → endpoint). Both run
on uvicorn (httptools, asyncio loop): the comparison is the toolkit, not the server. Our
toolkit on our chapter 04 server is measured too, against the same reference.
``python -m benchmarks.ch05_toolkit [--duration 3] [--connections 64]``; target ≥ 1.0×.
``python -m benchmarks.ch05_toolkit stack`` times the two stacks alone, called in-process
without a server (the suite prints that table after its own).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
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

# -- the stack alone, no server: the toolkit's own cost per request -----------------------

SCOPE = {
    "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "scheme": "http",
    "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000), "method": "GET",
    "root_path": "", "path": "/", "raw_path": b"/", "query_string": b"",
    "headers": [(b"host", b"127.0.0.1"), (b"user-agent", b"benchmarks")],
}


async def _call(app: Any, count: int) -> float:
    """Seconds for ``count`` calls of the app with a GET / scope and do-nothing receive/send."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    start = time.perf_counter()
    for _ in range(count):
        await app({**SCOPE, "state": {}}, receive, send)
    return time.perf_counter() - start


def stack_report(count: int = 20_000, rounds: int = 5) -> str:
    """Microseconds per call of each app's whole stack, median of interleaved rounds.

    Through a server, the server's own work dominates and the machine's noise with it;
    called directly, the toolkits are compared alone.
    """
    apps = {"ch05": ours(), "starlette": theirs()}
    times: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(rounds):
        for name, app in apps.items():
            times[name].append(asyncio.run(_call(app, count)) / count * 1e6)
    ours_us, theirs_us = statistics.median(times["ch05"]), statistics.median(times["starlette"])
    return (
        "| stack, called in-process | µs per request | ratio (Starlette's time ÷ ours) |\n|---|---:|---:|\n"
        f"| ch05 | {ours_us:.1f} | {theirs_us / ours_us:.2f}x |\n| starlette | {theirs_us:.1f} | 1.00x |"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["stack"]:
        print(stack_report())
        sys.exit(0)
    code = suite_main("ch05_toolkit", SERVERS, PAIRS, REQUEST, connections=CONNECTIONS)
    if sys.argv[1:2] != ["serve"]:
        print("\n" + stack_report())
    sys.exit(code)
