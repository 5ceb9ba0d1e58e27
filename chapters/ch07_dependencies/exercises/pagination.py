"""Exercise 1 (easy): ``Page``, a pagination dependency class with bounds, shared by two endpoints."""

# No ``from __future__ import annotations``: the endpoints below are annotated with the reader's
# class, a local name that a string annotation could not resolve.
import inspect
from typing import Annotated, Any

from chapters.ch07_dependencies import Depends, FastAPI, TestClient
from chapters.ch07_dependencies.exercises.harness import error_summary, request
from chapters.support.exercises import (
    NotAttempted,
    Result,
    expect,
    guarded,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    with_reproducer,
)

TITLE = "Exercise 1, Page"
MISSING = "<missing>"

Errors = list[tuple[str, tuple[Any, ...]]]

# (url, the JSON expected, a hint when it differs)
ANSWERED: list[tuple[str, dict[str, Any], str]] = [
    (
        "/items",
        {"offset": 0, "limit": 20},
        "page defaults to 1 and size to 20, so offset = (page - 1) * size is 0",
    ),
    (
        "/items?page=3&size=10",
        {"offset": 20, "limit": 10},
        "page 3 of 10 skips the 2 pages before it: offset = (page - 1) * size, limit = size",
    ),
    ("/items?page=2", {"offset": 20, "limit": 20}, "offset = (page - 1) * size"),
    (
        "/items?page=1&size=1",
        {"offset": 0, "limit": 1},
        "page 1 and size 1 are allowed (ge=1)",
    ),
    ("/items?size=50", {"offset": 0, "limit": 50}, "size may be 50 (le=50)"),
]
REFUSED: list[tuple[str, Errors, str]] = [
    (
        "/items?page=0",
        [("greater_than_equal", ("query", "page"))],
        "pages start at 1: page: Annotated[int, Query(ge=1)] = 1",
    ),
    (
        "/items?size=0",
        [("greater_than_equal", ("query", "size"))],
        "a page holds at least one item: size: Annotated[int, Query(ge=1, le=50)] = 20",
    ),
    ("/items?size=51", [("less_than_equal", ("query", "size"))], "at most 50 items: le=50"),
    ("/items?page=two", [("int_parsing", ("query", "page"))], "page is an int"),
    (
        "/items?page=-1&size=x",
        [("greater_than_equal", ("query", "page")), ("int_parsing", ("query", "size"))],
        "both errors in one 422, in the order of Page's parameters: page, then size",
    ),
    (
        "/search?page=0",
        [("greater_than_equal", ("query", "page")), ("missing", ("query", "q"))],
        "the dependency's errors come first, then the endpoint's own (q), in one list",
    ),
]


@with_reproducer
def check_page_dependency(page_class: type | None) -> Result:
    """Exercise 1: ``Page`` reads ``page`` (an int from 1, default 1) and ``size`` (an int from
    1 to 50, default 20) from the query, and has ``offset = (page - 1) * size`` and
    ``limit = size``; endpoints ask for it with ``Annotated[Page, Depends()]``."""
    if page_class is None or is_placeholder(getattr(page_class, "__init__", None)):
        return not_attempted(TITLE)
    expect(
        inspect.isclass(page_class),
        f"{page_class!r} is not a class: write `class Page:` with an __init__ taking page and "
        "size, so that Depends() can take the class from the annotation and call it.",
    )
    try:
        client = TestClient(guarded(lambda: _app(page_class), "registering Page as a dependency"))
        for url, body, hint in ANSWERED:
            _check_answered(client, url, body, hint)
        for url, errors, hint in REFUSED:
            _check_refused(client, url, errors, hint)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _app(page_class: Any) -> FastAPI:
    """Two endpoints sharing the reader's ``Page``; they return the attributes it set."""
    app = FastAPI()

    @app.get("/items")
    def items(page: Annotated[page_class, Depends()]) -> dict[str, Any]:
        return {name: getattr(page, name, MISSING) for name in ("offset", "limit")}

    @app.get("/search")
    def search(q: str, page: Annotated[page_class, Depends()]) -> dict[str, Any]:
        return {"q": q, "offset": getattr(page, "offset", MISSING)}

    return app


def _check_answered(client: TestClient, url: str, body: dict[str, Any], hint: str) -> None:
    response = request(client, "GET", url)
    got = json_of(response)
    expect(
        response.status_code == 200,
        f"GET {url} answered {response.status_code} {response.text!r}, expected 200 with "
        f"{body}: {hint}.",
    )
    missing = [name for name, value in got.items() if value == MISSING]
    expect(
        not missing,
        f"GET {url}: the Page object has no attribute {' or '.join(missing)}: set "
        "self.offset and self.limit in __init__.",
    )
    expect(got == body, f"GET {url} gave Page attributes {got}, expected {body}: {hint}.")


def _check_refused(client: TestClient, url: str, expected: Errors, hint: str) -> None:
    response = request(client, "GET", url)
    detail = (json_of(response) or {}).get("detail") if response.status_code == 422 else None
    errors = error_summary(detail) if isinstance(detail, list) else None
    expect(
        errors is not None,
        f"GET {url} answered {response.status_code} {response.text!r}, expected a 422 with the "
        f"errors {expected} (as (type, loc)): {hint}.",
    )
    expect(
        errors == expected,
        f"GET {url} gave a 422 with the errors {errors}, expected {expected} (as (type, loc)): "
        f"{hint}.",
    )
