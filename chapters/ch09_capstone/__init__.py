"""Chapter 09: the capstone — the whole stack, from bytes on a socket to typed endpoints.

:mod:`.main` is one application built with chapter 08's names (the seed calculator and a
small inventory on sqlite, with middleware, dependencies, validation, response models, an
auth guard and docs); :mod:`.storage` is its database; ``python -m chapters.ch09_capstone``
serves it on chapter 04's server. The same source runs on uvicorn, and with its two import
lines swapped on FastAPI and pydantic.
"""

from chapters.ch09_capstone.main import (
    CurrentUser,
    ItemIn,
    ItemOut,
    Pagination,
    SecurityHeaders,
    User,
    app,
    current_user,
    get_database,
    get_db,
    require_writer,
    use_database,
)
from chapters.ch09_capstone.storage import DATABASE_VARIABLE, Inventory, from_environment

__all__ = [
    "DATABASE_VARIABLE",
    "CurrentUser",
    "Inventory",
    "ItemIn",
    "ItemOut",
    "Pagination",
    "SecurityHeaders",
    "User",
    "app",
    "current_user",
    "from_environment",
    "get_database",
    "get_db",
    "require_writer",
    "use_database",
]
