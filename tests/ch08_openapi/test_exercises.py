"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom). What the checks ask is also held against
real FastAPI: its document for the reference library has every fact exercise 2 checks, and
its document for ``APIKeyHeader(name="X-API-Key")`` is the one exercise 3 asks for.
"""

# No ``from __future__ import annotations``: FastAPI resolves the annotations of endpoints
# defined inside the tests' functions, which string annotations would hide from it.
import copy
from collections.abc import Callable
from typing import Annotated, Any

import fastapi
import pydantic
import pytest
from fastapi.security import APIKeyHeader
from openapi_spec_validator import validate

from chapters.ch08_openapi import (
    BaseModel,
    FastAPI,
    Field,
    HTTPException,
    Path,
    TestClient,
    get_openapi,
)
from chapters.ch08_openapi.exercises import (
    ExerciseFailed,
    check_api_key_docs,
    check_library_docs,
    check_list_operations,
)
from chapters.ch08_openapi.exercises import api_key as api_key_check
from chapters.ch08_openapi.exercises import library as library_check
from chapters.ch08_openapi.exercises import listing as listing_check
from tests.ch08_openapi import solutions

CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_list_operations, solutions.list_operations),
    (check_library_docs, solutions.library),
    (check_api_key_docs, solutions.document_api_key),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=["listing", "library", "api-key"])
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


# --- placeholders, as the notebook gives them ---------------------------------------------------


def listing_placeholder(document):  # type: ignore[no-untyped-def]
    raise NotImplementedError  # exercise 1


def listing_half_done(document: dict[str, Any]) -> list[Any]:
    if document["paths"]:
        raise NotImplementedError("the rest")
    return []


def library_placeholder() -> FastAPI:
    """The notebook's cell as given: the route is there, its endpoint is not written yet."""

    class Book(BaseModel): ...  # exercise 2

    library = FastAPI(title="Library", version="1.0.0")

    @library.get("/books/{book_id}")
    def read_book(book_id: int):  # type: ignore[no-untyped-def]
        raise NotImplementedError  # exercise 2

    return library


def api_key_placeholder(app):  # type: ignore[no-untyped-def]
    raise NotImplementedError  # exercise 3


def api_key_half_done(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        raise NotImplementedError("the document")

    app.openapi = openapi  # type: ignore[method-assign]


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_list_operations, listing_placeholder),
        (check_list_operations, listing_half_done),
        (check_list_operations, None),
        (check_library_docs, library_placeholder()),
        (check_library_docs, None),
        (check_api_key_docs, api_key_placeholder),
        (check_api_key_docs, api_key_half_done),
        (check_api_key_docs, None),
    ],
    ids=[
        "listing", "listing-half", "listing-none", "library", "library-none", "api-key",
        "api-key-half", "api-key-none",
    ],
)  # fmt: skip
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


# --- exercise 1: wrong answers --------------------------------------------------------------------


def lower_case(document: dict[str, Any]) -> list[Any]:
    return [
        (method, path, op.get("operationId"))
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in solutions.HTTP_METHODS
    ]


def every_key(document: dict[str, Any]) -> list[Any]:
    return [
        (method.upper(), path, op.get("operationId"))
        for path, item in document["paths"].items()
        for method, op in item.items()
    ]


def id_required(document: dict[str, Any]) -> list[Any]:
    return [
        (method.upper(), path, op["operationId"])
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in solutions.HTTP_METHODS
    ]


def common_methods_only(document: dict[str, Any]) -> list[Any]:
    return [
        (method.upper(), path, op.get("operationId"))
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in ("get", "put", "post", "delete", "patch")
    ]


def sorted_listing(document: dict[str, Any]) -> list[Any]:
    return sorted(solutions.list_operations(document), key=repr)


def summaries(document: dict[str, Any]) -> list[Any]:
    return [
        (method.upper(), path, op.get("summary"))
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in solutions.HTTP_METHODS
    ]


def as_dict(document: dict[str, Any]) -> dict[str, Any]:
    return {path: list(item) for path, item in document["paths"].items()}


