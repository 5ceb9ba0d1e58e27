"""``model_json_schema()`` and ``TypeAdapter.json_schema()`` equal to pydantic's."""

# These tests spell types as users do (Union, Optional, Literal[..., None]) and use
# mutable class defaults as models do: the rules against those do not apply here.
# ruff: noqa: UP007, UP045, RUF012

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

import pydantic
import pytest

from chapters.ch06_framework import models


class Op(str, enum.Enum):
    """Operations."""

    add = "add"
    sub = "sub"


class Level(enum.IntEnum):
    one = 1


class Mixed(enum.Enum):
    a = 1
    b = "x"


def define(Base: Any, Field: Any) -> dict[str, Any]:
    class CalculateIn(Base):
        a: Union[int, float]
        b: Union[int, float]
        operation: Op

    class Item(Base):
        """An item."""

        name: str = Field(
            min_length=1, max_length=5, pattern="^a", description="The name", examples=["abc"]
        )
        price: float = Field(gt=0, le=10.5)
        qty: int = Field(default=1, ge=0, lt=100, alias="quantity", title="Q")
        my_field: int = Field(0, alias="myAlias", description="d")
        tags: list[str] = []
        s: set[int] = set()
        t: tuple[int, str]
        te: tuple[int, ...] = ()
        f: frozenset[str] = frozenset()
        d: dict[str, float] = {}
        dd: dict = Field(default_factory=dict)
        op: Op = Op.add
        n: Optional[Level] = None
        c: Mixed
        lit: Literal["a", "b"] = "a"
        lit1: Literal[3]
        litm: Literal["a", 1]
        u: Union[int, float]
        u2: int | str | None = None
        when: dt.datetime
        day: dt.date
        tm: dt.time
        td: dt.timedelta
        id: uuid.UUID
        dec: Decimal = Field(ge=1)
        b: bool = True
        a: Any = None
        anything: list = []
        nothing: None = None
        e: Op = Field(description="desc", examples=["add"])
        o: Optional[list[Annotated[int, Field(gt=0)]]] = None
        ints: Annotated[list[int], Field(min_length=1, max_length=3)] = [1]

    class Order(Base):
        items: list[Item]
        main: Item = Field(description="the main one")
        opt: Optional[Item] = None
        byname: dict[str, Item] = {}
        either: Union[Item, int] = 0

    return {"CalculateIn": CalculateIn, "Item": Item, "Order": Order}


OURS = define(models.BaseModel, models.Field)
THEIRS = define(pydantic.BaseModel, pydantic.Field)


@pytest.mark.parametrize("name", list(OURS))
@pytest.mark.parametrize("by_alias", [True, False])
def test_model_json_schema_equals_pydantic(name: str, by_alias: bool) -> None:
    assert OURS[name].model_json_schema(by_alias=by_alias) == THEIRS[name].model_json_schema(
        by_alias=by_alias
    )


def test_ref_template_moves_the_references() -> None:
    template = "#/components/schemas/{model}"
    assert OURS["Order"].model_json_schema(ref_template=template) == THEIRS[
        "Order"
    ].model_json_schema(ref_template=template)


@pytest.mark.parametrize(
    "build",
    [
        lambda F, M: list[M],
        lambda F, M: Optional[int],
        lambda F, M: Annotated[int, F(gt=1)],
        lambda F, M: Annotated[str, F(max_length=3)],
        lambda F, M: dict[str, list[M]],
        lambda F, M: Op,
        lambda F, M: tuple[()],
        lambda F, M: M,
    ],
)
def test_type_adapter_json_schema_equals_pydantic(build: Any) -> None:
    mine = models.TypeAdapter(build(models.Field, OURS["Item"])).json_schema()
    assert mine == pydantic.TypeAdapter(build(pydantic.Field, THEIRS["Item"])).json_schema()


def test_shared_defs_collect_every_model_and_reference_the_top_one() -> None:
    defs: dict[str, Any] = {}
    template = "#/components/schemas/{model}"
    schema = models.TypeAdapter(OURS["Order"]).json_schema(ref_template=template, defs=defs)
    assert schema == {"$ref": "#/components/schemas/Order"}
    assert sorted(defs) == ["Item", "Level", "Mixed", "Op", "Order"]
    expected = THEIRS["Order"].model_json_schema(ref_template=template)
    assert defs["Item"] == expected["$defs"]["Item"]


def test_keys_are_sorted_like_pydantic_s() -> None:
    mine = OURS["Item"].model_json_schema()
    theirs = THEIRS["Item"].model_json_schema()
    assert list(mine) == list(theirs)
    assert list(mine["properties"]["name"]) == list(theirs["properties"]["name"])
