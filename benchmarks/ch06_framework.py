"""Chapter 06's framework against FastAPI: the seed calculator's POST, validated both ways.

The same FastAPI-style source (the seed ``CalculateIn`` model, a ``response_model``) is built
once with our names and once with FastAPI's and pydantic's, and both run on uvicorn
(httptools, asyncio loop), so the comparison is the framework: parsing the JSON body,
validating it into the model, calling the endpoint, validating and serialising the result.
Our framework on our chapter 04 server is measured against the same reference.
``python -m benchmarks.ch06_framework [--duration 3] [--connections 64]``; target ≥ 1.3×.
``python -m benchmarks.ch06_framework stack`` times the two frameworks alone, in-process.
"""

# No ``from __future__ import annotations`` here: the models are defined inside a function,
# and a framework reading string annotations could not resolve their names.
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from enum import Enum
from types import SimpleNamespace
from typing import Any, Union

from benchmarks.ch04_asgi import KEEP_ALIVE, uvicorn_with
from benchmarks.harness import Starter, suite_main

CONNECTIONS = 64
BODY = json.dumps({"a": 6, "b": 7, "operation": "multiply"}).encode()
REQUEST = (
    b"POST /calculate HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: benchmarks\r\n"
    b"Content-Type: application/json\r\nContent-Length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)


def calculator(names: Any) -> Any:
    """The seed example; ``names`` holds ``FastAPI`` and ``BaseModel`` from one framework."""
    app = names.FastAPI()

    class CalculatorOperation(str, Enum):
        add = "add"
        subtract = "subtract"
        multiply = "multiply"
        divide = "divide"

    class CalculateIn(names.BaseModel):
        a: Union[int, float]  # noqa: UP007 — the seed example, verbatim
        b: Union[int, float]  # noqa: UP007
        operation: CalculatorOperation

    @app.post("/calculate", response_model=Union[int, float])  # noqa: UP007
    def calculate(i: CalculateIn) -> Union[int, float]:  # noqa: UP007
        if i.operation == CalculatorOperation.add:
            return i.a + i.b
        if i.operation == CalculatorOperation.subtract:
            return i.a - i.b
        if i.operation == CalculatorOperation.multiply:
            return i.a * i.b
        return i.a / i.b

    return app


def ours() -> Any:
    from chapters.ch06_framework import BaseModel, FastAPI

    return calculator(SimpleNamespace(FastAPI=FastAPI, BaseModel=BaseModel))


def theirs() -> Any:
    from fastapi import FastAPI
    from pydantic import BaseModel

    return calculator(SimpleNamespace(FastAPI=FastAPI, BaseModel=BaseModel))


def ours_on_ch04() -> tuple[int, Callable[[], None]]:
    from chapters.ch04_asgi import Server

    server = Server(
        ours(), "127.0.0.1", 0, access_log=False, lifespan="off", timeout_keep_alive=KEEP_ALIVE
    )
    return server.port, server.serve_forever


SERVERS: dict[str, Starter] = {
    "ch06 on uvicorn": uvicorn_with("httptools", ours),
    "fastapi on uvicorn": uvicorn_with("httptools", theirs),
    "ch06 on ch04": ours_on_ch04,
}
PAIRS = [("ch06 on uvicorn", "fastapi on uvicorn"), ("ch06 on ch04", "fastapi on uvicorn")]

# -- the frameworks alone, no server -------------------------------------------------------

SCOPE = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "scheme": "http",
    "server": ("127.0.0.1", 8000),
    "client": ("127.0.0.1", 50000),
    "method": "POST",
    "root_path": "",
    "path": "/calculate",
    "raw_path": b"/calculate",
    "query_string": b"",
    "headers": [
        (b"host", b"127.0.0.1"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(BODY)).encode()),
    ],
}


async def _call(app: Any, count: int) -> float:
    """Seconds for ``count`` calls of the app with the calculator POST, checking the answer."""
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    start = time.perf_counter()
    for _ in range(count):
        await app({**SCOPE, "state": {}}, receive, send)
    elapsed = time.perf_counter() - start
    if set(statuses) != {200}:
        raise RuntimeError(f"the calculator answered {sorted(set(statuses))}, not 200")
    return elapsed


def stack_report(count: int = 5_000, rounds: int = 5) -> str:
    """Microseconds per request of each framework called directly, median of interleaved rounds."""
    apps = {"ch06": ours(), "fastapi": theirs()}
    times: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(rounds):
        for name, app in apps.items():
            times[name].append(asyncio.run(_call(app, count)) / count * 1e6)
    ours_us, theirs_us = statistics.median(times["ch06"]), statistics.median(times["fastapi"])
    return (
        "| framework, called in-process | µs per request | ratio (FastAPI's time ÷ ours) |\n|---|---:|---:|\n"
        f"| ch06 | {ours_us:.1f} | {theirs_us / ours_us:.2f}x |\n| fastapi | {theirs_us:.1f} | 1.00x |"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["stack"]:
        print(stack_report())
        sys.exit(0)
    code = suite_main("ch06_framework", SERVERS, PAIRS, REQUEST, connections=CONNECTIONS)
    if sys.argv[1:2] != ["serve"]:
        print("\n" + stack_report())
    sys.exit(code)
