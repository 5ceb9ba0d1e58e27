"""Chapter 09, build it yourself: the capstone's API, your way.

Copy this file next to the repository's README, write the app, and run the contract tests
against it::

    cp chapters/ch09_capstone/starter.py my_capstone.py
    pytest tests/ch09_capstone --impl my_capstone

The contract is in ``chapters/ch09_capstone/README.md`` ("Build it yourself: the contract"):
a table of requests and the answers they must get. No server needed: the tests call your
``app`` as an ASGI app, each on a new sqlite inventory. Write it on this tutorial's
framework (the import below) or on the real one: ``from fastapi import APIRouter, Depends,
FastAPI, Header, HTTPException, Query, status`` and ``from pydantic import BaseModel,
Field`` (the tests pass either way). Serve it for real with
``python -m chapters.ch04_asgi my_capstone:app --port 8000`` (or ``uvicorn``).

The data layer is given: ``Inventory`` (``chapters/ch09_capstone/storage.py``) is a sqlite
file with the tables ``users`` (``id``, ``name``, ``token``, ``role``: alice and bob are
writers, carol a reader) and ``items`` (``id``, ``owner_id``, ``name`` unique, ``price``,
``quantity``); ``inventory.connect()`` opens a connection whose rows read like dicts.

Every endpoint below is a placeholder: give each the parameters it needs (its path and
query values, its body model, ``Depends(...)`` on the dependencies you write: a connection
per request, the current user, the writer check, the pagination) and a body. Dependencies
are the chapter 07 way to share them; ``app.add_middleware`` adds the header every answer
carries.
"""

from __future__ import annotations

from typing import Any

from chapters.ch08_openapi import FastAPI
from chapters.ch09_capstone.storage import Inventory

__all__ = ["app", "get_database"]

app = FastAPI(title="Capstone")


def get_database() -> Inventory:
    """The inventory to serve: ``from_environment()`` (the file named by
    ``$CAPSTONE_DATABASE``). Every database access must go through this dependency
    (``Depends(get_database)``), since the tests override it with a new file."""
    raise NotImplementedError


@app.post("/calculate")
def calculate() -> Any:
    """The seed calculator: ``{"a", "b", "operation"}`` -> the bare number; 400 on a
    division by zero."""
    raise NotImplementedError


@app.get("/items")
def list_items() -> Any:
    """Public: the items, ``?offset=0&limit=10`` (0 or more; 1 to 100), ``?q=`` a part of
    the name."""
    raise NotImplementedError


@app.post("/items", status_code=201)
def create_item() -> Any:
    """Writers only (401 without a known bearer token, 403 for a reader); 409 for a name
    already taken."""
    raise NotImplementedError


@app.get("/items/{item_id}")
def read_item() -> Any:
    """Public: one item, or 404."""
    raise NotImplementedError


@app.delete("/items/{item_id}", status_code=204)
def delete_item() -> Any:
    """Writers only, their own items only (403 otherwise); 404 for a missing one."""
    raise NotImplementedError


@app.get("/me")
def read_me() -> Any:
    """The caller: ``{"id", "name", "role"}``, or 401."""
    raise NotImplementedError
