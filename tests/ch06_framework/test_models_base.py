"""``BaseModel`` against pydantic's: the same classes, written once, built with both."""

# These tests spell types as users do (Union, Optional, Literal[..., None]) and use
# mutable class defaults as models do: the rules against those do not apply here.
# ruff: noqa: UP007, UP045, RUF012

from __future__ import annotations

import datetime as dt
import enum
import json
import uuid
from decimal import Decimal
from typing import Any, Optional, Union

import pydantic
import pytest

from chapters.ch06_framework import models


class CalculatorOperation(str, enum.Enum):
    add = "add"
    subtract = "subtract"
    multiply = "multiply"
    divide = "divide"


class Kind(enum.Enum):
    a = 1
    b = "b"


def define(Base: Any, Field: Any) -> Any:
    """The same models, for whichever library provides ``Base`` and ``Field``."""

    class CalculateIn(Base):
        a: Union[int, float]
        b: Union[int, float]
        operation: CalculatorOperation

    class Item(Base):
        name: str
        price: float = Field(gt=0, description="Price")
        tags: list[str] = []

    class Order(Base):
        id: int = Field(alias="orderId")
        items: list[Item]
        note: Optional[str] = None
        created: dt.datetime = Field(default_factory=lambda: dt.datetime(2024, 1, 2))

    class Everything(Base):
        when: dt.datetime
        day: dt.date
        at: dt.time
        took: dt.timedelta
        uid: uuid.UUID
        amount: Decimal
        op: CalculatorOperation
        kind: Kind
        seen: set[int] = set()
        pair: tuple[int, str] = (1, "a")
        extra: dict[int, float] = {}
        maybe: Optional[Item] = None
        nothing: Optional[int] = None
        inf: float = 0.0

    return {"CalculateIn": CalculateIn, "Item": Item, "Order": Order, "Everything": Everything}


OURS = define(models.BaseModel, models.Field)
THEIRS = define(pydantic.BaseModel, pydantic.Field)

EVERYTHING = {
    "when": "2024-01-02T03:04:05.5Z",
    "day": "2024-01-02",
    "at": "03:04:05+02:00",
    "took": "P1DT2H3.25S",
    "uid": "12345678123456781234567812345678",
    "amount": "1.50",
    "op": "add",
    "kind": 1,
    "seen": [3, 1, 2],
    "pair": ["2", "b"],
    "extra": {"1": "2.5"},
    "maybe": {"name": "pen", "price": "1"},
    "inf": "inf",
}

GOOD = [
    ("CalculateIn", {"a": 1, "b": 2, "operation": "add"}),
    ("CalculateIn", {"a": 1.5, "b": "2", "operation": "divide", "unknown": 1}),
    ("Item", {"name": "pen", "price": "1.5", "tags": ["a", "b"]}),
    ("Order", {"orderId": "7", "items": [{"name": "pen", "price": 1}], "note": None}),
    ("Everything", EVERYTHING),
]
BAD = [
    ("CalculateIn", {"a": "x", "operation": "mul"}),
    ("CalculateIn", {"a": None, "b": [], "operation": 1}),
    ("Item", {"price": 0}),
    ("Order", {"orderId": 1, "items": [{"name": "a", "price": 0}, {"price": "x"}], "extra": 1}),
    ("Order", {"id": 1, "items": []}),
    ("Order", {"orderId": 1, "items": {"name": "a"}}),
    ("Order", [1]),
    ("Order", None),
    ("Order", "abc"),
    ("Everything", {**EVERYTHING, "when": "x", "uid": "y", "kind": 3, "pair": [1], "seen": {}}),
]


def outcome(model: Any, data: Any, error: type[Exception], **options: Any) -> Any:
    try:
        return "ok", model.model_validate(data, **options).model_dump()
    except error as exc:
        return "error", exc.errors(include_url=False)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "data"), GOOD + BAD, ids=[f"{n}-{i}" for i, (n, _) in enumerate(GOOD + BAD)]
)
def test_model_validate_matches_pydantic(name: str, data: Any) -> None:
    expected = outcome(THEIRS[name], data, pydantic.ValidationError)
    assert outcome(OURS[name], data, models.ValidationError) == expected


