"""Differential tests: the same apps on real FastAPI and on ours must answer alike.

``diff_apps.py`` is written once, in FastAPI style; :func:`load_apps` loads it as written
and once more with its ``from fastapi``/``from pydantic`` import lines pointed at
``chapters.ch06_framework``. Each request of the table goes to both, through each
framework's own test client, and the status, the body (byte for byte: the full 422
``detail`` list included, ``type``, ``loc``, ``msg``, ``input``, ``ctx``) and the headers that
matter must be equal.
"""

from __future__ import annotations

import re
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient as StarletteTestClient

from chapters.ch06_framework import TestClient

DIFF_APPS = Path(__file__).with_name("diff_apps.py")
FOREIGN_IMPORT = re.compile(r"^from (?:fastapi|pydantic)(?:\.\w+)* import", flags=re.MULTILINE)
COMPARED_HEADERS = (
    "content-type",
    "content-length",
    "allow",
    "location",
    "www-authenticate",
    "x-tea",
    "x-raw",
)


def load_apps(framework: str) -> types.ModuleType:
    """``diff_apps.py`` as written (``"fastapi"``) or with its imports changed (``"ours"``)."""
    source = DIFF_APPS.read_text()
    if framework == "ours":
        source = FOREIGN_IMPORT.sub("from chapters.ch06_framework import", source)
    module = types.ModuleType(f"tests.ch06_framework.diff_apps_{framework}")
    sys.modules[module.__name__] = module  # pydantic resolves a model's annotations through it
    exec(compile(source, str(DIFF_APPS), "exec"), module.__dict__)  # noqa: S102  # our own test file
    return module


def test_only_the_import_lines_differ() -> None:
    original = DIFF_APPS.read_text().splitlines()
    changed = FOREIGN_IMPORT.sub(
        "from chapters.ch06_framework import", DIFF_APPS.read_text()
    ).splitlines()
    differing = [a for a, b in zip(original, changed, strict=True) if a != b]
    assert len(differing) == 4 and all(
        re.match(r"from (fastapi|pydantic)", line) for line in differing
    )


JSON = {"Content-Type": "application/json"}

