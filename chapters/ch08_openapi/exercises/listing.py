"""Exercise 1 (easy): list every operation of a document as ``(METHOD, path, operationId)``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from chapters.ch08_openapi import APIRouter, FastAPI
from chapters.support.exercises import (
    ExerciseFailed,
    NotAttempted,
    Result,
    expect,
    guarded,
    is_placeholder,
    not_attempted,
    passed,
)

TITLE = "Exercise 1, list_operations"
#: The keys of a path item that are operations (OpenAPI 3.1, "Path Item Object").
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Listing = list[tuple[str, str, str | None]]


def application_document() -> dict[str, Any]:
    """A document from this chapter's generator: routers, two methods on one route, a hidden one."""
    app = FastAPI(title="Check", version="1.0.0")

    @app.get("/")
    def home() -> dict[str, str]:
        return {}

    @app.api_route("/ping", methods=["GET", "POST"])
    def ping() -> dict[str, str]:
        return {}

    @app.get("/internal", include_in_schema=False)
    def internal() -> dict[str, str]:
        return {}

    users = APIRouter(prefix="/users")

    @users.get("/{user_id}")
    def read_user(user_id: int) -> dict[str, int]:
        return {}

    @users.delete("/{user_id}", operation_id="removeUser")
    def delete_user(user_id: int) -> None:
        return None

    app.include_router(users)
    return app.openapi()


APPLICATION_LISTING: Listing = [
    ("GET", "/", "home__get"),
    ("GET", "/ping", "ping_ping_get"),
    ("POST", "/ping", "ping_ping_post"),
    ("GET", "/users/{user_id}", "read_user_users__user_id__get"),
    ("DELETE", "/users/{user_id}", "removeUser"),
]

# Written by hand, as other tools write them: a path item may hold more than operations
# (summary, description, parameters shared by its operations), and operationId is optional.
HANDWRITTEN: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Files", "version": "1.0.0"},
    "paths": {
        "/files/{name}": {
            "summary": "One file",
            "description": "Every operation on one file.",
            "parameters": [
                {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {"operationId": "getFile", "responses": {"200": {"description": "The file"}}},
            "put": {"operationId": "putFile", "responses": {"204": {"description": "Stored"}}},
            "options": {"responses": {"204": {"description": "What is allowed"}}},
        },
        "/health": {
            "head": {"operationId": "health", "responses": {"200": {"description": "Up"}}},
            "trace": {"operationId": "traceHealth", "responses": {"200": {"description": "Echo"}}},
        },
        "/empty": {},
    },
}
HANDWRITTEN_LISTING: Listing = [
    ("GET", "/files/{name}", "getFile"),
    ("PUT", "/files/{name}", "putFile"),
    ("OPTIONS", "/files/{name}", None),
    ("HEAD", "/health", "health"),
    ("TRACE", "/health", "traceHealth"),
]
HANDWRITTEN_HINT = (
    " (a path item may also hold 'summary', 'description', 'parameters' and 'servers', which "
    "are not operations: only the keys get, put, post, delete, options, head, patch and trace "
    "are; and operationId is optional: use operation.get('operationId'))"
)


def check_list_operations(list_operations: Callable[[dict[str, Any]], Any] | None) -> Result:
    """Exercise 1: ``list_operations(document)`` gives ``(METHOD, path, operationId)`` for each
    operation, in the document's order, ``None`` for an operation without an id."""
    if is_placeholder(list_operations):
        return not_attempted(TITLE)
    assert list_operations is not None
    cases = [
        ("an application's document", application_document(), APPLICATION_LISTING, ""),
        ("a hand-written document", HANDWRITTEN, HANDWRITTEN_LISTING, HANDWRITTEN_HINT),
    ]
    try:
        for name, document, expected, hint in cases:
            got = guarded(
                lambda document=document: _as_listing(list_operations(copy.deepcopy(document))),
                f"list_operations(<{name}>)",
                hint,
            )
            _compare(name, got, expected)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _as_listing(result: Any) -> Any:
    """A list of tuples when the answer is any iterable of 3-item sequences; else as it is."""
    try:
        return [tuple(entry) for entry in result]
    except TypeError:
        return result


def _compare(name: str, got: Any, expected: Listing) -> None:
    said = f"list_operations(<{name}>) gave {got!r}"
    expect(isinstance(got, list), f"{said}: expected a list of (METHOD, path, operationId).")
    expect(
        all(isinstance(entry, tuple) and len(entry) == 3 for entry in got),
        f"{said}: each entry is a tuple of three, (METHOD, path, operationId).",
    )
    if got == expected:
        return
    upper = [(str(method).upper(), path, op_id) for method, path, op_id in got]
    expect(
        upper != expected,
        f"{said}: write the methods in capitals, as HTTP does ('GET', not 'get').",
    )
    not_methods = [entry for entry in got if str(entry[0]).lower() not in METHODS]
    expect(
        not not_methods,
        f"{said}: {not_methods} are not operations{HANDWRITTEN_HINT}.",
    )
    expect(
        sorted(got, key=repr) != sorted(expected, key=repr),
        f"{said}: the right operations, but expected the document's order: paths as they come, "
        f"and within a path the methods as they come ({expected!r}).",
    )
    missing = [entry for entry in expected if entry not in got]
    extra = [entry for entry in got if entry not in expected]
    found = [f"missing {missing!r}" if missing else "", f"not expected {extra!r}" if extra else ""]
    raise ExerciseFailed(f"{said}; expected {expected!r}: {'; '.join(filter(None, found))}.")