@pytest.mark.parametrize("data", [[1], "abc", None, 3, {"name": 1}], ids=repr)
def test_from_attributes_matches_pydantic(data: Any) -> None:
    expected = outcome(THEIRS["Item"], data, pydantic.ValidationError, from_attributes=True)
    assert outcome(OURS["Item"], data, models.ValidationError, from_attributes=True) == expected


def test_from_attributes_reads_an_objects_attributes() -> None:
    class Row:
        name = "pen"
        price = 2

    assert OURS["Item"].model_validate(Row(), from_attributes=True).model_dump() == {
        "name": "pen",
        "price": 2.0,
        "tags": [],
    }


def test_the_framework_form_reports_model_attributes_type_like_fastapi() -> None:
    errors: list[Any] = []
    assert models.TypeAdapter(OURS["Item"]).validate([1], ("body",), errors) is models.INVALID
    assert errors == [
        {
            "type": "model_attributes_type",
            "loc": ("body",),
            "msg": "Input should be a valid dictionary or object to extract fields from",
            "input": [1],
        }
    ]


@pytest.mark.parametrize(
    "text",
    ['{"orderId": 1, "items": [}', "", "[1]", '{"orderId": 1}', b'{"orderId": 1, "items": []}'],
)
def test_model_validate_json_matches_pydantic_but_for_the_parser_s_wording(text: Any) -> None:
    def run(model: Any, error: type[Exception]) -> Any:
        try:
            return "ok", model.model_validate_json(text).model_dump()
        except error as exc:
            found = exc.errors(include_url=False)  # type: ignore[attr-defined]
            return "error", [(e["type"], e["loc"], e["input"]) for e in found]

    assert run(OURS["Order"], models.ValidationError) == run(
        THEIRS["Order"], pydantic.ValidationError
    )


def test_json_invalid_names_the_position() -> None:
    with pytest.raises(models.ValidationError) as caught:
        OURS["Order"].model_validate_json('{"orderId": 1, "items": [}')
    (error,) = caught.value.errors()
    assert error["type"] == "json_invalid"
    assert error["msg"].startswith("Invalid JSON: ") and "line 1 column 26" in error["msg"]


def _pair(name: str, data: Any) -> tuple[Any, Any]:
    return OURS[name].model_validate(data), THEIRS[name].model_validate(data)


@pytest.mark.parametrize(("name", "data"), GOOD, ids=[n for n, _ in GOOD])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"mode": "json"},
        {"by_alias": True},
        {"exclude_none": True},
        {"exclude_unset": True},
        {"mode": "json", "by_alias": True, "exclude_none": True},
    ],
    ids=repr,
)
def test_model_dump_matches_pydantic(name: str, data: Any, options: dict[str, Any]) -> None:
    mine, pydantics = _pair(name, data)
    assert mine.model_dump(**options) == pydantics.model_dump(**options)


@pytest.mark.parametrize(("name", "data"), GOOD, ids=[n for n, _ in GOOD])
def test_model_dump_json_matches_pydantic(name: str, data: Any) -> None:
    mine, pydantics = _pair(name, data)
    assert json.loads(mine.model_dump_json()) == json.loads(pydantics.model_dump_json())
    assert json.loads(mine.model_dump_json(by_alias=True)) == json.loads(
        pydantics.model_dump_json(by_alias=True)
    )
    assert mine.model_fields_set == pydantics.model_fields_set


def test_repr_str_and_equality_read_like_pydantic() -> None:
    data = {"name": "pen", "price": 1}
    mine, pydantics = _pair("Item", data)
    assert repr(mine) == repr(pydantics)
    assert str(mine) == str(pydantics)
    assert mine == OURS["Item"](**data) and mine != OURS["Item"](name="pen", price=2)


