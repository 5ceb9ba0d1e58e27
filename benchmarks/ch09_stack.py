"""The whole stack against the real one: our framework on our server vs FastAPI on uvicorn.

Every layer of ours at once — chapter 04's server with chapter 02's parser, chapter 05's
middleware and router, chapter 07's solver, chapter 06's models, chapter 08's application —
answering the seed calculator's ``POST /calculate`` (chapter 06's suite's request), against
FastAPI + pydantic on uvicorn, once with ``--http h11`` (uvicorn's pure-Python parser, as
ours is pure Python) and once with ``--http httptools`` (its C parser, the default when
installed). Both sides on the asyncio loop, access log and lifespan off.
Target: ≥ 2× uvicorn-h11 + FastAPI. ``python -m benchmarks.ch09_stack [--duration 3]``.
"""

import sys
from collections.abc import Callable

from benchmarks.ch04_asgi import KEEP_ALIVE, uvicorn_with
from benchmarks.ch06_framework import CONNECTIONS, REQUEST, theirs
from benchmarks.ch08_framework import ours
from benchmarks.harness import Starter, suite_main

__all__ = ["CONNECTIONS", "PAIRS", "REQUEST", "SERVERS"]


def ours_on_ch04() -> tuple[int, Callable[[], None]]:
    from chapters.ch04_asgi import Server

    server = Server(
        ours(), "127.0.0.1", 0, access_log=False, lifespan="off", timeout_keep_alive=KEEP_ALIVE
    )
    return server.port, server.serve_forever


SERVERS: dict[str, Starter] = {
    "ch08 on ch04": ours_on_ch04,
    "fastapi on uvicorn-h11": uvicorn_with("h11", theirs),
    "fastapi on uvicorn-httptools": uvicorn_with("httptools", theirs),
}
PAIRS: list[tuple[str, str]] = [
    ("ch08 on ch04", "fastapi on uvicorn-h11"),
    ("ch08 on ch04", "fastapi on uvicorn-httptools"),
]

if __name__ == "__main__":
    sys.exit(suite_main("ch09_stack", SERVERS, PAIRS, REQUEST, connections=CONNECTIONS))
