"""The chapter's demo: a small notes API on sqlite, held together by dependencies.

What ``python -m chapters.ch07_dependencies`` serves. Each dependency is one reason DI
exists:

* ``get_db`` — a database connection per request, committed if the request succeeded and
  rolled back if anything raised (a generator dependency). Declared ``scope="function"``:
  its code after ``yield`` runs as soon as the endpoint returned, *before* the response is
  sent, so a client that got its ``201`` finds the note on its very next request, and a
  commit that fails is still a 500 rather than a ``201`` for a lost note. (By default the
  teardown runs after the response is sent: right for closing a file, wrong for a commit.)
* ``get_database`` — *which* database: the tests override it with a temporary file;
* ``current_user`` — authentication: ``Authorization: Bearer <token>`` or 401, a guard on
  the whole ``/notes`` router; ``require_writer`` — authorisation: 403 for a reader, a
  callable instance on the routes that write;
* ``Pagination`` — ``?offset=&limit=`` with their limits, declared once as a class and
  shared by every list endpoint (``Depends()`` takes the class from the annotation).

Try (users and tokens are in :mod:`.database`)::

    curl -i localhost:8000/notes                                             # 401
    curl -i localhost:8000/notes -H 'Authorization: Bearer alice-token'
    curl -i localhost:8000/notes -H 'Authorization: Bearer alice-token' \\
         -H 'content-type: application/json' -d '{"title": "milk", "body": "2 litres"}'
    curl -i localhost:8000/notes -H 'Authorization: Bearer carol-token' \\
         -H 'content-type: application/json' -d '{"title": "x"}'                  # 403
    curl -i 'localhost:8000/users?limit=0'                                   # 422
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from chapters.ch07_dependencies import (
    APIRouter,
    BaseModel,
    Depends,
    FastAPI,
    Field,
    Header,
    HTTPException,
    JSONResponse,
    Query,
    Request,
    status,
)
from chapters.ch07_dependencies.database import Database

app = FastAPI(title="Notes")
database = Database(os.environ.get("NOTES_DATABASE", "notes.db"))


def use_database(path: str | Path) -> None:
    """Serve another file (the command line's ``--database``)."""
    global database
    database = Database(path)


# -- the dependencies ---------------------------------------------------------------------------


def get_database() -> Database:
    """The database the app uses. Tests override this one to point at a temporary file."""
    return database


def get_db(database: Annotated[Database, Depends(get_database)]) -> Iterator[sqlite3.Connection]:
    """One connection per request: committed if the request succeeded, rolled back if not."""
    connection = database.connect()
    try:
        yield connection  # the endpoint runs, and its response is sent, while we wait here
        connection.commit()
    except Exception:  # thrown in at the `yield`: the endpoint (or a dependency) failed
        connection.rollback()
        raise
    finally:
        connection.close()


DB = Annotated[sqlite3.Connection, Depends(get_db, scope="function")]


class User(BaseModel):
    id: int
    name: str
    role: str


def current_user(db: DB, authorization: Annotated[str | None, Header()] = None) -> User:
    """Who is calling: ``Authorization: Bearer <token>`` must name a user, else 401."""
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


class RequireRole:
    """A callable instance: ``RequireRole("writer")`` lets writers through, 403 for others."""

    def __init__(self, role: str) -> None:
        self.role = role

    def __call__(self, user: CurrentUser) -> User:
        if user.role != self.role:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"Only a {self.role} may do this")
        return user


require_writer = RequireRole("writer")


class Pagination:
    """``?offset=0&limit=10``, validated, for every list endpoint."""

    def __init__(
        self,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> None:
        self.offset, self.limit = offset, limit


Page = Annotated[Pagination, Depends()]


# -- the API ------------------------------------------------------------------------------------


class NoteIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    body: str = ""


class NoteOut(BaseModel):
    id: int
    title: str
    body: str
    owner: str


NOTE_COLUMNS = (
    "SELECT notes.id, title, body, users.name AS owner FROM notes JOIN users ON users.id = owner_id"
)


@app.exception_handler(sqlite3.IntegrityError)
async def conflict(request: Request, exc: sqlite3.IntegrityError) -> JSONResponse:
    """A broken constraint (say, a title used twice) is the client's conflict, not a crash."""
    return JSONResponse({"detail": f"Conflict: {exc}"}, status_code=status.HTTP_409_CONFLICT)


@app.get("/users")
def list_users(db: DB, page: Page) -> list[str]:
    """Public: the users' names, a page at a time."""
    rows = db.execute(
        "SELECT name FROM users ORDER BY id LIMIT ? OFFSET ?", (page.limit, page.offset)
    )
    return [row["name"] for row in rows]


notes = APIRouter(prefix="/notes", tags=["notes"], dependencies=[Depends(current_user)])


@notes.get("", response_model=list[NoteOut])
def list_notes(db: DB, user: CurrentUser, page: Page, q: str | None = None):
    """The caller's notes, optionally only those whose title contains ``q``."""
    rows = db.execute(
        f"{NOTE_COLUMNS} WHERE owner_id = ? AND title LIKE ? ORDER BY notes.id LIMIT ? OFFSET ?",
        (user.id, f"%{q or ''}%", page.limit, page.offset),
    )
    return [dict(row) for row in rows]


@notes.get("/{note_id}", response_model=NoteOut)
def read_note(note_id: int, db: DB, user: CurrentUser):
    row = db.execute(f"{NOTE_COLUMNS} WHERE notes.id = ?", (note_id,)).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Note {note_id} not found")
    if row["owner"] != user.name:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"Note {note_id} is not yours")
    return dict(row)


def insert_note(db: sqlite3.Connection, user: User, note: NoteIn) -> dict[str, object]:
    cursor = db.execute(
        "INSERT INTO notes (owner_id, title, body) VALUES (?, ?, ?)",
        (user.id, note.title, note.body),
    )
    return {"id": cursor.lastrowid, "title": note.title, "body": note.body, "owner": user.name}


@notes.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=NoteOut,
    dependencies=[Depends(require_writer)],
)
def create_note(note: NoteIn, db: DB, user: CurrentUser):
    return insert_note(db, user, note)


@notes.post(
    "/batch",
    status_code=status.HTTP_201_CREATED,
    response_model=list[NoteOut],
    dependencies=[Depends(require_writer)],
)
def create_notes(batch: list[NoteIn], db: DB, user: CurrentUser):
    """All or nothing: a duplicate title anywhere rolls back the notes inserted before it."""
    return [insert_note(db, user, note) for note in batch]


@notes.delete(
    "/{note_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(require_writer)],
)
def delete_note(note_id: int, db: DB, user: CurrentUser) -> None:
    deleted = db.execute("DELETE FROM notes WHERE id = ? AND owner_id = ?", (note_id, user.id))
    if deleted.rowcount == 0:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Note {note_id} not found")


app.include_router(notes)