def test_the_seed_example() -> None:
    calculation = OURS["CalculateIn"](a=1, b=2.5, operation="add")
    assert (calculation.a, calculation.b) == (1, 2.5)
    assert type(calculation.a) is int and calculation.operation is CalculatorOperation.add
    assert calculation.model_dump(mode="json") == {"a": 1, "b": 2.5, "operation": "add"}


def test_init_raises_with_every_error_and_a_readable_message() -> None:
    with pytest.raises(models.ValidationError) as caught:
        OURS["CalculateIn"](a="x", operation="mul")
    assert caught.value.error_count() == 4 and caught.value.title == "CalculateIn"
    text = str(caught.value)
    assert text.startswith("4 validation errors for CalculateIn\na.int\n")
    assert "Field required [type=missing" in text


def test_mutable_defaults_are_not_shared() -> None:
    first, second = OURS["Item"](name="a", price=1), OURS["Item"](name="b", price=1)
    first.tags.append("x")
    assert second.tags == []
    assert OURS["Order"](orderId=1, items=[]).created == dt.datetime(2024, 1, 2)


def test_aliases_validate_by_alias_and_dump_by_alias() -> None:
    order = OURS["Order"].model_validate({"orderId": 3, "items": []})
    assert order.id == 3
    assert order.model_dump(by_alias=True)["orderId"] == 3
    assert "id" in order.model_dump()


def test_model_fields_describe_the_fields() -> None:
    fields = OURS["Order"].model_fields
    assert list(fields) == ["id", "items", "note", "created"]
    assert fields["id"].alias == "orderId" and fields["id"].is_required()
    assert fields["note"].annotation == Optional[str] and fields["note"].get_default() is None
    assert not fields["created"].is_required()


def test_an_instance_is_accepted_as_is_and_nested_models_validate() -> None:
    item = OURS["Item"](name="pen", price=1)
    order = OURS["Order"](orderId=1, items=[item, {"name": "cap", "price": 2}])
    assert order.items[0] is item and order.items[1].name == "cap"


class Tree(models.BaseModel):
    """Refers to itself and to a class defined after it (resolved on first use)."""

    value: int
    children: list[Tree] = []
    leaf: Optional[Leaf] = None


class Leaf(models.BaseModel):
    label: str


def test_recursive_and_forward_referenced_models() -> None:
    tree = Tree.model_validate({"value": "1", "children": [{"value": 2, "leaf": {"label": "x"}}]})
    assert tree.children[0].value == 2 and tree.children[0].leaf == Leaf(label="x")
    with pytest.raises(models.ValidationError) as caught:
        Tree.model_validate({"value": 1, "children": [{"value": "x"}]})
    assert caught.value.errors()[0]["loc"] == ("children", 0, "value")


def test_a_model_local_to_a_function_may_refer_to_itself() -> None:
    class Node(models.BaseModel):
        children: list[Node] = []

    assert Node.model_validate({"children": [{"children": []}]}).children[0] == Node()


def test_subclasses_inherit_fields() -> None:
    class Base(models.BaseModel):
        a: int
        b: int = 2

    class Child(Base):
        c: str = "c"

    assert list(Child.model_fields) == ["a", "b", "c"]
    assert Child(a="1").model_dump() == {"a": 1, "b": 2, "c": "c"}


def test_the_framework_form_narrows_a_subclass_instance_to_the_declared_model() -> None:
    class Secret(OURS["Item"]):
        password: str

    secret = Secret(name="pen", price=1, password="hunter2")
    narrowed = models.TypeAdapter(OURS["Item"]).validate(secret, (), [])
    assert type(narrowed) is OURS["Item"] and "password" not in narrowed.model_dump()
    assert OURS["Item"].model_validate(secret) is secret  # pydantic's model_validate keeps it
