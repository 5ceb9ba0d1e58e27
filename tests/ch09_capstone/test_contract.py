"""Chapter 09's contract: the capstone's behaviour, asked of a learner's own ``app``.

Run against the reference (``chapters/ch09_capstone/main.py``) by default, and against yours
with ``pytest tests/ch09_capstone --impl my_capstone`` (see README.md, "Build it yourself:
the contract"). Your module builds the capstone's API its own way, on this tutorial's
framework or on FastAPI, and defines ``app`` and ``get_database``. Each test points the app
at a new, empty sqlite inventory (``app.dependency_overrides[get_database]``), sends its
requests to the app as an ASGI app (no server), and checks what came back; a failure shows
each request sent and what came back. The last test runs the same contract tests on the
capstone's own source with its imports swapped for FastAPI's and pydantic's.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from chapters.ch09_capstone import main as capstone
from chapters.ch09_capstone.storage import Inventory
from tests.workshop import ASGIReply, Transcript

pytestmark = pytest.mark.timeout(15)

ALICE, BOB, CAROL = "alice-token", "bob-token", "carol-token"  # writers alice and bob
PEN = {"name": "pen", "price": 1.5, "quantity": 3}


@pytest.fixture
def app(impl: ModuleType, transcript: Transcript, tmp_path: Path) -> Iterator[Any]:
    """The learner's ``app``, on a new, empty inventory for this test alone."""
    database = Inventory(tmp_path / "shop.db")
    transcript.note(
        f"app.dependency_overrides[get_database] = lambda: Inventory({database.path.name!r})"
        " (a new inventory: no items; users alice and bob write, carol reads)"
    )
    overrides = impl.app.dependency_overrides
    overrides[impl.get_database] = lambda: database
    yield impl.app
    overrides.pop(impl.get_database, None)


def send(
    transcript: Transcript,
    app: Any,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
) -> ASGIReply:
    """One request; ``token`` goes in ``Authorization: Bearer``, ``body`` as JSON."""
    headers = [] if token is None else [(b"authorization", f"Bearer {token}".encode())]
    content = b"" if body is None else json.dumps(body).encode()
    if content:
        headers.append((b"content-type", b"application/json"))
    return transcript.asgi(app, method, path, headers=headers, body=content)


def answer(reply: ASGIReply) -> tuple[int | None, Any]:
    """The status and the JSON body (``None`` for an empty one)."""
    if not reply.body:
        return reply.status, None
    try:
        return reply.status, json.loads(reply.body)
    except ValueError:
        pytest.fail(f"the body is not JSON: {reply.body!r}", pytrace=False)


def refused(reply: ASGIReply, status: int) -> None:
    """A refusal: ``status``, and ``{"detail": "<why, in words>"}``."""
    code, data = answer(reply)
    assert code == status
    assert isinstance(data, dict) and isinstance(data.get("detail"), str), (
        'a refusal says why: {"detail": "..."}'
    )


def invalid(reply: ASGIReply) -> list[Any]:
    """The ``loc`` of each error of a 422."""
    status, data = answer(reply)
    assert status == 422
    assert isinstance(data, dict) and isinstance(data.get("detail"), list), (
        'a 422 is {"detail": [{"loc": [...], "msg": ..., "type": ...}, ...]}'
    )
    return [error.get("loc") for error in data["detail"]]


def add(transcript: Transcript, app: Any, item: dict[str, Any], token: str = ALICE) -> Any:
    reply = send(transcript, app, "POST", "/items", token=token, body=item)
    status, data = answer(reply)
    assert status == 201, "a writer adds an item: 201"
    return data


# -- the seed calculator ----------------------------------------------------------------------


