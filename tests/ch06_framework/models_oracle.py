"""Run the same annotation and input through real pydantic and through our models.

The differential tests assert that both agree: the same converted value *and type*, or the
same list of errors (type, loc, msg, input, ctx).
"""

from __future__ import annotations

from typing import Any

import pydantic

from chapters.ch06_framework import models


def typed(value: Any) -> Any:
    """``value`` with the type of every part made explicit, so ``1 == 1.0`` no longer holds."""
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(item) for item in value])
    if isinstance(value, (set, frozenset)):
        return (type(value).__name__, sorted(map(repr, value)))
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    return (type(value).__name__, value)


def outcome(adapter: Any, error_type: type[Exception], value: Any) -> tuple[str, Any]:
    try:
        return "ok", typed(adapter.validate_python(value))
    except error_type as exc:
        return "error", exc.errors(include_url=False)  # type: ignore[attr-defined]


def ours(annotation: Any, value: Any) -> tuple[str, Any]:
    return outcome(models.TypeAdapter(annotation), models.ValidationError, value)


def theirs(annotation: Any, value: Any) -> tuple[str, Any]:
    return outcome(pydantic.TypeAdapter(annotation), pydantic.ValidationError, value)


def assert_same(annotation: Any, value: Any, their_annotation: Any = None) -> None:
    """Ours and pydantic's agree on ``value``; ``their_annotation`` if it must differ (Field)."""
    expected = theirs(annotation if their_annotation is None else their_annotation, value)
    assert ours(annotation, value) == expected


def spell(build: Any) -> tuple[Any, Any]:
    """``build(Field)`` with our Field and pydantic's: an annotation in both dialects."""
    return build(models.Field), build(pydantic.Field)
