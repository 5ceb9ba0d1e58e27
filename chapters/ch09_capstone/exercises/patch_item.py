"""Exercise 2 (medium): ``PATCH /items/{item_id}``, a partial update of the capstone's inventory.

The reader's router is included next to the capstone's own ``items`` router in a new app
whose ``get_database`` is overridden with a temporary sqlite file (chapter 07's way), so the
real ``get_db``, ``current_user`` and ``require_writer`` run. :data:`STEPS` is sent in
order: two items are created through the capstone's ``POST``, then each ``PATCH`` is checked
for its status, its answer and what the file holds afterwards. The tests replay the same
steps on FastAPI (the capstone's source with its imports swapped, and the reference answer
written for FastAPI), which gives the same answers.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from chapters.ch06_framework.routing import APIRoute
from chapters.ch08_openapi import FastAPI, TestClient
from chapters.ch09_capstone import main as capstone
from chapters.ch09_capstone.storage import Inventory
from chapters.support.exercises import (
    NotAttempted,
    Result,
    expect,
    forget_request,
    guarded,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    sent,
    with_reproducer,
)

TITLE = "Exercise 2, PATCH /items/{item_id}"
PATH = "/items/{item_id}"
ALICE = {"Authorization": "Bearer alice-token"}  # writer, owns item 1
BOB = {"Authorization": "Bearer bob-token"}  # writer, owns item 2
CAROL = {"Authorization": "Bearer carol-token"}  # reader
PEN = {"id": 1, "name": "pen", "price": 1.5, "quantity": 3, "owner": "alice"}
INK = {"id": 2, "name": "ink", "price": 2.25, "quantity": 0, "owner": "bob"}

#: (what it shows, headers, path, body, status, item 1 afterwards, hint when it goes wrong)
STEPS: list[tuple[str, dict[str, str], str, Any, int, dict[str, Any], str]] = [
    ("no token", {}, "/items/1", {"price": 2}, 401, PEN,
     ("PATCH changes the inventory: only a writer may, so add "
      "dependencies=[Depends(require_writer)] to the route, as POST and DELETE have.")),
    ("a reader", CAROL, "/items/1", {"price": 2}, 403, PEN,
     "carol is a reader: dependencies=[Depends(require_writer)] refuses her."),
    ("one field", ALICE, "/items/1", {"price": 2.5}, 200, {**PEN, "price": 2.5},
     ("Every field of ItemPatch is optional (a default of None); change only the fields the "
      "client sent (patch.model_dump(exclude_unset=True)) and answer the whole item as "
      "stored, an ItemOut (response_model=ItemOut).")),
    ("two fields", ALICE, "/items/1", {"name": "blue pen", "quantity": 7}, 200,
     {**PEN, "name": "blue pen", "price": 2.5, "quantity": 7},
     "Change only the fields the client sent, and answer the whole item as stored."),
    ("nothing", ALICE, "/items/1", {}, 200,
     {**PEN, "name": "blue pen", "price": 2.5, "quantity": 7},
     ("An empty patch changes nothing (beware of 'UPDATE items SET  WHERE ...' with no "
      "column): answer the item as it is.")),
    ("three bad fields", ALICE, "/items/1", {"name": "", "price": 0, "quantity": -1}, 422,
     {**PEN, "name": "blue pen", "price": 2.5, "quantity": 7},
     ("ItemPatch takes ItemIn's constraints (name 1 to 50 characters, price > 0, "
      "quantity >= 0), each field optional: Field(default=None, min_length=1, ...).")),
    ("someone else's", BOB, "/items/1", {"price": 9}, 403,
     {**PEN, "name": "blue pen", "price": 2.5, "quantity": 7},
     "bob may not change alice's item: 403, as DELETE answers it."),
    ("no such item", ALICE, "/items/99", {"price": 9}, 404,
     {**PEN, "name": "blue pen", "price": 2.5, "quantity": 7},
     "An item that does not exist is a 404, as GET and DELETE answer it."),
    ("a name taken", ALICE, "/items/1", {"name": "ink"}, 409,
     {**PEN, "name": "blue pen", "price": 2.5, "quantity": 7},
     ("Another item is called 'ink': catch sqlite3.IntegrityError and raise a 409, as "
      "POST does; get_db then rolls the request back.")),
    ("not a number", ALICE, "/items/one", {"price": 9}, 422,
     {**PEN, "name": "blue pen", "price": 2.5, "quantity": 7},
     "item_id is an int path parameter."),
]  # fmt: skip
#: What ``require_writer`` answers a reader (before the endpoint could say "not yours").
GUARD_SAYS = "Only a writer may change the inventory"
#: The 422's errors: ItemIn's constraints, checked on each field that was sent.
BAD_FIELDS = [
    (["body", "name"], "string_too_short"),
    (["body", "price"], "greater_than"),
    (["body", "quantity"], "greater_than_equal"),
]


@with_reproducer
def check_patch_item(router: Any) -> Result:
    """Exercise 2: the router's ``PATCH /items/{item_id}`` updates only the fields sent, for
    the item's owner (a writer), with ItemIn's constraints, 404 and 409, answering an ItemOut."""
    route = _find_route(router)
    if route is None or is_placeholder(route.endpoint):
        return not_attempted(TITLE)
    try:
        with _inventory(router) as (client, database):
            for step in STEPS:
                _check_step(client, database, *step)
            _check_document(client.app)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _find_route(router: Any) -> APIRoute | None:
    for route in getattr(router, "routes", ()):
        if isinstance(route, APIRoute) and "PATCH" in route.methods:
            expect(
                route.path_format == PATH,
                f"Your PATCH route's path is {route.path_format!r}, expected {PATH!r}: the "
                "router's prefix is '/items', the decorator's path '/{item_id}'.",
            )
            return route
    return None


@contextmanager
def _inventory(router: Any) -> Iterator[tuple[TestClient, Path]]:
    """The capstone's items and the reader's router, on a temporary file holding pen and ink."""
    app = FastAPI(title="Inventory", version="1.0.0")
    app.include_router(capstone.items)
    guarded(lambda: app.include_router(router), "app.include_router(updates)")
    with tempfile.TemporaryDirectory(prefix="ch09-patch-") as folder:
        database = Inventory(Path(folder) / "inventory.db")
        app.dependency_overrides[capstone.get_database] = lambda: database
        client = TestClient(app, raise_server_exceptions=False)
        for item, who in ((PEN, ALICE), (INK, BOB)):
            body = {key: item[key] for key in ("name", "price", "quantity")}
            created = client.post("/items", json=body, headers=who)
            if created.status_code != 201:  # the capstone's own route: not the reader's fault
                raise RuntimeError(f"POST /items answered {created.status_code} {created.text}")
        yield client, database.path


def _stored(database: Path, item_id: int) -> dict[str, Any] | None:
    with closing(sqlite3.connect(database)) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute(f"{capstone.ITEMS} WHERE items.id = ?", (item_id,)).fetchone()
    return None if row is None else dict(row)


def _check_step(
    client: TestClient,
    database: Path,
    shows: str,
    headers: dict[str, str],
    path: str,
    body: Any,
    status: int,
    after: dict[str, Any],
    hint: str,
) -> None:
    where = f"PATCH {path} {body} ({shows})"
    response = guarded(lambda: sent(client, "PATCH", path, json=body, headers=headers), where)
    expect(
        response.status_code == status,
        f"{where} answered {response.status_code} {response.text[:200]}, expected {status}. "
        + hint,
    )
    if status == 200:
        expect(
            json_of(response) == after,
            f"{where} answered {response.text[:200]}, expected {after}. {hint}",
        )
    if shows == "a reader":
        expect(
            json_of(response) == {"detail": GUARD_SAYS},
            f"{where} answered {response.status_code} {response.text[:200]}, expected the "
            f"guard's {GUARD_SAYS!r}. {hint}",
        )
    if shows == "three bad fields":
        found = sorted((error["loc"], error["type"]) for error in json_of(response)["detail"])
        expect(
            found == BAD_FIELDS, f"{where} listed the errors {found}, expected {BAD_FIELDS}. {hint}"
        )
    stored = _stored(database, 1)
    expect(
        stored == after,
        f"After {where}, the file holds {stored}, expected {after}. "
        + ("A refused request must change nothing. " if status >= 400 else "")
        + hint,
    )


def _check_document(app: FastAPI) -> None:
    """The docs must say what the route takes: a body whose fields are all optional."""
    forget_request()  # the document, not the last PATCH
    document = guarded(app.openapi, "app.openapi()")
    operation = document["paths"][PATH].get("patch", {})
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    reference = schema.get("schema", {}).get("$ref", "")
    model = document["components"]["schemas"].get(reference.rsplit("/", 1)[-1], {})
    expect(
        sorted(model.get("properties", {})) == ["name", "price", "quantity"],
        f"The document's PATCH body is {schema.get('schema')}, expected a model with name, "
        "price and quantity (class ItemPatch(BaseModel), the endpoint's body parameter).",
    )
    expect(
        not model.get("required"),
        f"The document says {model.get('required')} are required: in a partial update every "
        "field is optional (a default of None).",
    )
