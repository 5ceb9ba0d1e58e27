# ruff: noqa: UP007  (the seed calculator stays exactly as FastAPI users write it)
"""The capstone application: every layer of the tutorial answering one request.

Two parts on one ``app``. First the seed calculator, exactly as it is written for FastAPI
and pydantic (only the import lines differ; a test checks it line by line). Then what a
small real service adds to it: an inventory on sqlite, where

* a plain ASGI middleware (:class:`SecurityHeaders`) wraps every answer, 404s included;
* chapter 07's dependencies give each request a connection (``get_db``: commit, or roll
  back if anything raised), the caller (``current_user``: ``Authorization: Bearer <token>``
  or 401), a role check (``require_writer``: 403 for a reader) and ``?offset=&limit=``;
* chapter 06 validates the body (``ItemIn``), the path and the query, and filters what an
  endpoint returns through its ``response_model`` (``ItemOut``);
* chapter 08 documents it all at ``/openapi.json``, ``/docs`` and ``/redoc``.

The source imports only names FastAPI and pydantic also export, so swapping the two import
lines (``from fastapi import ...``, ``from pydantic import BaseModel, Field``) runs it on the
real stack: the tests serve it three ways and compare the answers. The users and their
tokens are chapter 07's (``alice-token`` and ``bob-token`` write, ``carol-token`` reads).
"""

import sqlite3
from collections.abc import Iterator
from enum import Enum
from typing import Annotated, Union

from chapters.ch04_asgi.types import ASGIApp, Message, Receive, Scope, Send

# The two lines to swap for the real stack: `from fastapi import`, `from pydantic import`.
from chapters.ch08_openapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, status

# isort: split
from chapters.ch08_openapi import BaseModel, Field
from chapters.ch09_capstone.storage import Inventory, from_environment

# -- the seed, verbatim -------------------------------------------------------------------------
# fmt: off

app = FastAPI(title="Calculator")


class CalculatorOperation(str, Enum):
    add = "add"; subtract = "subtract"; multiply = "multiply"; divide = "divide"

class CalculateIn(BaseModel):
    a: Union[int, float]
    b: Union[int, float]
    operation: CalculatorOperation

@app.post("/calculate", response_model=Union[int, float])
def calculate(i: CalculateIn):
    if i.operation == CalculatorOperation.add:
        return i.a + i.b
    if i.operation == CalculatorOperation.subtract:
        return i.a - i.b
    if i.operation == CalculatorOperation.multiply:
        return i.a * i.b
    if i.b == 0:
        raise HTTPException(status_code=400, detail="Cannot divide by zero")
    return i.a / i.b

# fmt: on
# -- what the service adds ----------------------------------------------------------------------

# The seed named its app after its one endpoint; the docs describe what it has grown into.
app.title = "Capstone"
app.description = "The seed calculator and a small inventory on sqlite."


class SecurityHeaders:
    """Middleware is an ASGI app wrapping an ASGI app: here, one header on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-content-type-options", b"nosniff")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_header)


app.add_middleware(SecurityHeaders)
database = from_environment()


def use_database(path: str) -> None:
    """Serve another sqlite file (the command line's ``--database``)."""
    global database
    database = Inventory(path)


# -- the dependencies: chapter 07 ---------------------------------------------------------------


def get_database() -> Inventory:
    """Which database; the tests override this one with a temporary file."""
    return database


def get_db(database: Annotated[Inventory, Depends(get_database)]) -> Iterator[sqlite3.Connection]:
    """One connection per request, committed if the request succeeded, rolled back if not."""
    connection = database.connect()
    try:
        yield connection
        connection.commit()
    except Exception:  # thrown in at the yield: the endpoint or a later dependency failed
        connection.rollback()
        raise
    finally:
        connection.close()


# scope="function": commit before the response is sent, so a 201 means the row is stored.
DB = Annotated[sqlite3.Connection, Depends(get_db, scope="function")]


class User(BaseModel):
    id: int
    name: str
    role: str


def current_user(db: DB, authorization: Annotated[str | None, Header()] = None) -> User:
    """``Authorization: Bearer <token>`` must name a user: else 401, with the challenge."""
    scheme, _, token = (authorization or "").partition(" ")
    row = None
    if scheme.lower() == "bearer" and token:
        row = db.execute("SELECT id, name, role FROM users WHERE token = ?", (token,)).fetchone()
    if row is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Not authenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return User(**row)


CurrentUser = Annotated[User, Depends(current_user)]


def require_writer(user: CurrentUser) -> User:
    """Authenticated is not enough to change the inventory: a reader gets 403."""
    if user.role != "writer":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only a writer may change the inventory")
    return user


class Pagination:
    """``?offset=0&limit=10``, checked the same way for every list."""

    def __init__(
        self,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> None:
        self.offset, self.limit = offset, limit


Page = Annotated[Pagination, Depends()]


# -- the inventory: chapters 06 and 08 ----------------------------------------------------------


class ItemIn(BaseModel):
    """What a writer sends to add an item."""

    name: str = Field(min_length=1, max_length=50, description="Unique in the inventory")
    price: float = Field(gt=0, description="In euros")
    quantity: int = Field(default=0, ge=0)


class ItemOut(BaseModel):
    """An item as stored, with who added it."""

    id: int
    name: str
    price: float
    quantity: int
    owner: str


ITEMS = (
    "SELECT items.id, items.name, price, quantity, users.name AS owner"
    " FROM items JOIN users ON users.id = owner_id"
)

items = APIRouter(prefix="/items", tags=["items"])


@items.get("", response_model=list[ItemOut])
def list_items(db: DB, page: Page, q: Annotated[str | None, Query(max_length=50)] = None):
    """Public: the inventory a page at a time, optionally only the names containing ``q``."""
    rows = db.execute(
        f"{ITEMS} WHERE items.name LIKE ? ORDER BY items.id LIMIT ? OFFSET ?",
        (f"%{q or ''}%", page.limit, page.offset),
    )
    return [dict(row) for row in rows]


@items.get("/{item_id}", response_model=ItemOut)
def read_item(item_id: int, db: DB):
    """Public: one item, or 404."""
    row = db.execute(f"{ITEMS} WHERE items.id = ?", (item_id,)).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Item {item_id} not found")
    return dict(row)


@items.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ItemOut,
    dependencies=[Depends(require_writer)],
)
def create_item(item: ItemIn, db: DB, user: CurrentUser):
    """Add an item (writers only); a name already in the inventory is a 409."""
    try:
        cursor = db.execute(
            "INSERT INTO items (owner_id, name, price, quantity) VALUES (?, ?, ?, ?)",
            (user.id, item.name, item.price, item.quantity),
        )
    except sqlite3.IntegrityError:
        raise HTTPException(status.HTTP_409_CONFLICT, f"{item.name!r} exists") from None
    return {"id": cursor.lastrowid, **item.model_dump(), "owner": user.name}


@items.delete(
    "/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(require_writer)],
)
def delete_item(item_id: int, db: DB, user: CurrentUser) -> None:
    """Remove one of your own items: someone else's is a 403, a missing one a 404."""
    row = db.execute("SELECT owner_id FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Item {item_id} not found")
    if row["owner_id"] != user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"Item {item_id} is not yours")
    db.execute("DELETE FROM items WHERE id = ?", (item_id,))


@app.get("/me", response_model=User, tags=["users"])
def read_me(user: CurrentUser):
    """Who the token belongs to."""
    return user


app.include_router(items)
