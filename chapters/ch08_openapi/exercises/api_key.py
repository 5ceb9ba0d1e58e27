"""Exercise 3 (stretching): a custom ``app.openapi()`` that documents an API key.

The reader's ``document_api_key(app)`` replaces ``app.openapi`` (FastAPI's documented way to
extend the document). The check builds a small notes API whose protected operations read the
``X-API-Key`` header through a dependency, documents it the chapter's way (the "before"),
then compares the reader's document with it, operation by operation: the ``APIKeyHeader``
scheme added next to the schemas, ``security`` on exactly the operations that read the key,
that header gone from their parameters, and nothing else changed. It is what real FastAPI
writes for ``APIKeyHeader(name="X-API-Key")`` (the tests hold the two documents side by side).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Annotated, Any

from chapters.ch08_openapi import BaseModel, Depends, FastAPI, Header, TestClient
from chapters.ch08_openapi.exercises.harness import first_problem
from chapters.support.exercises import (
    NotAttempted,
    Result,
    expect,
    guarded,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    sent,
    with_reproducer,
)

TITLE = "Exercise 3, document_api_key"
SCHEME = {"APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}
SECURITY = [{"APIKeyHeader": []}]
PROTECTED = {("get", "/notes"), ("post", "/notes"), ("get", "/notes/{note_id}")}
RECURSION_HINT = (
    " (inside your function, app.openapi is your function itself: build the document with "
    "get_openapi(...), or keep the original method in a variable before replacing it)"
)


class Note(BaseModel):
    text: str


def api_key(x_api_key: Annotated[str, Header()]) -> str:
    return x_api_key


def notes_app() -> FastAPI:
    """The API the check documents: two public operations, three that need the key."""
    app = FastAPI(title="Notes", version="1.0.0", description="Notes, kept for you.")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/notes", dependencies=[Depends(api_key)])
    def list_notes(limit: int = 10) -> list[Note]:
        return []

    @app.post("/notes", status_code=201)
    def add_note(note: Note, key: Annotated[str, Depends(api_key)]) -> Note:
        return note

    @app.get("/notes/{note_id}")
    def read_note(
        note_id: int,
        key: Annotated[str, Depends(api_key)],
        x_trace: Annotated[str | None, Header()] = None,
    ) -> Note:
        return Note(text="hello")

    @app.get("/search")
    def search(q: str, x_trace: Annotated[str | None, Header()] = None) -> list[Note]:
        return []

    return app


@with_reproducer
def check_api_key_docs(document_api_key: Callable[[FastAPI], Any] | None) -> Result:
    """Exercise 3: after ``document_api_key(app)``, ``app.openapi()`` (built once) documents the
    ``X-API-Key`` header as an ``APIKeyHeader`` security scheme on the operations that read it."""
    if is_placeholder(document_api_key):
        return not_attempted(TITLE)
    assert document_api_key is not None
    before = notes_app().openapi()
    app = notes_app()
    try:
        guarded(lambda: document_api_key(app), "document_api_key(app)")
        expect(
            "openapi" in vars(app),
            "document_api_key(app) left app.openapi as it was: assign your own function to it "
            "(app.openapi = openapi, FastAPI's way), so that /openapi.json and /docs use it.",
        )
        document = _built_once(app)
        _check_components(document, before)
        expect(
            {k: v for k, v in document.items() if k not in ("paths", "components")}
            == {k: v for k, v in before.items() if k not in ("paths", "components")},
            f"The document's top level changed: {document.get('info')!r} instead of "
            f"{before['info']!r}: keep the title, version and description of the app.",
        )
        _check_paths(document, before)
        _check_served(app, document)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _built_once(app: FastAPI) -> dict[str, Any]:
    first = guarded(app.openapi, "app.openapi()", RECURSION_HINT)
    expect(
        isinstance(first, dict) and "paths" in first,
        f"app.openapi() returned {type(first).__name__}, expected the document (a dict): "
        "assign your function to app.openapi, and let it return the document.",
    )
    snapshot = copy.deepcopy(first)
    second = guarded(app.openapi, "app.openapi(), the second time", RECURSION_HINT)
    expect(
        second is first,
        "app.openapi() built a new document on its second call: build it once, keep it in "
        "app.openapi_schema and return that afterwards (every request to /openapi.json calls it).",
    )
    expect(
        second == snapshot,
        "app.openapi() changed the document again on its second call: add the scheme and the "
        "security requirements only when the document is built.",
    )
    return first


def _check_components(document: dict[str, Any], before: dict[str, Any]) -> None:
    components = document.get("components", {})
    expect(
        components.get("schemas") == before["components"]["schemas"],
        f"components/schemas is {'gone' if 'schemas' not in components else 'changed'}: add "
        "securitySchemes next to schemas (document['components']['securitySchemes'] = ...); "
        "do not replace document['components'].",
    )
    expect(
        components.get("securitySchemes") == SCHEME,
        f"components/securitySchemes is {components.get('securitySchemes')!r}, expected "
        f"{SCHEME!r} (FastAPI's APIKeyHeader writes exactly this).",
    )


def _reads_the_key(parameter: dict[str, Any]) -> bool:
    return parameter.get("in") == "header" and str(parameter.get("name")).lower() == "x-api-key"


def _without_key(operation: dict[str, Any]) -> dict[str, Any]:
    """``operation`` with the key's header parameter removed (and an empty list dropped)."""
    trimmed = {key: value for key, value in operation.items() if key != "parameters"}
    kept = [p for p in operation.get("parameters", []) if not _reads_the_key(p)]
    if kept:
        trimmed["parameters"] = kept
    return trimmed


