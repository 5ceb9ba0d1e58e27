"""Signature analysis: every source, both marker styles, and the misuse caught at registration."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Literal

import pytest

from chapters.ch06_framework import (
    BaseModel,
    Body,
    Cookie,
    FastAPI,
    Field,
    Header,
    InvalidParameterError,
    Path,
    Query,
    Request,
)
from chapters.ch06_framework.analysis import SignatureAnalyzer, is_scalar, is_scalar_sequence
from chapters.ch06_framework.params import Body as BodyInfo
from chapters.ch06_framework.params import Query as QueryInfo


class Item(BaseModel):
    name: str


class Color(str, Enum):
    red = "red"


def analyze(endpoint: Callable[..., Any], path_params: set[str] | None = None) -> Any:
    return SignatureAnalyzer(path_params or set()).analyze(endpoint)


def only(endpoint: Callable[..., Any], path_params: set[str] | None = None) -> Any:
    (spec,) = analyze(endpoint, path_params).params
    return spec


# (endpoint, path params, expected source, alias, is_sequence)
SOURCES: list[tuple[Callable[..., Any], set[str], str, str, bool]] = [
    (lambda item_id: None, {"item_id"}, "path", "item_id", False),
    (lambda item_id=3: None, {"item_id"}, "path", "item_id", False),  # path params are required
    (lambda q: None, set(), "query", "q", False),
    (lambda q=None: None, set(), "query", "q", False),
    (lambda user_agent=Header(): None, set(), "header", "user-agent", False),
    (lambda x_ids=Header(None, convert_underscores=False): None, set(), "header", "x_ids", False),
    (lambda x_id=Header(alias="X-Special"): None, set(), "header", "X-Special", False),
    (lambda session=Cookie(None): None, set(), "cookie", "session", False),
    (lambda n=Query(alias="item-n"): None, set(), "query", "item-n", False),
    (lambda importance=Body(): None, set(), "body", "importance", False),
]


@pytest.mark.parametrize(("endpoint", "path_params", "source", "alias", "is_sequence"), SOURCES)
def test_each_source_and_its_wire_name(
    endpoint: Callable[..., Any], path_params: set[str], source: str, alias: str, is_sequence: bool
) -> None:
    spec = only(endpoint, path_params)
    assert (spec.source, spec.alias, spec.is_sequence) == (source, alias, is_sequence)


def test_types_choose_between_query_and_body() -> None:
    def endpoint(
        a: int,
        b: str | None,
        c: Color,
        d: Literal["x", "y"],
        e: datetime.date,
        f: Item,
        g: list[int],
        h: dict[str, int],
        i: Annotated[list[int], Query()],
        j: Request,
        k=None,  # no annotation: a query parameter of any type
    ) -> None: ...

    specs = analyze(endpoint).params
    sources = {spec.name: spec.source for spec in specs}
    assert sources == {
        "a": "query", "b": "query", "c": "query", "d": "query", "e": "query",
        "f": "body", "g": "body", "h": "body",  # a list without Query() is a body, as in FastAPI
        "i": "query", "j": "request", "k": "query",
    }  # fmt: skip
    assert [spec.is_sequence for spec in specs if spec.source == "query"] == [False] * 5 + [
        True,
        False,
    ]


def test_annotated_and_default_markers_mean_the_same() -> None:
    def with_default(limit: int = Query(10, ge=1, description="How many")) -> None: ...

    def with_annotated(limit: Annotated[int, Query(ge=1, description="How many")] = 10) -> None: ...

    for endpoint in (with_default, with_annotated):
        spec = only(endpoint)
        info = spec.field_info
        assert isinstance(info, QueryInfo)
        assert (spec.source, info.default, info.ge, info.description) == (
            "query",
            10,
            1,
            "How many",
        )
        assert not info.is_required()


Limit = Annotated[int, Query(ge=1)]  # module level: string annotations resolve in the module


def test_an_annotated_marker_shared_by_two_endpoints_keeps_each_default() -> None:
    def first(limit: Limit = 10) -> None: ...

    def second(limit: Limit) -> None: ...

    assert only(first).field_info.default == 10
    assert only(second).field_info.is_required()


def test_a_plain_field_in_annotated_keeps_its_constraints_with_the_inferred_source() -> None:
    def endpoint(q: Annotated[str, Field(max_length=3)] = "abc") -> None: ...

    spec = only(endpoint)
    errors: list[Any] = []
    spec.adapter.validate("abcd", ("query", "q"), errors)
    assert [(error["type"], error["loc"]) for error in errors] == [
        ("string_too_long", ("query", "q"))
    ]


def test_body_embedding() -> None:
    def single(item: Item) -> None: ...

    def embedded(item: Annotated[Item, Body(embed=True)]) -> None: ...

    def several(item: Item, importance: int = Body()) -> None: ...

    assert analyze(single).embed_body is False
    assert analyze(embedded).embed_body is True
    assert analyze(several).embed_body is True
    assert isinstance(analyze(several).params[1].field_info, BodyInfo)


def endpoint_with(signature: str) -> Callable[..., Any]:
    namespace: dict[str, Any] = {}
    exec(  # noqa: S102  # builds endpoints from the table below
        f"def endpoint({signature}): pass",
        {"Annotated": Annotated, "Query": Query, "Path": Path, "Body": Body, "Header": Header,
         "Cookie": Cookie, "Field": Field, "Item": Item, "Request": Request},
        namespace,
    )  # fmt: skip
    return namespace["endpoint"]


# (signature, path params, expected message fragment)
MISUSE: list[tuple[str, set[str], str]] = [
    ("q: Annotated[int, Query(3)]", set(), "default value cannot be set in `Annotated`"),
    ("q: Annotated[int, Query()] = Query(3)", set(), "both in `Annotated` and as the default"),
    ("item_id: int = Query()", {"item_id"}, "cannot use `Query` for a path parameter"),
    ("item_id: Annotated[int, Path()] = 3", {"item_id"}, "path parameters cannot have a default"),
    ("item_id: int = Path(3)", {"item_id"}, "path parameters cannot have a default"),
    ("other: int = Path()", {"item_id"}, "the route's path has no {other} (it has: item_id)"),
    ("item_id: list[int]", {"item_id"}, "a path parameter must be a single value"),
    ("q: list[Item] = Query()", set(), "a query parameter must be a value or a list of values"),
    (
        "h: dict[str, int] = Header()",
        set(),
        "a header parameter must be a value or a list of values",
    ),
    ("c: list[str] = Cookie()", set(), "a cookie parameter must be a single value"),
    ("request: Annotated[Request, Query()]", set(), "a Request parameter takes no Query"),
    ("q: int = Field(3)", set(), "not Field()"),
    ("*args", set(), "*args and **kwargs"),
    ("q: 'Undefined'", set(), "cannot resolve the type hints"),
]


@pytest.mark.parametrize(
    ("signature", "path_params", "message"), MISUSE, ids=[m[0] for m in MISUSE]
)
def test_misuse_is_a_named_error_at_registration(
    signature: str, path_params: set[str], message: str
) -> None:
    with pytest.raises(InvalidParameterError, match="endpoint\\(\\)") as caught:
        analyze(endpoint_with(signature), path_params)
    assert message in str(caught.value)


def test_the_app_refuses_a_bad_route_when_it_is_declared() -> None:
    app = FastAPI()
    with pytest.raises(InvalidParameterError, match="read_item\\(\\), parameter 'item_id'"):

        @app.get("/items/{item_id}")
        def read_item(item_id: int = Query()) -> None: ...

    assert app.routes == []


@pytest.mark.parametrize(
    ("annotation", "scalar", "scalar_sequence"),
    [
        (int, True, False),
        (int | None, True, False),
        (Annotated[str, Field(max_length=3)], True, False),
        (Literal["a", "b"], True, False),
        (Color, True, False),
        (Any, True, False),
        (Item, False, False),
        (list[int], False, True),
        (list[int] | None, False, True),
        (set[str], False, True),
        (tuple[int, ...], False, True),
        (list, False, True),
        (list[Item], False, False),
        (list[int] | Item, False, False),
        (dict[str, int], False, False),
    ],
)
def test_scalar_and_scalar_sequence(annotation: Any, scalar: bool, scalar_sequence: bool) -> None:
    assert (is_scalar(annotation), is_scalar_sequence(annotation)) == (scalar, scalar_sequence)
