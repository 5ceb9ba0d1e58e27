"""Exercise 3 (stretching): a 422 handler that answers with RFC 9457 "problem details"."""

# No ``from __future__ import annotations``: the endpoints below use Annotated markers that the
# framework reads at registration, and plain annotations keep that obvious.
import inspect
from collections.abc import Callable
from typing import Annotated, Any

from chapters.ch06_framework import (
    BaseModel,
    FastAPI,
    Field,
    Query,
    Request,
    RequestValidationError,
    Response,
    TestClient,
)
from chapters.ch06_framework.exercises.harness import request
from chapters.support.exercises import (
    ExerciseFailed,
    NotAttempted,
    Result,
    expect,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    with_reproducer,
)

TITLE = "Exercise 3, problem_details"
MEDIA_TYPE = "application/problem+json"


class Line(BaseModel):
    sku: str = Field(min_length=1)
    quantity: int = Field(ge=1)


class Order(BaseModel):
    customer: str
    lines: list[Line] = Field(min_length=1)


def _app(handlers: dict[Any, Any] | None) -> FastAPI:
    """The same small API, with the reader's handler or (``None``) FastAPI's default one."""
    app = FastAPI(exception_handlers=handlers)

    @app.get("/items/{item_id}")
    async def read_item(item_id: int, limit: Annotated[int, Query(ge=1)] = 10) -> dict[str, int]:
        return {"item_id": item_id, "limit": limit}

    @app.post("/orders")
    async def create_order(order: Order) -> dict[str, int]:
        return {"lines": len(order.lines)}

    return app


# Requests that fail validation: (method, url, JSON body or None)
REFUSED: list[tuple[str, str, Any]] = [
    ("GET", "/items/abc?limit=0", None),  # two errors: path and query
    ("GET", "/items/5?limit=x", None),  # one error
    (
        "POST",
        "/orders",
        {"customer": "ada", "lines": [{"sku": "A1", "quantity": 0}, {"sku": "", "quantity": 2}]},
    ),  # nested locations: lines.0.quantity, lines.1.sku
    ("POST", "/orders", {"lines": []}),  # missing customer, too few lines
]


@with_reproducer
def check_problem_details_handler(handler: Callable[..., Any] | None) -> Result:
    """Exercise 3: ``problem_details(request, exc)`` answers every ``RequestValidationError``
    with 422, ``content-type: application/problem+json`` and ``{"type": "about:blank",
    "title": "Unprocessable Content", "status": 422, "detail": "N validation error(s)",
    "instance": <the request's path>, "invalid-params": [{"in", "name", "reason"}, ...]}``, one
    item per error: ``in`` is the first element of its ``loc``, ``name`` the rest joined by
    ``.``, ``reason`` its ``msg``."""
    if is_placeholder(handler):
        return not_attempted(TITLE)
    assert handler is not None
    ours = TestClient(_app({RequestValidationError: _probe(handler)}))
    default = TestClient(_app(None))
    try:
        for method, url, body in REFUSED:
            expected = _expected(request(default, method, url, json=body), url)
            _check_problem(request(ours, method, url, json=body), method, url, expected)
        fine = request(ours, "GET", "/items/5?limit=2")
    except NotAttempted:
        return not_attempted(TITLE)
    expect(
        fine.status_code == 200 and json_of(fine) == {"item_id": 5, "limit": 2},
        f"GET /items/5?limit=2 (valid) answered {fine.status_code} {fine.text!r}: only "
        "invalid requests should reach your handler.",
    )
    return passed(TITLE)


def _probe(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Call the reader's handler (sync or async); what it returns must be a response."""

    async def probe(request: Request, exc: Exception) -> Any:
        result = handler(request, exc)
        if inspect.isawaitable(result):
            result = await result
        if not isinstance(result, Response):
            raise ExerciseFailed(
                f"your handler returned {result!r}, not a response: return "
                f"JSONResponse(problem, status_code=422, media_type={MEDIA_TYPE!r})."
            )
        return result

    return probe


def _expected(default: Any, url: str) -> dict[str, Any]:
    """The problem built from FastAPI's default 422 for the same request."""
    errors = default.json()["detail"]
    count = len(errors)
    return {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": f"{count} validation error{'' if count == 1 else 's'}",
        "instance": url.partition("?")[0],
        "invalid-params": [
            {
                "in": error["loc"][0],
                "name": ".".join(str(part) for part in error["loc"][1:]),
                "reason": error["msg"],
            }
            for error in errors
        ],
    }


def _check_problem(response: Any, method: str, url: str, expected: dict[str, Any]) -> None:
    shown = f"{method} {url}"
    expect(
        response.status_code == 422,
        f"{shown} answered {response.status_code}, expected 422: a problem's status is the "
        "answer's status, and the request is still unprocessable.",
    )
    content_type = response.headers.get("content-type", "")
    expect(
        content_type.startswith(MEDIA_TYPE),
        f"{shown} answered with content-type {content_type!r}, expected {MEDIA_TYPE!r} "
        f"(RFC 9457 §3): JSONResponse(..., media_type={MEDIA_TYPE!r}).",
    )
    problem = json_of(response)
    expect(isinstance(problem, dict), f"{shown} answered {response.text!r}, not a JSON object.")
    for key in ("type", "title", "status", "detail", "instance"):
        expect(
            problem.get(key) == expected[key],
            f"{shown}: the problem's {key!r} is {problem.get(key)!r}, expected {expected[key]!r}.",
        )
    _check_params(problem.get("invalid-params"), shown, expected["invalid-params"])
    expect(
        problem == expected,
        f"{shown}: the problem has the members {sorted(problem)}, expected exactly "
        f"{sorted(expected)}.",
    )


def _check_params(params: Any, shown: str, expected: list[dict[str, Any]]) -> None:
    expect(
        isinstance(params, list),
        f"{shown}: 'invalid-params' is {params!r}, expected a list, one item per error of "
        "exc.errors().",
    )
    expect(
        len(params) == len(expected),
        f"{shown}: 'invalid-params' has {len(params)} item(s), but the request has "
        f"{len(expected)} error(s): one item per error of exc.errors(), in order.",
    )
    for got, want in zip(params, expected, strict=True):
        expect(
            got == want,
            f"{shown}: an item of 'invalid-params' is {got!r}, expected {want!r} (in: loc[0]; "
            "name: the rest of loc joined by '.'; reason: the error's msg).",
        )
