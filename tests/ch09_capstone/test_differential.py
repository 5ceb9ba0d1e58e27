"""One request table, three servings of the capstone source, the same answers.

Ours on our chapter 04 server, ours on uvicorn, and the same source with its imports
swapped on uvicorn + FastAPI + pydantic (the reference). The table runs in order (the
inventory fills and empties as it goes); every row is sent to all three, so the three
databases stay in step even when only some rows are selected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from openapi_spec_validator import validate

from tests.ch04_asgi.servers import TIMEOUT, Running
from tests.ch09_capstone.servings import REFERENCE, SERVINGS, served, slug

ALICE = {"Authorization": "Bearer alice-token"}  # writer
BOB = {"Authorization": "Bearer bob-token"}  # writer
CAROL = {"Authorization": "Bearer carol-token"}  # reader
PEN = {"name": "pen", "price": 1.5, "quantity": 3}

#: (expected status, what it shows, method, path, requests options); the reference must give
#: the expected status, and ours the reference's answer.
TABLE: list[tuple[int, str, str, str, dict[str, Any]]] = [
    (200, "seed", "POST", "/calculate", {"json": {"a": 6, "b": 7, "operation": "multiply"}}),
    (
        400,
        "seed: divide by 0",
        "POST",
        "/calculate",
        {"json": {"a": 1, "b": 0, "operation": "divide"}},
    ),
    (422, "seed: three errors", "POST", "/calculate", {"json": {"a": "one", "operation": "power"}}),
    (405, "seed: GET", "GET", "/calculate", {}),
    (404, "no route", "GET", "/nowhere", {}),
    (200, "empty inventory", "GET", "/items", {}),
    (401, "no token", "POST", "/items", {"json": PEN}),
    (401, "not bearer", "POST", "/items", {"json": PEN, "headers": {"Authorization": "Basic x"}}),
    (
        401,
        "unknown token",
        "POST",
        "/items",
        {"json": PEN, "headers": {"Authorization": "Bearer no"}},
    ),
    (401, "guard before body errors", "POST", "/items", {"json": {"name": ""}}),
    (
        422,
        "bad JSON before guard",
        "POST",
        "/items",
        {"data": b"{", "headers": {"Content-Type": "application/json"}},
    ),
    (403, "reader writes", "POST", "/items", {"json": PEN, "headers": CAROL}),
    (201, "created", "POST", "/items", {"json": PEN, "headers": ALICE}),
    (409, "same name", "POST", "/items", {"json": PEN, "headers": BOB}),
    (
        422,
        "three constraints",
        "POST",
        "/items",
        {"json": {"name": "", "price": 0, "quantity": -1}, "headers": ALICE},
    ),
    (422, "body missing", "POST", "/items", {"headers": ALICE}),
    (422, "body not an object", "POST", "/items", {"json": [PEN], "headers": ALICE}),
    (
        201,
        "lax price",
        "POST",
        "/items",
        {"json": {"name": "ink", "price": "2.25"}, "headers": BOB},
    ),
    (200, "search", "GET", "/items?q=pe", {}),
    (200, "page", "GET", "/items?offset=1&limit=1", {}),
    (422, "two query errors", "GET", "/items?offset=-1&limit=0", {}),
    (422, "query too long", "GET", "/items?q=" + "x" * 51, {}),
    (200, "one item", "GET", "/items/1", {}),
    (422, "path not an int", "GET", "/items/abc", {}),
    (404, "no such item", "GET", "/items/99", {}),
    (200, "me", "GET", "/me", {"headers": CAROL}),
    (401, "me without token", "GET", "/me", {}),
    (403, "not yours", "DELETE", "/items/2", {"headers": ALICE}),
    (403, "reader deletes", "DELETE", "/items/1", {"headers": CAROL}),
    (204, "deleted", "DELETE", "/items/1", {"headers": ALICE}),
    (404, "deleted twice", "DELETE", "/items/1", {"headers": ALICE}),
    (405, "PUT", "PUT", "/items", {"json": PEN, "headers": ALICE}),
    (200, "after", "GET", "/items", {}),
]
#: Pages whose HTML differs on purpose (ours loads its scripts offline, FastAPI's from a CDN).
PAGES = ["/docs", "/redoc"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the three servings keep their databases."""
    return tmp_path_factory.mktemp("capstone")


@pytest.fixture(scope="module")
def servers(folder: Path) -> Iterator[dict[str, Running]]:
    with served(folder) as running:
        yield running


def answer(response: requests.Response) -> tuple[int, str | None, Any]:
    """What must match: the status, the content type and the body (as JSON when it is)."""
    content_type = response.headers.get("content-type")
    body: Any = response.content
    if content_type == "application/json" and body:  # a 204 has none
        body = response.json()
    return response.status_code, content_type, body


def ask(
    servers: dict[str, Running], method: str, path: str, options: dict[str, Any]
) -> dict[str, requests.Response]:
    """Send one request to every serving, the reference last (all in the same order)."""
    return {
        label: requests.request(method, servers[label].url(path), timeout=TIMEOUT, **options)
        for label in SERVINGS
    }


@pytest.mark.parametrize(
    ("status", "shows", "method", "path", "options"),
    TABLE,
    ids=[f"{row[0]} {row[1]}" for row in TABLE],
)
def test_same_answers(
    servers: dict[str, Running],
    status: int,
    shows: str,
    method: str,
    path: str,
    options: dict[str, Any],
) -> None:
    responses = ask(servers, method, path, options)
    expected = answer(responses[REFERENCE])
    assert expected[0] == status, f"FastAPI answered {expected}"
    for label, response in responses.items():
        assert answer(response) == expected, label
        assert response.headers["x-content-type-options"] == "nosniff", label  # the middleware
        if response.status_code == 401:
            assert response.headers["www-authenticate"] == "Bearer", label


def test_the_databases_hold_what_the_answers_said(
    servers: dict[str, Running], folder: Path
) -> None:
    """What each serving answered is what its file holds: the 201s were committed."""
    listed = {
        label: response.json() for label, response in ask(servers, "GET", "/items", {}).items()
    }
    for label in SERVINGS:
        with sqlite3.connect(folder / f"{slug(label)}.db") as connection:
            rows = connection.execute(
                "SELECT items.id, items.name, price, quantity, users.name FROM items"
                " JOIN users ON users.id = owner_id ORDER BY items.id"
            ).fetchall()
        assert [tuple(item.values()) for item in listed[label]] == rows, label
    assert listed["ours on ch04"] == listed["ours on uvicorn"] == listed[REFERENCE]


def test_the_same_openapi_document(servers: dict[str, Running]) -> None:
    documents = {
        label: response.json()
        for label, response in ask(servers, "GET", "/openapi.json", {}).items()
    }
    validate(documents["ours on ch04"])
    assert documents["ours on ch04"]["info"] == {
        "title": "Capstone",
        "description": "The seed calculator and a small inventory on sqlite.",
        "version": "0.1.0",
    }
    for label, document in documents.items():
        assert document == documents[REFERENCE], label


@pytest.mark.parametrize("path", PAGES)
def test_the_docs_pages(servers: dict[str, Running], path: str) -> None:
    for label, response in ask(servers, "GET", path, {}).items():
        assert response.status_code == 200, label
        assert response.headers["content-type"] == "text/html; charset=utf-8", label
        assert "<title>Capstone - " in response.text, label
        assert "/openapi.json" in response.text, label
