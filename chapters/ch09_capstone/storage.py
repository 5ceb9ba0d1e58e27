"""Where the capstone keeps its data: chapter 07's sqlite :class:`Database`, plus an items table.

Chapter 07's ``Database`` already knows how to open a sqlite file from any worker thread and
holds the users with their tokens and roles (``alice`` and ``bob`` write, ``carol`` reads).
The inventory needs one more table, so :class:`Inventory` extends ``create`` rather than
copying the class. Nothing here imports a web framework: the same module serves the app on
our framework and on FastAPI.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from chapters.ch07_dependencies.database import USERS, Database

__all__ = ["DATABASE_VARIABLE", "ITEMS_SCHEMA", "USERS", "Inventory", "from_environment"]

#: The environment variable naming the sqlite file (``capstone.db`` when unset).
DATABASE_VARIABLE = "CAPSTONE_DATABASE"

ITEMS_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id       INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users (id),
    name     TEXT NOT NULL UNIQUE,
    price    REAL NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 0
);
"""


class Inventory(Database):
    """Chapter 07's users (and notes) tables, and ``items``; created once, on first connect."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self._items_created = False

    def create(self) -> None:
        super().create()  # users, their tokens, notes: chapter 07's schema
        if self._items_created:  # the common case, without taking the lock
            return
        with self._lock:
            if not self._items_created:
                with closing(sqlite3.connect(self.path)) as connection, connection:
                    connection.executescript(ITEMS_SCHEMA)
                self._items_created = True


def from_environment() -> Inventory:
    """The file named by ``$CAPSTONE_DATABASE``, else ``capstone.db`` in the current folder."""
    return Inventory(os.environ.get(DATABASE_VARIABLE, "capstone.db"))