# (app, method, url, request options)
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # path and query parameters
    ("params", "GET", "/items/42?q=hi&short=yes", {}),
    ("params", "GET", "/items/42?short=maybe", {}),
    ("params", "GET", "/items/abc", {}),
    ("params", "GET", "/items/4.5", {}),
    ("params", "GET", "/search", {}),
    (
        "params",
        "GET",
        "/search?limit=50&tags=1&tags=2&color=blue&level=2&mode=slow&name=abc&item-query=y",
        {},
    ),
    ("params", "GET", "/search?limit=0&tags=1&tags=x&color=green&level=3&mode=medium&name=AB", {}),
    ("params", "GET", "/search?limit=51&name=abcd1", {}),
    ("params", "GET", "/search?limit=&tags=", {}),
    ("params", "GET", "/search?item_query=ignored", {}),
    ("params", "GET", "/files/7/1.5?when=2024-02-29", {}),
    ("params", "GET", "/files/0/x?when=2023-02-29", {}),
    ("params", "GET", "/files/1001/2", {}),
    ("params", "GET", "/required", {}),
    (
        "params",
        "GET",
        "/required?needed=1&uid=12345678-1234-5678-1234-567812345678&when=2024-01-02T03:04:05",
        {},
    ),
    ("params", "GET", "/required?needed=1.0&uid=nope&when=yesterday", {}),
    ("params", "GET", "/headers", {"headers": {"User-Agent": "ua/1"}}),
    (
        "params",
        "GET",
        "/headers",
        {"headers": {"X-Token": "a", "strange_header": "s", "Cookie": "session=abc; count=3"}},
    ),
    ("params", "GET", "/headers", {"headers": {"Cookie": "count=many"}}),
    ("params", "GET", "/request?q=3", {}),
    ("params", "GET", "/request?q=three", {}),
    # bodies
    ("body", "POST", "/items", {"json": {"name": "hammer", "price": 9.5, "tags": ["tools"]}}),
    (
        "body",
        "POST",
        "/items",
        {"json": {"name": "hammer", "price": "9.5", "image": {"url": "u", "width": "3"}}},
    ),
    (
        "body",
        "POST",
        "/items",
        {"json": {"name": "h", "price": 0, "tags": "x", "image": {"width": -1}}},
    ),
    ("body", "POST", "/items", {"json": {}}),
    ("body", "POST", "/items", {"json": [1, 2]}),
    ("body", "POST", "/items", {"json": None}),
    ("body", "POST", "/items", {}),
    ("body", "POST", "/items", {"content": b'{"name": "hammer", "price": 1', "headers": JSON}),
    ("body", "POST", "/items", {"content": b'{"name": "hammer", "price": 1}'}),
    (
        "body",
        "POST",
        "/items",
        {"content": b'{"name": "hammer", "price": 1}', "headers": {"Content-Type": "text/plain"}},
    ),
    (
        "body",
        "POST",
        "/items",
        {
            "content": b'{"name": "hammer", "price": 1}',
            "headers": {"Content-Type": "application/vnd.api+json"},
        },
    ),
    (
        "body",
        "POST",
        "/items/3",
        {
            "json": {
                "item": {"name": "saw", "price": 2},
                "user": {"username": "ann"},
                "importance": 1,
            }
        },
    ),
    ("body", "POST", "/items/x", {"json": {"item": {"name": "saw"}, "importance": 0}}),
    ("body", "POST", "/items/3", {"json": ["not", "an", "object"]}),
    ("body", "POST", "/items/3", {}),
    ("body", "POST", "/embed", {"json": {"item": {"name": "saw", "price": 2}}}),
    ("body", "POST", "/embed", {"json": {"name": "saw", "price": 2}}),
    (
        "body",
        "POST",
        "/many",
        {"json": [{"name": "aa", "price": 1}, {"name": "bb", "price": -1}, {"price": 2}]},
    ),
    ("body", "POST", "/many", {"json": {"name": "aa", "price": 1}}),
    ("body", "POST", "/scalar", {"json": 5}),
    ("body", "POST", "/scalar", {"json": "5"}),
    ("body", "POST", "/scalar", {"json": {"value": 5}}),
    ("body", "POST", "/optional", {}),
    ("body", "POST", "/optional", {"json": {"name": "saw", "price": 2}}),
    ("body", "POST", "/mapping", {"json": {"a": 1, "b": "2.5"}}),
    ("body", "POST", "/mapping", {"json": {"a": "heavy"}}),
    # responses
    ("response", "GET", "/filtered", {}),
    ("response", "GET", "/annotated", {}),
    ("response", "GET", "/subclass", {}),
    ("response", "GET", "/list", {}),
    ("response", "POST", "/created", {}),
    ("response", "DELETE", "/gone", {}),
    ("response", "GET", "/values", {}),
    ("response", "GET", "/text", {}),
    ("response", "GET", "/nothing", {}),
    ("response", "GET", "/raw", {}),
    ("response", "GET", "/teapot", {}),
    ("response", "GET", "/unauthorized", {}),
    ("response", "GET", "/not-modified", {}),
    ("response", "GET", "/missing", {}),
    ("response", "POST", "/filtered", {}),
    ("response", "HEAD", "/filtered", {}),
    # exception handlers
    ("handlers", "GET", "/stock/apples", {}),
    ("handlers", "POST", "/validate?count=x", {"json": {"name": "a", "price": "free"}}),
    ("handlers", "POST", "/validate", {"content": b"[", "headers": JSON}),
    ("handlers", "GET", "/nowhere", {}),
    ("handlers", "DELETE", "/only-get", {}),
    # routers
    ("router", "GET", "/v1/users/", {}),
    ("router", "GET", "/v1/users/?limit=x", {}),
    ("router", "GET", "/v1/users/3", {}),
    ("router", "GET", "/v1/users/11", {}),
    ("router", "PUT", "/v1/users/3", {"json": {"username": "bob", "extra": 1}}),
    ("router", "POST", "/v1/users/3/ping", {}),
    ("router", "DELETE", "/v1/users/3/ping", {}),
    ("router", "GET", "/users/", {}),
]


@pytest.fixture(scope="module")
def clients() -> dict[str, dict[str, Any]]:
    """``clients[framework][app_name]``: one test client per app and framework."""
    theirs, ours = load_apps("fastapi"), load_apps("ours")
    return {
        "fastapi": {name: StarletteTestClient(build()) for name, build in theirs.APPS.items()},
        "ours": {name: TestClient(build()) for name, build in ours.APPS.items()},
    }


def answer(
    client: Any, method: str, url: str, options: dict[str, Any]
) -> tuple[int, dict[str, str], str]:
    """Status, the headers that matter, and the body (as text, so a failure shows a readable diff)."""
    response = client.request(method, url, follow_redirects=False, **options)
    headers = {
        name: response.headers[name] for name in COMPARED_HEADERS if name in response.headers
    }
    if "allow" in headers:  # Starlette joins a set: its order depends on the hash seed
        headers["allow"] = ", ".join(sorted(headers["allow"].split(", ")))
    return response.status_code, headers, response.content.decode("utf-8", "backslashreplace")


@pytest.mark.parametrize(
    ("app", "method", "url", "options"), CASES, ids=[f"{c[0]}:{c[1]} {c[2]}" for c in CASES]
)
def test_same_answer_as_fastapi(
    clients: dict[str, dict[str, Any]], app: str, method: str, url: str, options: dict[str, Any]
) -> None:
    expected = answer(clients["fastapi"][app], method, url, options)
    assert answer(clients["ours"][app], method, url, options) == expected