def test_the_calculator_computes(app: Any, transcript: Transcript) -> None:
    for body, result in [
        ({"a": 6, "b": 7, "operation": "multiply"}, 42),
        ({"a": 7, "b": 2, "operation": "divide"}, 3.5),
        ({"a": "1.5", "b": 1, "operation": "add"}, 2.5),
    ]:
        reply = send(transcript, app, "POST", "/calculate", body=body)
        assert answer(reply) == (200, result), "the answer is the bare number"
    refused(
        send(transcript, app, "POST", "/calculate", body={"a": 1, "b": 0, "operation": "divide"}),
        400,
    )


def test_the_calculator_validates_its_input(app: Any, transcript: Transcript) -> None:
    reply = send(transcript, app, "POST", "/calculate", body={"a": 1, "operation": "power"})
    assert invalid(reply) == [["body", "b"], ["body", "operation"]], (
        "b is missing and 'power' is not one of add, subtract, multiply, divide"
    )


# -- the inventory ----------------------------------------------------------------------------


def test_writing_needs_a_writers_bearer_token(app: Any, transcript: Transcript) -> None:
    for token in [None, "nobody"]:
        reply = send(transcript, app, "POST", "/items", token=token, body=PEN)
        refused(reply, 401)
        assert reply.header(b"www-authenticate") == b"Bearer", "a 401 says how to authenticate"
    refused(send(transcript, app, "POST", "/items", token=CAROL, body=PEN), 403)
    assert answer(send(transcript, app, "GET", "/items")) == (200, []), "nothing was added"


def test_a_writer_adds_an_item_everyone_can_read(app: Any, transcript: Transcript) -> None:
    assert answer(send(transcript, app, "GET", "/items")) == (200, []), "a public, empty list"
    created = add(transcript, app, PEN)
    assert isinstance(created, dict) and isinstance(created.get("id"), int), "with its new id"
    assert created == {"id": created["id"], **PEN, "owner": "alice"}
    reply = send(transcript, app, "GET", f"/items/{created['id']}")
    assert answer(reply) == (200, created), "read back without a token"
    assert answer(send(transcript, app, "GET", "/items")) == (200, [created])


def test_an_item_is_validated(app: Any, transcript: Transcript) -> None:
    reply = send(
        transcript,
        app,
        "POST",
        "/items",
        token=ALICE,
        body={"name": "", "price": 0, "quantity": -1},
    )
    assert invalid(reply) == [["body", "name"], ["body", "price"], ["body", "quantity"]], (
        "name at least 1 character, price above 0, quantity at least 0: every error at once"
    )
    created = add(transcript, app, {"name": "ink", "price": "2.25"})
    assert (created["price"], created["quantity"]) == (2.25, 0), "lax price; quantity 0 by default"


def test_a_name_already_taken_is_a_409(app: Any, transcript: Transcript) -> None:
    add(transcript, app, PEN)
    refused(send(transcript, app, "POST", "/items", token=BOB, body={**PEN, "price": 9}), 409)
    _, listed = answer(send(transcript, app, "GET", "/items"))
    assert [(item["name"], item["owner"]) for item in listed] == [("pen", "alice")]


def test_pages_and_search(app: Any, transcript: Transcript) -> None:
    for name in ["pen", "ink", "pencil"]:
        add(transcript, app, {"name": name, "price": 1})
    _, page = answer(send(transcript, app, "GET", "/items?offset=1&limit=1"))
    assert [item["name"] for item in page] == ["ink"], "offset and limit, in order of addition"
    _, found = answer(send(transcript, app, "GET", "/items?q=pen"))
    assert [item["name"] for item in found] == ["pen", "pencil"], "q: names containing it"
    reply = send(transcript, app, "GET", "/items?offset=-1&limit=0")
    assert invalid(reply) == [["query", "offset"], ["query", "limit"]], (
        "offset at least 0, limit from 1 to 100"
    )


def test_a_missing_item_is_a_404(app: Any, transcript: Transcript) -> None:
    refused(send(transcript, app, "GET", "/items/999"), 404)
    assert invalid(send(transcript, app, "GET", "/items/abc")) == [["path", "item_id"]]