def _check_paths(document: dict[str, Any], before: dict[str, Any]) -> None:
    paths = document.get("paths", {})
    expect(
        list(paths) == list(before["paths"]),
        f"The document's paths are {list(paths)}, expected {list(before['paths'])}.",
    )
    for path, item in before["paths"].items():
        for method, expected in item.items():
            where = f"{method.upper()} {path}"
            operation = paths[path].get(method)
            expect(isinstance(operation, dict), f"{where} is missing from the document.")
            if (method, path) in PROTECTED:
                _check_protected(where, operation, expected)
            else:
                expect(
                    "security" not in operation,
                    f"{where} does not read X-API-Key, yet it has 'security': "
                    f"{operation.get('security')!r}; only the operations with that header "
                    "parameter need the key.",
                )
                expect(
                    operation == expected, f"{where} changed: {operation} instead of {expected}."
                )


def _check_protected(where: str, operation: dict[str, Any], expected: dict[str, Any]) -> None:
    expect(
        operation.get("security") == SECURITY,
        f"{where} has 'security': {operation.get('security')!r}, expected {SECURITY!r}: it reads "
        "the x-api-key header (header names are case-insensitive; the document writes them in "
        "lower case).",
    )
    still = [p.get("name") for p in operation.get("parameters", []) if _reads_the_key(p)]
    expect(
        not still,
        f"{where} still lists the {still[0] if still else ''} header parameter: remove it; with "
        "the security scheme, Swagger UI's Authorize button sends the header itself.",
    )
    changed = {key: value for key, value in operation.items() if key != "security"}
    if changed.get("parameters") == []:
        del changed["parameters"]
    wanted = _without_key(expected)
    expect(
        changed == wanted,
        f"{where} is {changed} apart from 'security', expected {wanted}: remove only the "
        "x-api-key header parameter.",
    )


def _check_served(app: FastAPI, document: dict[str, Any]) -> None:
    response = guarded(lambda: sent(TestClient(app), "GET", "/openapi.json"), "GET /openapi.json")
    expect(
        response.status_code == 200 and json_of(response) == document,
        f"GET /openapi.json answered {response.status_code} with a document other than "
        "app.openapi()'s: replace app.openapi itself (the route calls it).",
    )
    problem = first_problem(document)
    expect(problem is None, f"openapi-spec-validator refuses the document: {problem}")
