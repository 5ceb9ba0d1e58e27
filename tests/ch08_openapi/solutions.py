"""Reference solutions to the exercises of ``notebooks/08_openapi.ipynb`` (the answer key).

``test_exercises.py`` runs each check in ``chapters/ch08_openapi/exercises/`` against these.
"""

from typing import Annotated, Any

from chapters.ch08_openapi import BaseModel, FastAPI, Field, HTTPException, Path, get_openapi

# --- exercise 1: every operation of a document ------------------------------------------------------

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def list_operations(document: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [
        (key.upper(), path, operation.get("operationId"))
        for path, item in document["paths"].items()
        for key, operation in item.items()
        if key in HTTP_METHODS
    ]


# --- exercise 2: a documented endpoint ------------------------------------------------------------


class Book(BaseModel):
    title: str = Field(examples=["Dune"])
    author: str
    year: int | None = None


class Message(BaseModel):
    detail: str


BOOKS = {1: {"title": "Dune", "author": "Frank Herbert", "year": 1965, "shelf": "B3"}}
library = FastAPI(title="Library", version="1.0.0")


@library.get(
    "/books/{book_id}",
    response_model=Book,
    tags=["books"],
    summary="Read a book",
    responses={404: {"model": Message, "description": "No such book"}},
)
def read_book(book_id: Annotated[int, Path(gt=0, description="The book's number")]):
    """One book, by its id."""
    if book_id not in BOOKS:
        raise HTTPException(status_code=404, detail=f"Book {book_id} not found")
    return BOOKS[book_id]


# --- exercise 3: an API key in the document -------------------------------------------------------

API_KEY_SCHEME = {"type": "apiKey", "in": "header", "name": "X-API-Key"}


def document_api_key(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for item in document["paths"].values():
                for operation in item.values():
                    secure_operation(operation)
            document.setdefault("components", {})["securitySchemes"] = {
                "APIKeyHeader": API_KEY_SCHEME
            }
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def secure_operation(operation: dict[str, Any]) -> None:
    """Replace the operation's X-API-Key header parameter by a security requirement."""
    parameters = operation.get("parameters", [])
    kept = [p for p in parameters if not (p["in"] == "header" and p["name"].lower() == "x-api-key")]
    if len(kept) == len(parameters):
        return
    operation["security"] = [{"APIKeyHeader": []}]
    if kept:
        operation["parameters"] = kept
    else:
        del operation["parameters"]
