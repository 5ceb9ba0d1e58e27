"""Optional, unions, Literal, enums, containers and constraints, against real pydantic."""

# These tests spell types as users do (Union, Optional, Literal[..., None]) and use
# mutable class defaults as models do: the rules against those do not apply here.
# ruff: noqa: UP007, UP045, PYI061

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal, Optional, Union

import pytest

from chapters.ch06_framework.models import TypeAdapter
from tests.ch06_framework.models_oracle import assert_same, ours, spell


class Op(str, enum.Enum):
    add = "add"
    subtract = "subtract"


class Color(enum.Enum):
    red = 1
    green = "g"


class Level(enum.IntEnum):
    low = 1
    high = 2


class Ratio(float, enum.Enum):
    half = 0.5


OTHER = object()

TABLE: list[tuple[Any, list[Any]]] = [
    (Optional[int], [None, 3, "3", "x", ""]),
    (int | None, [None, "x", []]),
    (Union[int, float], [3, 2.5, "3", "2.5", True, "abc", None, 3.0]),
    (Union[float, int], [3, 2.5, "3", "2.5"]),
    (Union[int, str], ["3", 3, 3.0, 3.5, None]),
    (Union[str, int], ["3", 3, 3.0]),
    (Union[bool, int], [1, True, "1", "true"]),
    (Union[int, bool], [1, True, "1", "true"]),
    (Union[int, str, None], [None, [], "a"]),
    (Union[int, list[int]], [3, [1, "2"], ["x"], "x"]),
    (Union[Literal["a"], int], ["a", "b", 1]),
    (Union[Op, int], ["add", 1, "x"]),
    (list[Union[int, float]], [[1, 2.5, "3"], [1, "x"]]),
    (Op, ["add", Op.add, "mul", 3, None, "ADD", b"add", []]),
    (Color, [1, "g", "1", Color.red, 3, []]),
    (Level, [1, "1", 1.0, 3, Level.low, "one", True, 1.5]),
    (Ratio, [0.5, "0.5", 1]),
    (Literal["a", "b"], ["a", "c", 1, None, []]),
    (Literal[1, 2], [1, "1", 3, True, 1.0]),
    (Literal["a", 1, None], ["a", 1, None, 2]),
    (
        list[int],
        [
            [1, "2"],
            (1, 2),
            {1, 2},
            frozenset([1]),
            "abc",
            b"ab",
            {"a": 1},
            [1, "x", None],
            range(3),
            {1: 2}.keys(),
            {1: 2}.values(),
            None,
        ],
    ),
    (list, [[1, "a"], (1,), "x"]),
    (set[int], [[1, 2, 1], (1,), {1}, "x", [1, "x"], [[1]], frozenset([1])]),
    (frozenset[int], [[1, 2], {1}, "x"]),
    (tuple[int, ...], [[1, "2"], (1,), [1, "x", "y"], "ab", []]),
    (tuple[int, str], [[1, "a"], [1], ["x"], [1, "a", 3], ["x", 2], "ab"]),
    (tuple[()], [[], [1]]),
    (tuple, [[1, "a"], "x"]),
    (dict[str, int], [{"a": "1"}, {1: 1}, {"a": "x", "b": None}, [("a", 1)], "x", None]),
    (dict, [{"a": 1}, []]),
    (dict[str, list[int]], [{"a": [1, "x"], "b": "y"}]),
    (list[Optional[int]], [[None, 1, "x"]]),
    (list[dict[str, list[Union[int, float]]]], [[{"a": [1, 2.5, "x"]}, "y"]]),
    (
        Union[
            Op,
            Color,
            Level,
            Ratio,
            Literal["a", 1],
            list[int],
            dict[str, int],
            set[int],
            tuple[int, ...],
            tuple[int, str],
            frozenset[int],
            list[Optional[int]],
            bool,
            list,
        ],
        [OTHER],
    ),
    (Any, [OTHER, None]),
]