def as_generator(document: dict[str, Any]) -> Any:
    return ([m, p, i] for m, p, i in solutions.list_operations(document))


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lower_case, r"capitals.*'GET', not 'get'"),
        (every_key, r"raised AttributeError.*may also hold 'summary'.*only the keys get"),
        (id_required, r"raised KeyError\('operationId'\).*operation.get\('operationId'\)"),
        (common_methods_only, r"missing \[\('OPTIONS', '/files/\{name\}', None\), \('HEAD'"),
        (sorted_listing, r"the right operations, but expected the document's order"),
        (summaries, r"missing \[\('GET', '/', 'home__get'\)"),
        (as_dict, r"each entry is a tuple of three"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_wrong_listing_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_list_operations(wrong)


def test_an_iterable_of_lists_passes_too() -> None:
    assert check_list_operations(as_generator) == "passed"


def test_listing_documents_are_valid_openapi() -> None:
    validate(listing_check.HANDWRITTEN)
    validate(listing_check.application_document())


# --- exercise 2: wrong answers --------------------------------------------------------------------


BOOK_ID = Annotated[int, Path(gt=0, description="The book's number")]
TITLE = (str, Field(examples=["Dune"]))


def library(
    *,
    options: dict[str, Any] | None = None,
    book_id: Any = BOOK_ID,
    docstring: str | None = "One book, by its id.",
    title: Any = TITLE,
    year: Any = (int | None, None),
    missing: Callable[[int], Any] | None = None,
    name: str = "read_book",
) -> FastAPI:
    """The reference library with one thing changed, chosen by the keyword arguments."""
    namespace: dict[str, Any] = {"__annotations__": {"title": title[0]}, "title": title[1]}
    namespace["__annotations__"]["author"] = str
    if year is not None:
        namespace["__annotations__"]["year"] = year[0]
        if year[1] is not ...:
            namespace["year"] = year[1]
    book = type("Book", (BaseModel,), namespace)
    app = FastAPI(title="Library", version="1.0.0")
    decorator: dict[str, Any] = {
        "response_model": book,
        "tags": ["books"],
        "summary": "Read a book",
        "responses": {404: {"model": solutions.Message, "description": "No such book"}},
    }
    decorator.update(options or {})
    decorator = {key: value for key, value in decorator.items() if value is not None}

    def endpoint(book_id: Any) -> Any:
        if book_id not in solutions.BOOKS:
            if missing is not None:
                return missing(book_id)
            raise HTTPException(status_code=404, detail=f"Book {book_id} not found")
        return solutions.BOOKS[book_id]

    endpoint.__annotations__["book_id"] = book_id
    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = docstring
    app.get("/books/{book_id}", **decorator)(endpoint)
    return app


def answer_400(book_id: int) -> Any:
    raise HTTPException(status_code=400, detail="no")


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (library(name="get_book"), r"operationId is 'get_book_books.*keep the function's name"),
        (library(options={"tags": None}), r"tags are None, expected \['books'\]"),
        (library(options={"tags": ["Books"]}), r"tags are \['Books'\]"),
        (library(options={"summary": None}), r"summary is 'Read Book'"),
        (library(docstring=None), r"description is None.*docstring"),
        (library(book_id=int), r"book_id's description is None"),
        (
            library(book_id=Annotated[int, Path(ge=1, description="The book's number")]),
            r"exclusiveMinimum 0.*ge=1 would say minimum 1",
        ),
        (library(options={"response_model": None}), r"200 response's schema is \{\}.*response_model"),
        (library(options={"responses": None}), r"statuses \['200', '422'\].*responses=\{404"),
        (
            library(options={"responses": {404: {"description": "No such book"}}}),
            r"404's content is None.*'model': Message",
        ),
        (
            library(options={"responses": {404: {"model": solutions.Message}}}),
            r"404's description is 'Not Found', expected 'No such book'",
        ),
        (library(title=(str, Field())), r"expected 'examples': \['Dune'\]"),
        (library(title=(str, Field(examples="Dune"))), r"title's schema .*'examples': 'Dune'"),
        (library(year=(int, ...)), r"year's schema .*anyOf integer or null"),
        (library(year=(int | None, ...)), r"required list is \['title', 'author', 'year'\]"),
        (library(year=None), r"properties are \['title', 'author'\]"),
        (library(missing=answer_400), r"GET /books/2 answered 400"),
        (library(missing=lambda book_id: None), r"GET /books/2 raised ResponseValidationError.*is a 404"),
    ],
    ids=[
        "renamed", "no-tags", "tag-case", "no-summary", "no-docstring", "no-description", "ge",
        "no-response-model", "no-404", "404-without-model", "404-without-description",
        "no-examples", "examples-not-a-list", "year-required-int", "year-required",
        "no-year", "400", "returns-none",
    ],
)  # fmt: skip
def test_wrong_library_fails_with_a_plain_message(wrong: FastAPI, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_library_docs(wrong)


def test_library_facts_are_fastapis() -> None:
    """Real FastAPI writes every fact the check asks for, given the reference answer."""

    class Book(pydantic.BaseModel):
        title: str = pydantic.Field(examples=["Dune"])
        author: str
        year: int | None = None

    class Message(pydantic.BaseModel):
        detail: str

    app = fastapi.FastAPI(title="Library", version="1.0.0")

    @app.get(
        "/books/{book_id}",
        response_model=Book,
        tags=["books"],
        summary="Read a book",
        responses={404: {"model": Message, "description": "No such book"}},
    )
    def read_book(book_id: Annotated[int, fastapi.Path(gt=0, description="The book's number")]):
        """One book, by its id."""

    library_check.check_document(app.openapi())
    assert app.openapi() == solutions.library.openapi()


# --- exercise 3: wrong answers --------------------------------------------------------------------


def secured(
    *,
    replace_components: bool = False,
    secure: Callable[[dict[str, Any]], None] = solutions.secure_operation,
    cache: bool = True,
    keep_description: bool = True,
) -> Callable[[FastAPI], None]:
    """A ``document_api_key`` with one thing done wrong, chosen by the keyword arguments."""

    def document_api_key(app: FastAPI) -> None:
        def openapi() -> dict[str, Any]:
            if app.openapi_schema is not None and cache:
                return app.openapi_schema
            description = app.description if keep_description else None
            document = get_openapi(
                title=app.title, version=app.version, description=description, routes=app.routes
            )
            for item in document["paths"].values():
                for operation in item.values():
                    secure(operation)
            scheme = {"securitySchemes": {"APIKeyHeader": solutions.API_KEY_SCHEME}}
            if replace_components:
                document["components"] = scheme
            else:
                document["components"].update(scheme)
            app.openapi_schema = document
            return document

        app.openapi = openapi  # type: ignore[method-assign]

    return document_api_key


def secure_everything(operation: dict[str, Any]) -> None:
    solutions.secure_operation(operation)
    operation["security"] = [{"APIKeyHeader": []}]


def keep_the_header(operation: dict[str, Any]) -> None:
    if any(p["name"] == "x-api-key" for p in operation.get("parameters", [])):
        operation["security"] = [{"APIKeyHeader": []}]


def case_sensitive(operation: dict[str, Any]) -> None:
    if any(p["name"] == "X-API-Key" for p in operation.get("parameters", [])):
        solutions.secure_operation(operation)


def drop_every_header(operation: dict[str, Any]) -> None:
    before = operation.get("parameters", [])
    solutions.secure_operation(operation)
    if "security" in operation:
        operation["parameters"] = [p for p in before if p["in"] != "header"]


def recursive(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        document = app.openapi()
        document["components"]["securitySchemes"] = {"APIKeyHeader": solutions.API_KEY_SCHEME}
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def appends_each_call(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        document = build()  # cached by the chapter's method: the same dict every time
        document["components"]["securitySchemes"] = {"APIKeyHeader": solutions.API_KEY_SCHEME}
        for item in document["paths"].values():
            for operation in item.values():
                if operation.get("security") or any(
                    p["name"] == "x-api-key" for p in operation.get("parameters", [])
                ):
                    operation["parameters"] = [
                        p for p in operation.get("parameters", []) if p["name"] != "x-api-key"
                    ]
                    operation.setdefault("security", []).append({"APIKeyHeader": []})
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def returns_the_document(app: FastAPI) -> dict[str, Any]:
    document = copy.deepcopy(app.openapi())
    document["components"]["securitySchemes"] = {"APIKeyHeader": solutions.API_KEY_SCHEME}
    return document


def returns_nothing(app: FastAPI) -> None:
    def openapi() -> None:
        app.openapi_schema = None

    app.openapi = openapi  # type: ignore[method-assign]


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (secured(replace_components=True), r"components/schemas is gone.*do not replace"),
        (secured(secure=secure_everything), r"GET /health does not read X-API-Key, yet"),
        (secured(secure=keep_the_header), r"GET /notes still lists the x-api-key header"),
        (secured(secure=case_sensitive), r"GET /notes has 'security': None.*case-insensitive"),
        (secured(secure=drop_every_header), r"GET /notes/\{note_id\} is .*remove only the x-api-key"),
        (secured(cache=False), r"built a new document on its second call"),
        (secured(keep_description=False), r"top level changed.*keep the title, version and desc"),
        (recursive, r"raised RecursionError.*keep the original method"),
        (appends_each_call, r"changed the document again on its second call"),
        (returns_the_document, r"left app.openapi as it was: assign your own function"),
        (returns_nothing, r"returned NoneType, expected the document"),
    ],
    ids=[
        "replace-components", "secure-everything", "keep-header", "case-sensitive",
        "drop-every-header", "no-cache", "no-description", "recursive", "appends-each-call",
        "returns-document", "returns-nothing",
    ],
)  # fmt: skip
def test_wrong_api_key_docs_fail_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_api_key_docs(wrong)


def test_keeping_the_original_method_passes_too() -> None:
    """The other way round the recursion: keep the chapter's method, change its document once."""

    def document_api_key(app: FastAPI) -> None:
        build = app.openapi

        def openapi() -> dict[str, Any]:
            document = build()
            components = document["components"]
            if "securitySchemes" not in components:
                components["securitySchemes"] = {"APIKeyHeader": solutions.API_KEY_SCHEME}
                for item in document["paths"].values():
                    for operation in item.values():
                        solutions.secure_operation(operation)
            return document

        app.openapi = openapi  # type: ignore[method-assign]

    assert check_api_key_docs(document_api_key) == "passed"


def test_api_key_document_is_fastapis() -> None:
    """The document the check asks for is the one FastAPI writes for APIKeyHeader: the same
    notes API with ``APIKeyHeader(name="X-API-Key")`` in place of the header dependency."""

    class Note(pydantic.BaseModel):
        text: str

    api_key = APIKeyHeader(name="X-API-Key")
    app = fastapi.FastAPI(title="Notes", version="1.0.0", description="Notes, kept for you.")

    @app.get("/health")
    def health() -> dict[str, str]: ...

    @app.get("/notes", dependencies=[fastapi.Depends(api_key)])
    def list_notes(limit: int = 10) -> list[Note]: ...

    @app.post("/notes", status_code=201)
    def add_note(note: Note, key: Annotated[str, fastapi.Depends(api_key)]) -> Note: ...

    @app.get("/notes/{note_id}")
    def read_note(
        note_id: int,
        key: Annotated[str, fastapi.Depends(api_key)],
        x_trace: Annotated[str | None, fastapi.Header()] = None,
    ) -> Note: ...

    @app.get("/search")
    def search(q: str, x_trace: Annotated[str | None, fastapi.Header()] = None) -> list[Note]: ...

    ours = api_key_check.notes_app()
    solutions.document_api_key(ours)
    assert ours.openapi() == app.openapi()
    secured_ops = {
        (method, path)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if "security" in operation
    }
    assert secured_ops == api_key_check.PROTECTED


# --- the line to reproduce a failed request -------------------------------------------------------

REPRODUCE = "  reproduce, with client = TestClient(app): "


def test_a_failed_request_ends_with_a_line_that_sends_it_again() -> None:
    wrong = library(missing=answer_400)
    with pytest.raises(ExerciseFailed) as failed:
        check_library_docs(wrong)
    message = str(failed.value)
    assert message.splitlines()[-1] == REPRODUCE + "client.get('/books/2')"
    pasted = message.splitlines()[-1].removeprefix(REPRODUCE)  # as the reader would paste it
    response = eval(pasted, {"client": TestClient(wrong)})
    assert (response.status_code, response.json()) == (400, {"detail": "no"})


@pytest.mark.parametrize(
    ("check", "wrong"),
    [
        (check_library_docs, library(options={"tags": None})),
        (check_api_key_docs, secured(secure=keep_the_header)),
    ],
    ids=["library", "api-key"],
)
def test_a_failure_in_the_document_names_no_request(check: Callable[..., str], wrong: Any) -> None:
    with pytest.raises(ExerciseFailed) as failed:
        check(wrong)
    assert "reproduce" not in str(failed.value)
