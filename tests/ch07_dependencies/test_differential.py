"""Differential tests: the apps of ``diff_apps.py`` on real FastAPI and on ours answer alike.

Each request of the table goes to both, through each framework's own test client; the
status, the body (byte for byte, full 422 lists included) and the headers that matter must
be equal. The apps' ``GET /log`` answers are in the table too, so *when* and *how often*
each dependency ran — cache, teardown order, exceptions seen at ``yield`` — is compared as
well, and the sqlite app shows the same rows after a failed (rolled back) request.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient as StarletteTestClient

from chapters.ch07_dependencies import TestClient
from tests.ch07_dependencies.loading import FOREIGN_IMPORT, load, swap_imports

DIFF_APPS = Path(__file__).with_name("diff_apps.py")
COMPARED_HEADERS = ("content-type", "content-length", "www-authenticate")
JSON = {"Content-Type": "application/json"}


def test_only_the_import_lines_differ() -> None:
    original = DIFF_APPS.read_text().splitlines()
    changed = swap_imports(DIFF_APPS.read_text()).splitlines()
    differing = [a for a, b in zip(original, changed, strict=True) if a != b]
    assert len(differing) == 3 and all(FOREIGN_IMPORT.match(line) for line in differing)


# (app, method, url, request options); the order matters: /log reads what came before.
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # parameters of dependencies, in the same 422 list as the endpoint's
    ("params", "GET", "/items?q=a&skip=1&limit=5", {}),
    ("params", "GET", "/items?skip=x&limit=101", {}),
    ("params", "GET", "/users?limit=7", {}),
    ("params", "GET", "/class?q=c&limit=2", {}),
    ("params", "GET", "/class?skip=-", {}),
    ("params", "GET", "/class-default?skip=3", {}),
    ("params", "GET", "/sub?q=from-query", {}),
    ("params", "GET", "/sub", {"headers": {"Cookie": "last_query=from-cookie"}}),
    ("params", "GET", "/sub", {}),
    ("params", "GET", "/checker?q=foobar", {"headers": {"X-Probe": "21"}}),
    ("params", "GET", "/checker?q=foo", {"headers": {"X-Probe": "many"}}),
    ("params", "GET", "/items/3?q=1&z=2", {"headers": {"X-Key": "k"}}),
    ("params", "GET", "/items/0?q=x&z=-1", {}),
    ("params", "GET", "/items/abc", {}),
    ("params", "POST", "/body", {"json": {"name": "saw", "price": 2}}),
    ("params", "POST", "/body", {"json": {"name": "s", "price": 0}}),
    ("params", "POST", "/body", {}),
    (
        "params",
        "POST",
        "/body-embed",
        {"json": {"item": {"name": "saw", "price": 2}, "importance": 1}},
    ),
    ("params", "POST", "/body-embed", {"json": {"name": "saw", "price": 2}}),
    ("params", "POST", "/body-shared", {"json": {"name": "saw", "price": 2}}),
    ("params", "POST", "/body-shared", {"content": b'{"name": ', "headers": JSON}),
    # the cache
    ("cache", "GET", "/cached", {}),
    ("cache", "GET", "/log", {}),
    ("cache", "GET", "/uncached", {}),
    ("cache", "GET", "/log", {}),
    ("cache", "GET", "/partly-invalid", {}),
    ("cache", "GET", "/log", {}),
    ("cache", "GET", "/partly-invalid?n=4&own=5", {}),
    ("cache", "GET", "/log", {}),
    # yield
    ("yield", "GET", "/ok", {}),
    ("yield", "GET", "/log", {}),
    ("yield", "GET", "/http-error", {}),
    ("yield", "GET", "/log", {}),
    ("yield", "GET", "/own-error", {}),
    ("yield", "GET", "/log", {}),
    ("yield", "GET", "/refused", {}),
    ("yield", "GET", "/log", {}),
    ("yield", "GET", "/scoped", {}),
    ("yield", "GET", "/log", {}),
    ("yield", "GET", "/scoped?fail=true", {}),
    ("yield", "GET", "/log", {}),
    ("yield", "GET", "/invalid?n=x", {}),
    ("yield", "GET", "/log", {}),
    # guards
    ("guards", "GET", "/r/x", {}),
    ("guards", "GET", "/log", {}),
    ("guards", "GET", "/protected", {}),
    ("guards", "GET", "/protected?limit=x", {"headers": {"X-Token": "secret"}}),
    ("guards", "GET", "/protected", {"headers": {"X-Token": "wrong", "X-Key": "key"}}),
    ("guards", "GET", "/protected", {"headers": {"X-Token": "secret", "X-Key": "wrong"}}),
    ("guards", "GET", "/protected?limit=3", {"headers": {"X-Token": "secret", "X-Key": "key"}}),
    ("guards", "GET", "/log", {}),
    # a real database, through an override
    ("sqlite", "POST", "/notes", {"json": ["milk", "eggs"]}),
    ("sqlite", "POST", "/notes", {"json": ["bread", "milk"]}),  # rolled back: no bread
    ("sqlite", "GET", "/notes", {}),
    ("sqlite", "POST", "/notes", {"json": "not a list"}),
    ("sqlite", "GET", "/notes", {}),
]


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """``clients[framework][app_name]``; each sqlite app gets a file of its own."""
    found: dict[str, dict[str, Any]] = {}
    for framework, client_class in (("fastapi", StarletteTestClient), ("ours", TestClient)):
        module = load(DIFF_APPS, framework)
        apps = {name: build() for name, build in module.APPS.items()}
        database = str(tmp_path_factory.mktemp(framework) / "notes.db")
        apps["sqlite"].dependency_overrides[module.get_path] = lambda path=database: path
        found[framework] = {name: client_class(app) for name, app in apps.items()}
    yield found


def answer(
    client: Any, method: str, url: str, options: dict[str, Any]
) -> tuple[int, dict[str, str], str]:
    """Status, the headers that matter, and the body (as text, for a readable diff)."""
    response = client.request(method, url, follow_redirects=False, **options)
    headers = {
        name: response.headers[name] for name in COMPARED_HEADERS if name in response.headers
    }
    return response.status_code, headers, response.content.decode("utf-8", "backslashreplace")


def test_same_answers_as_fastapi(clients: dict[str, dict[str, Any]]) -> None:
    """One test for the whole table: its requests depend on the ones before (``/log``)."""
    for app, method, url, options in CASES:
        expected = answer(clients["fastapi"][app], method, url, options)
        got = answer(clients["ours"][app], method, url, options)
        assert got == expected, f"{app}: {method} {url} {options}"


def test_the_table_checks_what_it_claims(clients: dict[str, dict[str, Any]]) -> None:
    """A few of the answers compared above, spelled out: they are not all 500s or 404s."""
    ours = clients["ours"]
    assert ours["cache"].get("/cached").json() == {"a": 1, "b": 1, "c": 1}
    assert ours["cache"].get("/log").json() == ["counted", "uses_counted"]
    ours["yield"].get("/http-error")
    assert ours["yield"].get("/log").json() == [
        "sync setup",
        "async setup",
        "endpoint",
        "async teardown",
        "sync saw 409",
        "sync teardown",
    ]
