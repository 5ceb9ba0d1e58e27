"""Constraints (``gt``, ``max_length``, ``pattern``...) as checks run after conversion.

Why after: ``Query(ge=1)`` on an ``int`` must compare the *number* 3, not the text "3", so a
constraint wraps the type's validator and looks at its result. The error still reports the
original input (``"0"``), as pydantic does, because that is what the client sent.

Each check is built once, with its bound already converted and its message already
rendered, and returns ``None`` (fine) or a :class:`~.errors.Failure`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from chapters.ch06_framework.models.errors import INVALID, ErrorDict, Failure, make_error, render

__all__ = ["Check", "constrain", "length_checks", "order_checks", "pattern_check"]

Check = Callable[[Any], Failure | None]
Validate = Callable[[Any, list[ErrorDict]], Any]

# name -> (comparison the value must pass, pydantic's error type)
ORDER = {
    "gt": (operator.gt, "greater_than"),
    "ge": (operator.ge, "greater_than_equal"),
    "lt": (operator.lt, "less_than"),
    "le": (operator.le, "less_than_equal"),
}

# The word pydantic uses for each container in too_short / too_long messages.
FIELD_TYPES: dict[type, str] = {
    list: "List",
    tuple: "Tuple",
    set: "Set",
    frozenset: "Frozenset",
    dict: "Dictionary",
}


def _order_check(name: str, bound: Any, target: type | None) -> Check:
    passes, error_type = ORDER[name]
    # pydantic quotes the bound as written in the message, but converted in ctx (0 -> 0.0).
    message = render(error_type, {name: bound})
    if target is float and isinstance(bound, int):
        bound = float(bound)
    elif target is Decimal and not isinstance(bound, Decimal):
        bound = Decimal(str(bound))
    ctx = {name: bound}

    def check(value: Any) -> Failure | None:
        return None if passes(value, bound) else Failure(error_type, ctx, message)

    return check


def order_checks(constraints: dict[str, Any], target: type | None) -> list[Check]:
    """``gt``/``ge``/``lt``/``le`` checks for numbers (and anything else that orders)."""
    return [_order_check(name, constraints[name], target) for name in ORDER if name in constraints]


def length_checks(constraints: dict[str, Any], container: type | None) -> list[Check]:
    """``min_length``/``max_length``: characters for ``str``, items for containers."""
    checks: list[Check] = []
    for name, error_type, too_far in (
        ("min_length", "too_short", operator.lt),
        ("max_length", "too_long", operator.gt),
    ):
        limit = constraints.get(name)
        if limit is None:
            continue
        if container is None:  # a string
            ctx = {name: limit}
            checks.append(
                _string_length_check(limit, too_far, Failure(f"string_{error_type}", ctx))
            )
        else:
            checks.append(_items_check(name, limit, too_far, error_type, FIELD_TYPES[container]))
    return checks


def _string_length_check(
    limit: int, too_far: Callable[[int, int], bool], failure: Failure
) -> Check:
    def check(value: Any) -> Failure | None:
        return failure if too_far(len(value), limit) else None

    return check


def _items_check(
    name: str, limit: int, too_far: Callable[[int, int], bool], error_type: str, field_type: str
) -> Check:
    def check(value: Any) -> Failure | None:
        size = len(value)
        if not too_far(size, limit):
            return None
        return Failure(error_type, {"field_type": field_type, name: limit, "actual_length": size})

    return check


def pattern_check(pattern: str) -> Check:
    """``pattern``: the string must contain a match (``re.search``, as pydantic does)."""
    search = re.compile(pattern).search
    failure = Failure("string_pattern_mismatch", {"pattern": pattern})

    def check(value: Any) -> Failure | None:
        return None if search(value) else failure

    return check


def constrain(validate: Validate, checks: list[Check]) -> Validate:
    """Wrap ``validate`` so its result must also pass ``checks`` (the first failure wins)."""
    if not checks:
        return validate

    def validate_constrained(value: Any, errors: list[ErrorDict]) -> Any:
        result = validate(value, errors)
        if result is INVALID:
            return result
        for check in checks:
            failure = check(result)
            if failure is not None:
                error = make_error(failure.type, value, failure.ctx)
                if failure.msg is not None:
                    error["msg"] = failure.msg
                errors.append(error)
                return INVALID
        return result

    return validate_constrained
