"""The per-request solver: reading the body, finding each value, defaults, and every error collected."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any

import pytest

from chapters.ch05_toolkit.types import Message
from chapters.ch06_framework import (
    BaseModel,
    Body,
    Cookie,
    Header,
    HTTPException,
    Query,
    Request,
    RequestValidationError,
)
from chapters.ch06_framework.analysis import SignatureAnalyzer
from chapters.ch06_framework.models import Undefined
from chapters.ch06_framework.solving import RequestSolver, is_json_content_type


class Item(BaseModel):
    name: str
    price: float


def make_request(
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    body: bytes = b"",
    path_params: dict[str, Any] | None = None,
) -> Request:
    chunks = [body[:3], body[3:]]  # the body in two messages, as a server may deliver it

    async def receive() -> Message:
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    scope = {
        "type": "http", "method": "POST", "path": "/", "query_string": query,
        "headers": headers or [], "path_params": path_params or {},
    }  # fmt: skip
    return Request(scope, receive)


def solver_for(endpoint: Callable[..., Any], path_params: set[str] | None = None) -> RequestSolver:
    return RequestSolver(SignatureAnalyzer(path_params or set()).analyze(endpoint))


def solve(solver: RequestSolver, request: Request) -> tuple[dict[str, Any], list[Any]]:
    async def run() -> tuple[dict[str, Any], list[Any]]:
        body = await solver.read_body(request) if solver.needs_body else Undefined
        return await solver.solve(request, body)

    return asyncio.run(run())


JSON = [(b"content-type", b"application/json")]


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        (JSON, b'{"a": 1}', {"a": 1}),
        ([(b"content-type", b"application/json; charset=utf-8")], b"[1]", [1]),
        ([(b"content-type", b"application/merge-patch+json")], b"null", None),
        ([(b"content-type", b"text/plain")], b'{"a": 1}', b'{"a": 1}'),  # not JSON by its type: raw
        ([], b'{"a": 1}', b'{"a": 1}'),  # no content type: raw too (FastAPI's strict_content_type)
        (JSON, b"", Undefined),  # an empty body is no body
    ],
)
def test_read_body(headers: list[tuple[bytes, bytes]], body: bytes, expected: Any) -> None:
    solver = solver_for(lambda item=Body(): None)
    assert asyncio.run(solver.read_body(make_request(headers=headers, body=body))) == expected


def test_malformed_json_is_json_invalid_with_the_offset() -> None:
    solver = solver_for(lambda item=Body(): None)
    with pytest.raises(RequestValidationError) as caught:
        asyncio.run(solver.read_body(make_request(headers=JSON, body=b'{"a": }')))
    assert caught.value.errors() == [
        {"type": "json_invalid", "loc": ("body", 6), "msg": "JSON decode error", "input": {},
         "ctx": {"error": "Expecting value"}},
    ]  # fmt: skip
    assert caught.value.body == '{"a": }'


def test_a_body_that_is_not_text_at_all_is_a_400() -> None:
    solver = solver_for(lambda item=Body(): None)
    with pytest.raises(HTTPException) as caught:
        asyncio.run(solver.read_body(make_request(headers=JSON, body=b"\xff\xfe\xfa")))
    assert (caught.value.status_code, caught.value.detail) == (
        400,
        "There was an error parsing the body",
    )


def test_is_json_content_type() -> None:
    assert is_json_content_type("Application/JSON")
    assert is_json_content_type("application/problem+json; charset=utf-8")
    assert not is_json_content_type("application/jsonx")
    assert not is_json_content_type("text/json")


def test_values_from_every_source_converted() -> None:
    def endpoint(
        item_id: int,
        tags: Annotated[list[int], Query()],
        x_token: Annotated[list[str], Header()],
        session: Annotated[str, Cookie()],
        item: Item,
        request: Request,
        q: str = "default",
    ) -> None: ...

    request = make_request(
        query=b"tags=1&tags=2",
        headers=[(b"x-token", b"a"), (b"x-token", b"b"), (b"cookie", b"session=s1"), *JSON],
        body=b'{"name": "saw", "price": "2.5"}',
        path_params={"item_id": "7"},
    )
    values, errors = solve(solver_for(endpoint, {"item_id"}), request)
    assert errors == []
    assert values == {
        "item_id": 7, "tags": [1, 2], "x_token": ["a", "b"], "session": "s1",
        "item": Item(name="saw", price=2.5), "request": request, "q": "default",
    }  # fmt: skip


def test_every_error_is_collected_in_fastapis_order() -> None:
    def endpoint(
        item: Item, limit: int, item_id: int, user_agent: Annotated[str, Header()]
    ) -> None: ...

    request = make_request(
        query=b"limit=x", headers=JSON, body=b'{"price": "free"}', path_params={"item_id": "y"}
    )
    _, errors = solve(solver_for(endpoint, {"item_id"}), request)
    assert [(error["type"], error["loc"]) for error in errors] == [
        ("int_parsing", ("path", "item_id")),
        ("int_parsing", ("query", "limit")),
        ("missing", ("header", "user-agent")),
        ("missing", ("body", "name")),
        ("float_parsing", ("body", "price")),
    ]
    assert errors[2] == {
        "type": "missing",
        "loc": ("header", "user-agent"),
        "msg": "Field required",
        "input": None,
    }


def test_defaults_are_fresh_copies_and_empty_lists_count_as_absent() -> None:
    def endpoint(tags: Annotated[list[str], Query()] = []) -> None: ...  # noqa: B006  # the point of the test

    solver = solver_for(endpoint)
    first, _ = solve(solver, make_request(query=b""))
    first["tags"].append("changed")
    second, _ = solve(solver, make_request(query=b"other=1"))
    assert second == {"tags": []}


def test_embedded_body_parameters_read_their_own_keys() -> None:
    def endpoint(
        item: Item, importance: Annotated[int, Body()], note: Annotated[str | None, Body()] = None
    ) -> None: ...

    solver = solver_for(endpoint)
    values, errors = solve(
        solver,
        make_request(headers=JSON, body=b'{"item": {"name": "a", "price": 1}, "importance": "3"}'),
    )
    assert errors == [] and values == {
        "item": Item(name="a", price=1.0),
        "importance": 3,
        "note": None,
    }
    _, errors = solve(solver, make_request(headers=JSON, body=b'"just a string"'))
    assert [error["loc"] for error in errors] == [
        ("body", "item"),
        ("body", "importance"),
        ("body", "note"),
    ]
    assert {error["type"] for error in errors} == {"missing"}  # an object was needed, as in FastAPI


def test_solving_does_no_work_for_sources_the_endpoint_does_not_use() -> None:
    solver = solver_for(lambda: None)
    request = make_request(query=b"a=1")
    assert solve(solver, request) == ({}, [])
    assert not hasattr(request, "_query_params") and not solver.needs_body
