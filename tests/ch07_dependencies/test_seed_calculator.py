"""The calculator written for FastAPI (chapter 06's seed file) runs unchanged on chapter 07:
imports swapped, over real sockets on chapter 04's server and on uvicorn, answering as
FastAPI does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.ch04_asgi.servers import SERVERS, TIMEOUT, Running
from tests.ch07_dependencies.loading import load

SEED = Path(__file__).parent.parent / "ch06_framework" / "seed_calculator.py"

CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/calculate", {"json": {"a": 6, "b": 7, "operation": "multiply"}}),
    ("POST", "/calculate", {"json": {"a": 3, "b": 2.5, "operation": "add"}}),
    ("POST", "/calculate", {"json": {"a": 1, "b": 0, "operation": "divide"}}),
    ("POST", "/calculate", {"json": {"a": "one", "operation": "power"}}),
    ("POST", "/calculate", {"data": "a=1&b=2"}),
    ("GET", "/calculate", {}),
    ("GET", "/nowhere", {}),
]


@pytest.fixture(scope="module", params=sorted(SERVERS))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Running, Running]]:
    serve = SERVERS[request.param]
    with serve(load(SEED, "ours").app) as ours, serve(load(SEED, "fastapi").app) as theirs:
        yield ours, theirs


def test_the_seed_runs_on_this_chapter() -> None:
    from chapters.ch07_dependencies import FastAPI

    assert isinstance(load(SEED, "ours").app, FastAPI)


@pytest.mark.parametrize(
    ("method", "path", "options"), CALLS, ids=[f"{m} {p} {o}" for m, p, o in CALLS]
)
def test_same_answers_over_a_socket(
    served: tuple[Running, Running], method: str, path: str, options: dict[str, Any]
) -> None:
    ours, theirs = served
    expected = requests.request(method, theirs.url(path), timeout=TIMEOUT, **options)
    got = requests.request(method, ours.url(path), timeout=TIMEOUT, **options)
    assert (got.status_code, got.content) == (expected.status_code, expected.content)
    assert got.headers.get("content-type") == expected.headers.get("content-type")
