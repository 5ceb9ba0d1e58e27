"""Property tests: random JSON-like input never breaks a validator, and pydantic agrees."""

# These tests spell types as users do (Union, Optional, Literal[..., None]) and use
# mutable class defaults as models do: the rules against those do not apply here.
# ruff: noqa: UP007, UP045

from __future__ import annotations

import enum
from typing import Any, Literal, Optional, Union

import pydantic
from hypothesis import given, settings
from hypothesis import strategies as st

from chapters.ch06_framework import models
from tests.ch06_framework.models_oracle import theirs, typed


class Op(str, enum.Enum):
    add = "add"
    subtract = "subtract"


class CalculateIn(models.BaseModel):
    a: Union[int, float]
    b: Union[int, float]
    operation: Op


class PydanticCalculateIn(pydantic.BaseModel):
    a: Union[int, float]
    b: Union[int, float]
    operation: Op


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["3", " 4 ", "2.5", "3.0", "true", "off", "add", "1e3", "", "-0"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
CALCULATIONS = st.fixed_dictionaries({"a": JSON, "b": JSON, "operation": JSON}) | JSON

ANNOTATIONS = [
    int,
    float,
    bool,
    str,
    Optional[int],
    Union[int, float],
    Union[int, str],
    list[int],
    dict[str, float],
    Literal["a", 1],
    Op,
    tuple[int, str],
    list[Optional[Union[int, bool]]],
]


def ours(annotation: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", typed(models.TypeAdapter(annotation).validate_python(value))
    except models.ValidationError as exc:  # nothing else may escape
        return "error", exc.errors()


def summary(result: tuple[str, Any]) -> Any:
    kind, detail = result
    return (kind, detail) if kind == "ok" else (kind, [(e["type"], e["loc"]) for e in detail])


@settings(max_examples=150, deadline=None)
@given(annotation=st.sampled_from(ANNOTATIONS), value=JSON)
def test_random_input_gives_a_value_or_validation_errors_like_pydantic(
    annotation: Any, value: Any
) -> None:
    assert summary(ours(annotation, value)) == summary(theirs(annotation, value))


@settings(max_examples=100, deadline=None)
@given(data=CALCULATIONS)
def test_random_calculations_agree_with_pydantic(data: Any) -> None:
    def run(model: Any, error: type[Exception]) -> Any:
        try:
            return "ok", typed(model.model_validate(data).model_dump())
        except error as exc:
            return "error", [(e["type"], e["loc"]) for e in exc.errors()]  # type: ignore[attr-defined]

    assert run(CalculateIn, models.ValidationError) == run(
        PydanticCalculateIn, pydantic.ValidationError
    )
