"""``jsonable_encoder``: turn whatever an endpoint returns into values ``json.dumps`` accepts.

Why: endpoints return models, datetimes, UUIDs, enums, sets, dataclasses; JSON knows only
objects, arrays, strings, numbers, booleans and null. Without a ``response_model`` this is
how the return value is made JSON-ready (with one, the models layer dumps it instead). The
conversions are FastAPI's, so answers are byte-for-byte the same:

====================  =========================================================
``BaseModel``         ``model_dump(mode="json")`` (by alias), then encoded again
dataclass             ``dataclasses.asdict``, then encoded
``Enum``              its ``.value``
``datetime``/``date`` ``isoformat()`` (``"2024-01-02T03:04:05"``)
``timedelta``         total seconds as a float
``Decimal``           an ``int`` if it has no fractional digits, else a ``float``
``UUID``, ``Path``    ``str()``
``bytes``             decoded as UTF-8
``set``, ``tuple``    a list
====================  =========================================================

Anything else is tried as ``dict(obj)``, then ``vars(obj)``; failing both raises ``ValueError``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import deque
from collections.abc import Callable, Collection
from decimal import Decimal
from enum import Enum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from pathlib import PurePath
from re import Pattern
from types import GeneratorType
from typing import Any
from uuid import UUID

from chapters.ch06_framework.models import BaseModel, Undefined

__all__ = ["ENCODERS_BY_TYPE", "decimal_encoder", "jsonable_encoder"]


def decimal_encoder(value: Decimal) -> int | float:
    """``Decimal("3")`` -> ``3``, ``Decimal("3.50")`` -> ``3.5`` (so ids stay integers).

    >>> decimal_encoder(Decimal("1")), decimal_encoder(Decimal("1.0"))
    (1, 1.0)
    """
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)


ENCODERS_BY_TYPE: dict[type[Any], Callable[[Any], Any]] = {
    bytes: lambda o: o.decode(),
    datetime.date: lambda o: o.isoformat(),
    datetime.datetime: lambda o: o.isoformat(),
    datetime.time: lambda o: o.isoformat(),
    datetime.timedelta: lambda o: o.total_seconds(),
    Decimal: decimal_encoder,
    UUID: str,
    IPv4Address: str,
    IPv6Address: str,
    IPv4Network: str,
    IPv6Network: str,
    Pattern: lambda o: o.pattern,
}
_SEQUENCES = (list, set, frozenset, tuple, deque, GeneratorType)
_PRIMITIVES = (str, int, float, type(None))


def jsonable_encoder(
    obj: Any,
    include: Collection[Any] | None = None,
    exclude: Collection[Any] | None = None,
    by_alias: bool = True,
    exclude_unset: bool = False,
    exclude_none: bool = False,
    custom_encoder: dict[Any, Callable[[Any], Any]] | None = None,
) -> Any:
    """A JSON-ready copy of ``obj``; ``include``/``exclude`` pick keys of the top-level object."""
    if type(obj) in _PRIMITIVES or type(obj) is bool:  # the common case, answered first
        return obj
    if custom_encoder:
        for cls, encode in custom_encoder.items():
            if isinstance(obj, cls):
                return encode(obj)
    encode_inner = _inner(by_alias, exclude_unset, exclude_none, custom_encoder)
    if isinstance(obj, BaseModel):
        dumped = obj.model_dump(
            mode="json", by_alias=by_alias, exclude_unset=exclude_unset, exclude_none=exclude_none
        )
        return _encode_dict(dumped, include, exclude, exclude_none, encode_inner)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _encode_dict(dataclasses.asdict(obj), include, exclude, exclude_none, encode_inner)
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, PurePath):
        return str(obj)
    if isinstance(obj, _PRIMITIVES):
        return obj
    if obj is Undefined:
        return None
    if isinstance(obj, dict):
        return _encode_dict(obj, include, exclude, exclude_none, encode_inner)
    if isinstance(obj, _SEQUENCES):
        return [encode_inner(item) for item in obj]
    return _encode_other(obj, include, exclude, exclude_none, encode_inner)


def _inner(
    by_alias: bool,
    exclude_unset: bool,
    exclude_none: bool,
    custom_encoder: dict[Any, Callable[[Any], Any]] | None,
) -> Callable[[Any], Any]:
    """The encoder for nested values: same options, no top-level ``include``/``exclude``."""

    def encode(value: Any) -> Any:
        if type(value) in _PRIMITIVES or type(value) is bool:
            return value
        return jsonable_encoder(
            value,
            by_alias=by_alias,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
            custom_encoder=custom_encoder,
        )

    return encode


def _encode_dict(
    obj: dict[Any, Any],
    include: Collection[Any] | None,
    exclude: Collection[Any] | None,
    exclude_none: bool,
    encode: Callable[[Any], Any],
) -> dict[Any, Any]:
    keys = obj.keys() if include is None else obj.keys() & set(include)
    if exclude is not None:
        keys = keys - set(exclude)
    return {
        encode(key): encode(value)
        for key, value in obj.items()
        if key in keys and not (exclude_none and value is None)
    }


def _encode_other(
    obj: Any,
    include: Collection[Any] | None,
    exclude: Collection[Any] | None,
    exclude_none: bool,
    encode: Callable[[Any], Any],
) -> Any:
    """By exact type, then by base class, then as a mapping or an object's attributes."""
    encoder = ENCODERS_BY_TYPE.get(type(obj))
    if encoder is None:
        encoder = next((e for cls, e in ENCODERS_BY_TYPE.items() if isinstance(obj, cls)), None)
    if encoder is not None:
        return encoder(obj)
    try:
        data = dict(obj)
    except (TypeError, ValueError) as dict_error:
        try:
            data = vars(obj)
        except TypeError as vars_error:
            raise ValueError([dict_error, vars_error]) from vars_error
    return _encode_dict(data, include, exclude, exclude_none, encode)
