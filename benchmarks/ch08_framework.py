"""Chapter 08's framework against FastAPI: the seed calculator's POST, both on uvicorn.

Chapter 06's suite measured the framework before chapters 07 and 08 added to it; this one
measures what the capstone runs: chapter 08's ``FastAPI`` (chapter 07's dependency solver
on every request, the docs routes ahead of ``/calculate`` in the router, as FastAPI has
them too). The app is chapter 06's ``calculator(names)``, built once with chapter 08's
names and once with FastAPI's and pydantic's, on uvicorn (httptools, asyncio loop), so the
comparison is the framework alone. Target: ≥ 1.3× FastAPI.
``python -m benchmarks.ch08_framework [--duration 3] [--connections 64]``.
"""

import sys
from types import SimpleNamespace
from typing import Any

from benchmarks.ch04_asgi import uvicorn_with
from benchmarks.ch06_framework import CONNECTIONS, REQUEST, calculator, theirs
from benchmarks.harness import Starter, suite_main

__all__ = ["CONNECTIONS", "PAIRS", "REQUEST", "SERVERS", "ours"]


def ours() -> Any:
    """The calculator on chapter 08's framework: what the capstone app is built with."""
    from chapters.ch08_openapi import BaseModel, FastAPI

    return calculator(SimpleNamespace(FastAPI=FastAPI, BaseModel=BaseModel))


SERVERS: dict[str, Starter] = {
    "ch08 on uvicorn": uvicorn_with("httptools", ours),
    "fastapi on uvicorn": uvicorn_with("httptools", theirs),
}
PAIRS: list[tuple[str, str]] = [("ch08 on uvicorn", "fastapi on uvicorn")]

if __name__ == "__main__":
    sys.exit(suite_main("ch08_framework", SERVERS, PAIRS, REQUEST, connections=CONNECTIONS))
