"""Exercise 1 (easy): an exception handler that turns ``ValueError`` into a 400 JSON answer."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from chapters.ch05_toolkit import JSONResponse, Request, Response, Route, Starlette, TestClient
from chapters.ch05_toolkit.exercises.harness import NotAttempted, untouched
from chapters.support.exercises import (
    ExerciseFailed,
    Result,
    expect,
    not_attempted,
    passed,
    sent,
    with_reproducer,
)

TITLE = "Exercise 1, value_error_handler"


async def _number(request: Request) -> JSONResponse:
    n = int(request.query_params["n"])  # int("abc") raises ValueError
    return JSONResponse({"double": 2 * n})


async def _parse(request: Request) -> JSONResponse:
    return JSONResponse(await request.json())  # bad JSON raises json.JSONDecodeError, a ValueError


async def _boom(request: Request) -> JSONResponse:
    raise RuntimeError("a bug, not bad input")


@with_reproducer
def check_value_error_handler(handler: Callable[..., Any] | None) -> Result:
    """Exercise 1: ``value_error_handler(request, exc)`` answers ``400`` with the JSON
    ``{"detail": str(exc)}`` for any ``ValueError`` (subclasses included)."""
    if untouched(handler):
        return not_attempted(TITLE)
    assert handler is not None
    problems: list[BaseException] = []
    app = Starlette(
        routes=[
            Route("/number", _number),
            Route("/parse", _parse, methods=["POST"]),
            Route("/boom", _boom),
        ],
        exception_handlers={ValueError: _probe(handler, problems)},
    )
    client = TestClient(app, raise_server_exceptions=False)
    try:
        _check_bad_number(client, problems)
    except NotAttempted:
        return not_attempted(TITLE)
    _check_json_decode_error(client)
    ok = sent(client, "GET", "/number", params={"n": "21"})
    expect(
        ok.status_code == 200 and _json(ok) == {"double": 42},
        f"GET /number?n=21 (no error) answered {ok.status_code} {ok.text!r}: only errors should reach your handler.",
    )
    bug = sent(client, "GET", "/boom")
    expect(
        bug.status_code == 500,
        f"GET /boom raises RuntimeError, a bug, but answered {bug.status_code} {bug.text!r}: "
        "the handler is for ValueError only; a bug must still be a 500.",
    )
    return passed(TITLE)


def _probe(handler: Callable[..., Any], problems: list[BaseException]) -> Callable[..., Any]:
    """Call the reader's handler, remembering what it raised or returned that is not a response."""

    async def probe(request: Request, exc: Exception) -> Any:
        try:
            result = handler(request, exc)
            if inspect.isawaitable(result):
                result = await result
        except BaseException as error:
            problems.append(error)
            raise
        if not isinstance(result, Response):
            problems.append(
                ExerciseFailed(
                    f"your handler returned {result!r}, not a response: return "
                    "JSONResponse({'detail': str(exc)}, status_code=400)."
                )
            )
        return result

    return probe


def _check_bad_number(client: TestClient, problems: list[BaseException]) -> None:
    response = sent(client, "GET", "/number", params={"n": "abc"})
    detail = "invalid literal for int() with base 10: 'abc'"
    if problems:
        problem = problems[0]
        if isinstance(problem, NotImplementedError):
            raise NotAttempted
        if isinstance(problem, ExerciseFailed):
            raise problem
        raise ExerciseFailed(f"for GET /number?n=abc your handler raised {problem!r}") from problem
    expect(
        response.status_code == 400,
        f"GET /number?n=abc (the endpoint's int('abc') raises ValueError) answered "
        f"{response.status_code}, expected 400: pass status_code=400 to the response.",
    )
    content_type = response.headers.get("content-type", "")
    expect(
        content_type.startswith("application/json"),
        f"the 400 has content-type {content_type!r}, expected application/json: return a JSONResponse.",
    )
    expect(
        _json(response) == {"detail": detail},
        f'the 400\'s body is {response.text!r}, expected {{"detail": {detail!r}}}: '
        "the detail is str(exc), the exception's message.",
    )


def _check_json_decode_error(client: TestClient) -> None:
    response = sent(
        client, "POST", "/parse", content=b"{not json", headers={"content-type": "application/json"}
    )
    expect(
        response.status_code == 400 and "detail" in (_json(response) or {}),
        f"POST /parse with a broken JSON body (json.JSONDecodeError, a subclass of ValueError) "
        f"answered {response.status_code} {response.text!r}, expected 400 with a detail.",
    )


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
