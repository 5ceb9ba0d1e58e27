"""Exercise 2 (medium): document an endpoint so that its operation says what a reader needs.

The facts are checked on the document (``check_document``, which the tests also run on the
document real FastAPI writes for the reference answer), then on the application itself: the
document promises a ``Book``, a 404 and a 422, and the endpoint must keep those promises.
"""

from __future__ import annotations

from typing import Any

from chapters.ch06_framework.routing import APIRoute
from chapters.ch08_openapi import FastAPI, TestClient
from chapters.ch08_openapi.exercises.harness import first_problem, operation_of, schema_name
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

TITLE = "Exercise 2, the library's documentation"
PATH = "/books/{book_id}"
DUNE = {"title": "Dune", "author": "Frank Herbert", "year": 1965}
WHOSE = "The document"


@with_reproducer
def check_library_docs(library: FastAPI | None) -> Result:
    """Exercise 2: ``GET /books/{book_id}`` is documented with tags, a summary, a description,
    a described and constrained path parameter, a ``Book`` response (with an example) and a
    404 ``Message``; and the application answers as its document says."""
    route = _find_route(library)
    if route is None or is_placeholder(route.endpoint):
        return not_attempted(TITLE)
    assert library is not None
    try:
        document = guarded(library.openapi, "library.openapi()")
        check_document(document)
        _check_behaviour(library)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _find_route(library: Any) -> APIRoute | None:
    for route in getattr(library, "routes", ()):
        if isinstance(route, APIRoute) and route.path_format == PATH and "GET" in route.methods:
            return route
    return None


def check_document(document: dict[str, Any]) -> None:
    """Every fact the exercise asks of the document; ExerciseFailed names the first one missing."""
    operation = operation_of(document, "get", PATH, WHOSE)
    _check_metadata(operation)
    _check_parameter(operation)
    _check_responses(operation)
    _check_book(document.get("components", {}).get("schemas", {}))
    problem = first_problem(document)
    expect(problem is None, f"openapi-spec-validator refuses the document: {problem}")


def _check_metadata(operation: dict[str, Any]) -> None:
    expect(
        operation.get("operationId") == "read_book_books__book_id__get",
        f"The operationId is {operation.get('operationId')!r}, expected "
        "'read_book_books__book_id__get': keep the function's name, read_book.",
    )
    expect(
        operation.get("tags") == ["books"],
        f"The operation's tags are {operation.get('tags')!r}, expected ['books']: "
        "@library.get(..., tags=['books']).",
    )
    expect(
        operation.get("summary") == "Read a book",
        f"The summary is {operation.get('summary')!r}, expected 'Read a book' (without "
        "summary=..., it is the function's name, title-cased).",
    )
    expect(
        operation.get("description") == "One book, by its id.",
        f"The description is {operation.get('description')!r}, expected 'One book, by its id.': "
        "the endpoint's docstring becomes the description.",
    )


def _check_parameter(operation: dict[str, Any]) -> None:
    parameters = operation.get("parameters", [])
    names = [(p.get("name"), p.get("in")) for p in parameters]
    expect(
        names == [("book_id", "path")],
        f"The operation's parameters are {names} as (name, in), expected [('book_id', 'path')].",
    )
    parameter = parameters[0]
    schema = parameter.get("schema", {})
    expect(
        parameter.get("description") == "The book's number",
        f"book_id's description is {parameter.get('description')!r}, expected \"The book's "
        'number": Path(description=...).',
    )
    expect(
        schema.get("type") == "integer" and schema.get("exclusiveMinimum") == 0,
        f"book_id's schema is {schema}, expected an integer with exclusiveMinimum 0: "
        "Annotated[int, Path(gt=0, ...)] (ge=1 would say minimum 1: the same numbers for an int, "
        "but the exercise asks for greater than 0).",
    )


def _content_schema(response: Any) -> Any:
    if not isinstance(response, dict):
        return None
    return response.get("content", {}).get("application/json", {}).get("schema")


def _check_responses(operation: dict[str, Any]) -> None:
    responses = operation.get("responses", {})
    expect(
        sorted(responses) == ["200", "404", "422"],
        f"The operation documents the statuses {sorted(responses)}, expected ['200', '404', "
        "'422']: responses={404: {...}} adds the 404; the 422 comes by itself.",
    )
    ok = _content_schema(responses["200"])
    expect(
        schema_name(ok) == "Book",
        f"The 200 response's schema is {ok}, expected a $ref to Book: response_model=Book.",
    )
    not_found = responses["404"]
    expect(
        not_found.get("description") == "No such book",
        f"The 404's description is {not_found.get('description')!r}, expected 'No such book': "
        "responses={404: {'model': Message, 'description': 'No such book'}}.",
    )
    expect(
        schema_name(_content_schema(not_found)) == "Message",
        f"The 404's content is {not_found.get('content')}, expected a $ref to Message: "
        "'model': Message in the 404's entry.",
    )


def _check_book(schemas: dict[str, Any]) -> None:
    book = schemas.get("Book", {})
    properties = book.get("properties", {})
    expect(
        list(properties) == ["title", "author", "year"],
        f"Book's properties are {list(properties)}, expected ['title', 'author', 'year'] in "
        "that order.",
    )
    title, author, year = properties["title"], properties["author"], properties["year"]
    expect(
        title.get("type") == "string" and author.get("type") == "string",
        f"title is {title} and author is {author}: both are str.",
    )
    expect(
        title.get("examples") == ["Dune"],
        f"title's schema is {title}, expected 'examples': ['Dune']: "
        "Field(examples=['Dune']) (a list: JSON Schema's examples keyword holds several).",
    )
    kinds = sorted(str(member.get("type")) for member in year.get("anyOf", []))
    expect(
        kinds == ["integer", "null"],
        f"year's schema is {year}, expected anyOf integer or null: year: int | None = None.",
    )
    expect(
        book.get("required") == ["title", "author"],
        f"Book's required list is {book.get('required')}, expected ['title', 'author'] (year "
        "has a default, None).",
    )


def _check_behaviour(library: FastAPI) -> None:
    """The document promises a Book, a 404 and a 422: the application must keep them."""
    client = TestClient(library)
    response = guarded(lambda: sent(client, "GET", "/books/1"), "GET /books/1")
    expect(
        response.status_code == 200 and json_of(response) == DUNE,
        f"GET /books/1 answered {response.status_code} {response.text!r}, expected 200 "
        f"{DUNE} (keep the cell's BOOKS; response_model=Book leaves out 'shelf').",
    )
    response = guarded(
        lambda: sent(client, "GET", "/books/2"),
        "GET /books/2",
        " (an unknown id is a 404: raise HTTPException(status_code=404, detail=...))",
    )
    detail = (json_of(response) or {}).get("detail")
    expect(
        response.status_code == 404 and isinstance(detail, str),
        f"GET /books/2 answered {response.status_code} {response.text!r}, expected 404 "
        "{'detail': '...'}: raise HTTPException(status_code=404, detail=...) for an unknown id.",
    )
    response = guarded(lambda: sent(client, "GET", "/books/0"), "GET /books/0")
    errors = (json_of(response) or {}).get("detail")
    locs = [error.get("loc") for error in errors] if isinstance(errors, list) else None
    expect(
        response.status_code == 422 and locs == [["path", "book_id"]],
        f"GET /books/0 answered {response.status_code} {response.text!r}, expected 422 with one "
        "error at ['path', 'book_id']: the document says exclusiveMinimum 0, so 0 is refused.",
    )