CONSTRAINED = [
    (lambda F: Annotated[int, F(gt=1, lt=5)], [1, 5, "0", 3, "x", 1.5]),
    (lambda F: Annotated[int, F(ge=1, le=5)], [0, 6, 1, 5]),
    (lambda F: Annotated[float, F(ge=1.5)], [1, 1.0, 2]),
    (lambda F: Annotated[float, F(gt=0)], [0, -1.0, 1]),
    (
        lambda F: Annotated[str, F(min_length=2, max_length=3, pattern=r"^a")],
        ["a", "abcd", "ba", "ab"],
    ),
    (lambda F: Annotated[str, F(pattern=r"b")], ["abc", "xyz"]),
    (lambda F: Annotated[str, F(min_length=1)], [""]),
    (lambda F: Annotated[str, F(max_length=1)], ["ab"]),
    (
        lambda F: Annotated[list[int], F(min_length=2, max_length=3)],
        [[1], [1, 2, 3, 4], ["x"], [1, 2]],
    ),
    (lambda F: Annotated[list[int], F(min_length=1)], [[]]),
    (lambda F: Annotated[dict[str, int], F(min_length=1)], [{}]),
    (lambda F: Annotated[set[int], F(min_length=2)], [[1, 1]]),
    (lambda F: Annotated[frozenset[int], F(min_length=2)], [[1]]),
    (lambda F: Annotated[tuple[int, ...], F(max_length=1)], [[1, 2]]),
    (lambda F: Annotated[Optional[int], F(gt=1)], [None, 0, "x"]),
    (lambda F: Annotated[Union[int, float], F(gt=1)], [0, 0.5, 2]),
    (lambda F: Annotated[list[Annotated[int, F(gt=0)]], F(min_length=1)], [[0], [], [1]]),
    (lambda F: Union[int, Annotated[int, F(gt=3)], Annotated[str, F(min_length=3)]], [OTHER]),
    (lambda F: Optional[Annotated[float, F(gt=1)]], [OTHER]),
]


def _name(annotation: Any) -> str:
    return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")


@pytest.mark.parametrize(
    ("annotation", "value"),
    [pytest.param(a, v, id=f"{_name(a)}-{v!r}") for a, values in TABLE for v in values],
)
def test_type_matches_pydantic(annotation: Any, value: Any) -> None:
    assert_same(annotation, value)


@pytest.mark.parametrize(
    ("build", "value"),
    [
        pytest.param(b, v, id=f"{i}-{v!r}")
        for i, (b, values) in enumerate(CONSTRAINED)
        for v in values
    ],
)
def test_constraint_matches_pydantic(build: Any, value: Any) -> None:
    mine, pydantics = spell(build)
    assert_same(mine, value, pydantics)


def test_smart_union_keeps_ints_and_floats_apart() -> None:
    assert ours(Union[int, float], 3) == ("ok", ("int", 3))
    assert ours(Union[int, float], 2.5) == ("ok", ("float", 2.5))


def test_errors_from_every_item_are_collected_with_their_location() -> None:
    kind, errors = ours(list[int], [1, "x", None])
    assert kind == "error"
    assert [(e["type"], e["loc"]) for e in errors] == [("int_parsing", (1,)), ("int_type", (2,))]


def test_validate_prefixes_the_callers_location_and_never_raises() -> None:
    errors: list[Any] = []
    adapter = TypeAdapter(list[int])
    assert adapter.validate([1, "x"], ("query", "ids"), errors) is not None
    assert [e["loc"] for e in errors] == [("query", "ids", 1)]
    assert adapter.validate(["2"], ("query", "ids"), errors) == [2]


def test_an_unsupported_annotation_fails_when_compiled() -> None:
    with pytest.raises(TypeError, match="cannot validate"):
        TypeAdapter(complex)


def test_a_constraint_that_cannot_apply_fails_when_compiled() -> None:
    from chapters.ch06_framework.models import Field

    with pytest.raises(TypeError, match="max_length"):
        TypeAdapter(Annotated[int, Field(max_length=3)])
