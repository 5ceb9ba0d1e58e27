"""The notes demo on sqlite: guards, pagination, commits and rollbacks seen in the database file.

Every test points the app at a fresh file under ``tmp_path`` with
``app.dependency_overrides[get_database]``, the way a FastAPI project points its tests at a
test database; the real ``get_db`` (commit or roll back) still runs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from chapters.ch07_dependencies import TestClient
from chapters.ch07_dependencies.database import Database
from chapters.ch07_dependencies.demo import app, get_database
from tests.ch04_asgi.servers import TIMEOUT, running_ours

ALICE = {"Authorization": "Bearer alice-token"}
BOB = {"Authorization": "Bearer bob-token"}
CAROL = {"Authorization": "Bearer carol-token"}  # a reader


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    test_database = Database(tmp_path / "notes.db")
    app.dependency_overrides[get_database] = lambda: test_database
    yield test_database
    app.dependency_overrides.clear()


@pytest.fixture
def client(database: Database) -> TestClient:
    return TestClient(app)


def stored_titles(database: Database) -> list[str]:
    """What the file holds, read with a connection of our own."""
    with sqlite3.connect(database.path) as connection:
        return [row[0] for row in connection.execute("SELECT title FROM notes ORDER BY id")]


def test_the_override_points_the_app_at_the_test_file(
    client: TestClient, database: Database
) -> None:
    created = client.post("/notes", json={"title": "milk", "body": "2 l"}, headers=ALICE)
    assert (created.status_code, created.json()) == (
        201,
        {"id": 1, "title": "milk", "body": "2 l", "owner": "alice"},
    )
    assert stored_titles(database) == ["milk"]  # committed, in the temporary file


def test_no_token_is_401_with_a_challenge(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer nobody"}, {"Authorization": "Basic abc"}):
        response = client.get("/notes", headers=headers)
        assert (response.status_code, response.json()) == (401, {"detail": "Not authenticated"})
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_reader_may_read_but_writing_is_403(client: TestClient, database: Database) -> None:
    assert client.get("/notes", headers=CAROL).json() == []
    refused = client.post("/notes", json={"title": "x"}, headers=CAROL)
    assert (refused.status_code, refused.json()) == (403, {"detail": "Only a writer may do this"})
    assert stored_titles(database) == []


def test_someone_elses_note_is_403(client: TestClient) -> None:
    note = client.post("/notes", json={"title": "secret"}, headers=ALICE).json()
    response = client.get(f"/notes/{note['id']}", headers=BOB)
    assert (response.status_code, response.json()["detail"]) == (403, "Note 1 is not yours")
    assert client.get(f"/notes/{note['id']}", headers=ALICE).json()["title"] == "secret"
    assert client.get("/notes/99", headers=ALICE).status_code == 404


def test_a_failed_batch_is_rolled_back(client: TestClient, database: Database) -> None:
    client.post("/notes", json={"title": "milk"}, headers=ALICE)
    batch = [{"title": "bread"}, {"title": "eggs"}, {"title": "milk"}]  # milk: a duplicate
    response = client.post("/notes/batch", json=batch, headers=ALICE)
    assert response.status_code == 409
    assert "UNIQUE constraint failed" in response.json()["detail"]
    assert stored_titles(database) == ["milk"]  # bread and eggs were inserted, then undone
    assert client.post("/notes/batch", json=batch[:2], headers=ALICE).status_code == 201
    assert stored_titles(database) == ["milk", "bread", "eggs"]


def test_titles_are_per_user_and_delete_only_removes_ones_own(
    client: TestClient, database: Database
) -> None:
    client.post("/notes", json={"title": "todo"}, headers=ALICE)
    assert client.post("/notes", json={"title": "todo"}, headers=BOB).status_code == 201
    assert client.delete("/notes/1", headers=BOB).status_code == 404  # not bob's
    assert client.delete("/notes/1", headers=ALICE).status_code == 204
    assert [n["owner"] for n in client.get("/notes", headers=BOB).json()] == ["bob"]
    assert stored_titles(database) == ["todo"]


def test_pagination_is_shared_and_validated(client: TestClient) -> None:
    for title in "abcde":
        client.post("/notes", json={"title": title}, headers=ALICE)
    page = client.get("/notes?offset=1&limit=2", headers=ALICE).json()
    assert [note["title"] for note in page] == ["b", "c"]
    assert client.get("/users?offset=1&limit=1").json() == ["bob"]
    invalid = client.get("/notes?offset=-1&limit=101&q=x", headers=ALICE)
    assert invalid.status_code == 422
    assert [(e["loc"], e["type"]) for e in invalid.json()["detail"]] == [
        (["query", "offset"], "greater_than_equal"),
        (["query", "limit"], "less_than_equal"),
    ]


def test_an_invalid_body_is_422_and_nothing_is_written(
    client: TestClient, database: Database
) -> None:
    response = client.post("/notes", json={"title": ""}, headers=ALICE)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "title"]
    assert stored_titles(database) == []


def test_the_demo_over_a_real_socket(database: Database) -> None:
    """Chapter 04's server, ``requests`` as the client; a new connection per request."""
    with running_ours(app) as server:
        created = requests.post(
            server.url("/notes"), json={"title": "socket"}, headers=ALICE, timeout=TIMEOUT
        )
        assert created.status_code == 201
        # committed before the 201 was sent (scope="function"): visible at once, elsewhere
        listed = requests.get(server.url("/notes"), headers=ALICE, timeout=TIMEOUT)
        assert [note["title"] for note in listed.json()] == ["socket"]
        refused = requests.get(server.url("/notes"), timeout=TIMEOUT)
        assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    assert stored_titles(database) == ["socket"]


def test_one_connection_and_one_user_per_request(database: Database) -> None:
    """Five arrows of ``POST /notes``'s graph lead to ``get_db``/``current_user``: one call each."""
    opened: list[Database] = []

    def counting_database() -> Database:
        opened.append(database)
        return database

    app.dependency_overrides[get_database] = counting_database
    client = TestClient(app)
    assert client.post("/notes", json={"title": "once"}, headers=ALICE).status_code == 201
    assert client.get("/notes", headers=ALICE).status_code == 200
    assert len(opened) == 2  # one per request