def test_writers_delete_their_own_items(app: Any, transcript: Transcript) -> None:
    created = add(transcript, app, PEN)
    where = f"/items/{created['id']}"
    refused(send(transcript, app, "DELETE", where, token=BOB), 403)
    reply = send(transcript, app, "DELETE", where, token=ALICE)
    assert (reply.status, reply.body) == (204, b""), "204: done, and no body"
    refused(send(transcript, app, "DELETE", where, token=ALICE), 404)
    assert answer(send(transcript, app, "GET", "/items")) == (200, [])


def test_me_says_whose_token_it_is(app: Any, transcript: Transcript) -> None:
    reply = send(transcript, app, "GET", "/me", token=CAROL)
    assert answer(reply) == (200, {"id": 3, "name": "carol", "role": "reader"})
    refused(send(transcript, app, "GET", "/me"), 401)


def test_every_answer_says_nosniff(app: Any, transcript: Transcript) -> None:
    for method, path in [("GET", "/items"), ("GET", "/nowhere"), ("POST", "/items")]:
        reply = send(transcript, app, method, path)
        assert reply.header(b"x-content-type-options") == b"nosniff", (
            "the middleware adds X-Content-Type-Options: nosniff to every answer, 404s too"
        )


def test_the_docs_describe_the_api(app: Any, transcript: Transcript) -> None:
    status, document = answer(send(transcript, app, "GET", "/openapi.json"))
    assert status == 200 and isinstance(document, dict)
    operations = {path: sorted(item) for path, item in document.get("paths", {}).items()}
    transcript.note("the operations", operations)
    assert operations == {
        "/calculate": ["post"],
        "/items": ["get", "post"],
        "/items/{item_id}": ["delete", "get"],
        "/me": ["get"],
    }
    body = document["paths"]["/items"]["post"].get("requestBody", {})
    schema = body.get("content", {}).get("application/json", {}).get("schema", {})
    name = str(schema.get("$ref", "")).rpartition("/")[2]
    fields = document.get("components", {}).get("schemas", {}).get(name, {}).get("properties")
    transcript.note("POST /items: the body's schema and its properties", (schema, fields))
    assert sorted(fields or {}) == ["name", "price", "quantity"], "the body is a model, by $ref"
    page = send(transcript, app, "GET", "/docs")
    assert page.status == 200 and b"/openapi.json" in page.body, "/docs shows the document"


# -- the contract asks for nothing FastAPI doesn't do -----------------------------------------

#: ``from chapters.ch08_openapi import NAMES``, on one line.
OUR_IMPORT = re.compile(r"^from chapters\.ch08_openapi import (.*)$", re.MULTILINE)


def on_fastapi(source: str) -> str:
    """The capstone's source with its two framework import lines pointed at the real stack."""

    def swap(match: re.Match[str]) -> str:
        module = "pydantic" if match[1] == "BaseModel, Field" else "fastapi"
        return f"from {module} import {match[1]}"

    return OUR_IMPORT.sub(swap, source)


@pytest.mark.timeout(120)
def test_the_capstone_on_fastapi_meets_the_same_contract(tmp_path: Path) -> None:
    """The harness, run as a learner runs it, on the capstone's source run by FastAPI."""
    source = on_fastapi(Path(capstone.__file__).read_text(encoding="utf-8"))
    swapped = re.findall(
        r"^from (fastapi|pydantic|chapters\.ch08_openapi) import", source, re.MULTILINE
    )
    assert swapped == ["fastapi", "pydantic"], "the two framework imports, and only those, swapped"
    (tmp_path / "real_capstone.py").write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", __file__, "--impl", "real_capstone", "-q"]
    command += ["-p", "no:cacheprovider", "-p", "no:hypothesispytest", "--color=no"]
    run = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=100, check=False
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "12 passed" in output and "failed" not in output, output
    assert "--impl real_capstone" in output, output
