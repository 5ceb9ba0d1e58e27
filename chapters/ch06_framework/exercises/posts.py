"""Exercise 2 (medium): an endpoint whose parameters come from the path, the query and a header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chapters.ch06_framework import FastAPI, TestClient
from chapters.ch06_framework.exercises.harness import error_summary, request
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

TITLE = "Exercise 2, list_posts"
PATH = "/users/{user_id}/posts"
TOKEN = {"X-Token": "abc"}


def _ok(user_id: int, limit: int, tags: list[str]) -> dict[str, Any]:
    return {"user_id": user_id, "limit": limit, "tags": tags, "token": "abc"}


# (url, headers, the status and JSON body expected, or the 422's errors as (type, loc); a hint)
ANSWERED: list[tuple[str, dict[str, str], dict[str, Any], str]] = [
    (
        "/users/7/posts",
        TOKEN,
        _ok(7, 10, []),
        "limit defaults to 10 and tag to an empty list",
    ),
    (
        "/users/7/posts?limit=50&tag=python&tag=web",
        TOKEN,
        _ok(7, 50, ["python", "web"]),
        (
            "tag: Annotated[list[str], Query()] collects every ?tag= of the query string (a plain "
            "str keeps only the last one; a list without Query() is read from the body), and limit "
            "may be 50 (le=50)"
        ),
    ),
    ("/users/1/posts?limit=1", TOKEN, _ok(1, 1, []), "user 1 and limit 1 are allowed (gt=0, ge=1)"),
]
REFUSED: list[tuple[str, dict[str, str], list[tuple[str, tuple[Any, ...]]], str]] = [
    (
        "/users/0/posts",
        TOKEN,
        [("greater_than", ("path", "user_id"))],
        "user ids start at 1: Annotated[int, Path(gt=0)]",
    ),
    (
        "/users/ada/posts",
        TOKEN,
        [("int_parsing", ("path", "user_id"))],
        "user_id is an int",
    ),
    (
        "/users/7/posts?limit=0",
        TOKEN,
        [("greater_than_equal", ("query", "limit"))],
        "limit is at least 1: Annotated[int, Query(ge=1, le=50)] = 10",
    ),
    (
        "/users/7/posts?limit=51",
        TOKEN,
        [("less_than_equal", ("query", "limit"))],
        "limit is at most 50: le=50",
    ),
    (
        "/users/7/posts",
        {},
        [("missing", ("header", "x-token"))],
        (
            "x_token: Annotated[str, Header()] is required and read from the X-Token header "
            "(Header() turns the underscore into a hyphen)"
        ),
    ),
    (
        "/users/-1/posts?limit=many",
        {},
        [
            ("greater_than", ("path", "user_id")),
            ("int_parsing", ("query", "limit")),
            ("missing", ("header", "x-token")),
        ],
        "every problem is reported in one 422",
    ),
]


@with_reproducer
def check_posts_endpoint(endpoint: Callable[..., Any] | None) -> Result:
    """Exercise 2: ``list_posts`` serves ``GET /users/{user_id}/posts``: ``user_id`` an int
    above 0 from the path, ``limit`` an int from 1 to 50 (default 10) and ``tag`` a list of
    strings (default empty) from the query, ``x_token`` a required ``X-Token`` header; it
    returns ``{"user_id", "limit", "tags", "token"}``."""
    if is_placeholder(endpoint):
        return not_attempted(TITLE)
    assert endpoint is not None
    app = FastAPI()
    try:
        guarded(lambda: app.get(PATH)(endpoint), f"registering it with @app.get({PATH!r})")
        client = TestClient(app)
        for url, headers, body, hint in ANSWERED:
            _check_answered(client, url, headers, body, hint)
        for url, headers, errors, hint in REFUSED:
            _check_refused(client, url, headers, errors, hint)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _shown(url: str, headers: dict[str, str]) -> str:
    return f"GET {url}" + (" with X-Token: abc" if headers else " without X-Token")


def _check_answered(
    client: TestClient, url: str, headers: dict[str, str], body: dict[str, Any], hint: str
) -> None:
    response = request(client, "GET", url, headers=headers)
    if response.status_code == 422:
        detail = (json_of(response) or {}).get("detail")
        hint = _misplaced(detail if isinstance(detail, list) else [], hint)
    expect(
        response.status_code == 200,
        f"{_shown(url, headers)} answered {response.status_code} {response.text!r}, expected "
        f"200: {hint}.",
    )
    expect(
        json_of(response) == body,
        f"{_shown(url, headers)} answered {response.text!r}, expected the JSON {body}: {hint}.",
    )


def _misplaced(errors: list[dict[str, Any]], fallback: str) -> str:
    """Why a request that should pass was refused: usually a value looked for in the wrong place."""
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if loc == ("query", "x_token"):
            return "x_token was looked for in the query string: declare it Annotated[str, Header()]"
        if loc == ("header", "x_token"):
            return (
                "a header named x_token was looked for: leave Header()'s convert_underscores on, "
                "so that the parameter x_token reads the header X-Token"
            )
        if loc[:1] == ("body",):
            return (
                f"{loc} was looked for in the request's body: a list parameter without Query() is "
                "a body parameter"
            )
    return fallback


def _check_refused(
    client: TestClient,
    url: str,
    headers: dict[str, str],
    expected: list[tuple[str, tuple[Any, ...]]],
    hint: str,
) -> None:
    response = request(client, "GET", url, headers=headers)
    detail = (json_of(response) or {}).get("detail") if response.status_code == 422 else None
    errors = error_summary(detail) if isinstance(detail, list) else None
    expect(
        errors is not None,
        f"{_shown(url, headers)} answered {response.status_code} {response.text!r}, expected a "
        f"422 with the errors {expected} (as (type, loc)): {hint}.",
    )
    expect(
        errors == expected,
        f"{_shown(url, headers)} gave a 422 with the errors {errors}, expected {expected} (as "
        f"(type, loc)): {hint}.",
    )
