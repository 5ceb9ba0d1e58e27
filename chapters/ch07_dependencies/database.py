"""The demo's storage: one sqlite file (the standard library's ``sqlite3``), its tables, its users.

Why a real database rather than a dict: the point of a ``get_db`` dependency is the
*transaction* around a request — commit if it succeeded, roll back if anything raised —
and only a real database shows that, from outside, after the fact. ``sqlite3`` needs no
server: a :class:`Database` is a file path plus the knowledge of how to open it.

Two details matter for an async framework:

* a connection is opened in one worker thread (the ``get_db`` generator runs in the thread
  pool), used in others (each sync dependency and the endpoint get a thread of their own)
  and closed in another, always one after the other within a request. ``sqlite3`` refuses
  that by default, so connections are opened with ``check_same_thread=False``; they are
  never shared *between* requests.
* ``sqlite3`` opens a transaction before the first ``INSERT``/``UPDATE``/``DELETE`` and
  keeps it open until ``commit()`` or ``rollback()``: exactly the unit of work we want.

The tokens below are demo credentials, stored in clear: real authentication (hashed
secrets, OAuth2) is not this chapter's subject.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

__all__ = ["SCHEMA", "USERS", "Database"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    token TEXT NOT NULL UNIQUE,
    role  TEXT NOT NULL CHECK (role IN ('writer', 'reader'))
);
CREATE TABLE IF NOT EXISTS notes (
    id       INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users (id),
    title    TEXT NOT NULL,
    body     TEXT NOT NULL DEFAULT '',
    UNIQUE (owner_id, title)
);
"""

#: (name, token, role): who may call the API. A reader may read, not write.
USERS = [
    ("alice", "alice-token", "writer"),
    ("bob", "bob-token", "writer"),
    ("carol", "carol-token", "reader"),
]


class Database:
    """A sqlite file: ``Database("notes.db").connect()`` -> a connection, tables created once."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._created = False
        self._lock = threading.Lock()  # two first requests at once must not both create

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    def connect(self) -> sqlite3.Connection:
        """A new connection whose rows read like dicts (``row["title"]``)."""
        self.create()
        connection = sqlite3.connect(self.path, check_same_thread=False)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")  # sqlite leaves them off by default
        return connection

    def create(self) -> None:
        """Create the tables and the demo users, once per :class:`Database` (it is idempotent)."""
        with self._lock:
            if self._created:
                return
            with sqlite3.connect(self.path) as connection:  # commits on leaving
                connection.executescript(SCHEMA)
                connection.executemany(
                    "INSERT OR IGNORE INTO users (name, token, role) VALUES (?, ?, ?)", USERS
                )
            connection.close()
            self._created = True
