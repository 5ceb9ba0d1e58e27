"""Validators for ``list``, ``set``, ``frozenset``, ``tuple`` and ``dict`` with parameters.

A container validates every item with the item's compiled validator and keeps going after a
bad one, so ``[1, "x", None]`` for ``list[int]`` reports *two* errors, at ``(1,)`` and
``(2,)``. Items report errors relative to themselves; the container puts the index (or the
dict key) in front with :func:`~.errors.prefix_locs`, only when something went wrong.

Lax like pydantic: any iterable collection (a list, tuple, set, generator, ``dict.keys()``)
is accepted where a list is expected, but not a string, bytes or a dict, whose iteration
would silently mean something else.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, KeysView, Mapping, ValuesView
from itertools import repeat
from types import GeneratorType
from typing import Any

from chapters.ch06_framework.models.errors import INVALID, ErrorDict, make_error, prefix_locs

__all__ = ["dict_validator", "fixed_tuple_validator", "items_validator"]

Validate = Callable[[Any, list[ErrorDict]], Any]

# What lax mode accepts as "a collection of items" for list, tuple, set and frozenset.
COLLECTIONS = (list, tuple, set, frozenset, deque, GeneratorType, KeysView, ValuesView, range)

ERROR_TYPES: dict[type, str] = {
    list: "list_type",
    tuple: "tuple_type",
    set: "set_type",
    frozenset: "frozen_set_type",
}


def _validate_items(
    values: Iterable[Any], validators: Iterable[Validate], errors: list[ErrorDict]
) -> list[Any] | Any:
    """Each value through its validator; a list of results, or INVALID if any failed."""
    results = []
    failed = False
    for index, (value, validate) in enumerate(zip(values, validators)):
        start = len(errors)
        result = validate(value, errors)
        if result is INVALID:
            prefix_locs(errors, start, index)
            failed = True
        else:
            results.append(result)
    return INVALID if failed else results


def items_validator(kind: type, item: Validate | None) -> Validate:
    """``list[X]``, ``set[X]``, ``frozenset[X]``, ``tuple[X, ...]``; ``item=None`` means Any."""
    error_type = ERROR_TYPES[kind]

    def validate_items(value: Any, errors: list[ErrorDict]) -> Any:
        if not isinstance(value, COLLECTIONS):
            errors.append(make_error(error_type, value))
            return INVALID
        if item is None:
            return value if type(value) is kind else kind(value)
        results = _validate_items(value, repeat(item), errors)
        if results is INVALID or kind is list:
            return results
        return kind(results)

    return validate_items


def fixed_tuple_validator(items: list[Validate]) -> Validate:
    """``tuple[int, str]``: one validator per position, and exactly that many items."""
    size = len(items)

    def validate_tuple(value: Any, errors: list[ErrorDict]) -> Any:
        if not isinstance(value, COLLECTIONS):
            errors.append(make_error("tuple_type", value))
            return INVALID
        values = value if isinstance(value, (list, tuple)) else list(value)
        if len(values) > size:
            ctx = {"field_type": "Tuple", "max_length": size, "actual_length": len(values)}
            errors.append(make_error("too_long", value, ctx))
            return INVALID
        results = _validate_items(values, items, errors)
        for index in range(len(values), size):
            errors.append(make_error("missing", value, loc=(index,)))
            results = INVALID
        return INVALID if results is INVALID else tuple(results)

    return validate_tuple


def dict_validator(key: Validate | None, value_of: Validate | None) -> Validate:
    """``dict[K, V]``: keys and values validated; a bad key is located at ``(key, "[key]")``."""

    def validate_dict(value: Any, errors: list[ErrorDict]) -> Any:
        if not isinstance(value, Mapping):
            errors.append(make_error("dict_type", value))
            return INVALID
        if key is None and value_of is None:
            return dict(value)
        result: dict[Any, Any] = {}
        failed = False
        for raw_key, raw_value in value.items():
            start = len(errors)
            new_key = raw_key if key is None else key(raw_key, errors)
            if new_key is INVALID:
                prefix_locs(errors, start, "[key]")
                prefix_locs(errors, start, raw_key)
                failed = True
                continue
            new_value = raw_value if value_of is None else value_of(raw_value, errors)
            if new_value is INVALID:
                prefix_locs(errors, start, raw_key)
                failed = True
            else:
                result[new_key] = new_value
        return INVALID if failed else result

    return validate_dict
