"""The calculator, as written for FastAPI, runs on our framework with only its imports changed:
over a real socket on chapter 04's server and on uvicorn, answering as FastAPI does."""

from __future__ import annotations

import ast
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from chapters.ch06_framework import demo
from tests.ch04_asgi.servers import SERVERS, TIMEOUT, Running

SEED = Path(__file__).with_name("seed_calculator.py")
FOREIGN_IMPORT = re.compile(r"^from (?:fastapi|pydantic)(?:\.\w+)* import", flags=re.MULTILINE)


def load_seed(framework: str) -> types.ModuleType:
    """The calculator as written (``"fastapi"``) or with its imports changed (``"ours"``)."""
    source = SEED.read_text()
    if framework == "ours":
        source = FOREIGN_IMPORT.sub("from chapters.ch06_framework import", source)
    module = types.ModuleType(f"tests.ch06_framework.seed_{framework}")
    sys.modules[module.__name__] = module
    exec(compile(source, str(SEED), "exec"), module.__dict__)  # noqa: S102  # our own test file
    return module


def imported_names(source: str) -> set[tuple[str, str]]:
    """``(module, name)`` for every ``from module import name`` of a module's source."""
    return {
        (node.module or "", alias.name)
        for node in ast.parse(source).body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_the_demo_holds_the_calculator_verbatim_but_for_imports() -> None:
    seed = FOREIGN_IMPORT.sub("from chapters.ch06_framework import", SEED.read_text())
    demo_source = Path(demo.__file__).read_text()
    assert (
        seed[seed.index("\napp = FastAPI") :].strip() in demo_source
    )  # every line after the imports
    assert imported_names(seed) <= imported_names(demo_source)


CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/calculate", {"json": {"a": 6, "b": 7, "operation": "multiply"}}),
    ("POST", "/calculate", {"json": {"a": 3, "b": 2.5, "operation": "add"}}),  # int + float
    ("POST", "/calculate", {"json": {"a": "1.5", "b": 2, "operation": "subtract"}}),  # lax str
    ("POST", "/calculate", {"json": {"a": 1, "b": 0, "operation": "divide"}}),  # 400
    ("POST", "/calculate", {"json": {"a": 1, "b": 4, "operation": "divide"}}),
    ("POST", "/calculate", {"json": {"a": 7, "b": 2}}),  # operation missing
    ("POST", "/calculate", {"json": {"a": "one", "operation": "power"}}),  # three errors
    ("POST", "/calculate", {"json": [1, 2]}),
    ("POST", "/calculate", {"data": "a=1&b=2"}),  # not JSON
    ("POST", "/calculate", {"data": b'{"a": 1', "headers": {"Content-Type": "application/json"}}),
    ("GET", "/calculate", {}),
    ("GET", "/nowhere", {}),
]


@pytest.fixture(scope="module", params=sorted(SERVERS))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Running, Running]]:
    """Ours and real FastAPI, both on the same kind of server (chapter 04's or uvicorn)."""
    serve = SERVERS[request.param]
    with serve(load_seed("ours").app) as ours, serve(load_seed("fastapi").app) as theirs:
        yield ours, theirs


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


def test_the_calculator_computes(served: tuple[Running, Running]) -> None:
    ours, _ = served
    with requests.Session() as session:  # keep-alive: several requests on one connection
        results = [
            session.post(
                ours.url("/calculate"), json={"a": 8, "b": 2, "operation": op}, timeout=TIMEOUT
            ).json()
            for op in ("add", "subtract", "multiply", "divide")
        ]
    assert results == [10, 6, 16, 4.0]
    assert [type(result) for result in results] == [int, int, int, float]  # Union[int, float]
