"""Turning validated values back into plain data: ``model_dump`` and ``dump_python``.

Two modes, as in pydantic. ``python`` keeps Python values (a ``datetime`` stays a datetime,
a set stays a set) and only turns models into dicts. ``json`` makes everything that
``json.dumps`` can write and a JavaScript client can read back:

=============  ===================================  ==================================
value          json mode                             why
=============  ===================================  ==================================
model          dict (field names or aliases)         JSON objects
Enum member    its ``.value``                        the wire carries the value
datetime       ISO 8601, UTC as ``Z``                 RFC 3339, what JavaScript parses
timedelta      ISO 8601 duration (``PT1H30M``)        a standard text form
UUID, Decimal  ``str``                               Decimal keeps its exact digits
set, tuple     list                                  JSON has only arrays
bytes          UTF-8 text                            pydantic's default
inf, nan       kept; ``null`` in JSON text           JSON has no infinities
=============  ===================================  ==================================

Serialization follows the *values* (their runtime types), which is what pydantic does for
the types supported here; it avoids a second compiled tree per annotation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

if TYPE_CHECKING:
    from chapters.ch06_framework.models.base import BaseModel

__all__ = ["DumpOptions", "dump_model", "duration_iso", "to_json_text", "to_jsonable", "to_python"]

_PLAIN = frozenset({str, int, bool, type(None)})


class DumpOptions(NamedTuple):
    """How to dump: JSON-ready or not, field aliases, and which fields to leave out."""

    json: bool = False
    by_alias: bool = False
    exclude_none: bool = False
    exclude_unset: bool = False


PYTHON, JSON = DumpOptions(), DumpOptions(json=True)


def dump_model(model: BaseModel, options: DumpOptions) -> dict[str, Any]:
    """One model as a dict; nested models, lists and dicts are dumped with the same options."""
    convert = to_jsonable if options.json else to_python
    aliases = _aliases(type(model)) if options.by_alias else {}
    only = model.__fields_set__ if options.exclude_unset else None
    result: dict[str, Any] = {}
    for name, value in model.__dict__.items():
        if (only is not None and name not in only) or (value is None and options.exclude_none):
            continue
        result[aliases.get(name, name)] = (
            value if type(value) in _PLAIN else convert(value, options)
        )
    return result


def _aliases(cls: type[BaseModel]) -> dict[str, str]:
    """``{field name: alias}`` for the fields that have one."""
    return {name: info.alias for name, info in cls.model_fields.items() if info.alias}


def to_python(value: Any, options: DumpOptions = PYTHON) -> Any:
    """Python mode: models become dicts, containers are rebuilt around dumped items."""
    kind = type(value)
    if kind in _PLAIN or kind is float:
        return value
    if hasattr(kind, "model_fields"):
        return dump_model(value, options)
    if kind is list or kind is tuple or kind is set or kind is frozenset:
        return kind(to_python(item, options) for item in value)
    if kind is dict:
        return {key: to_python(item, options) for key, item in value.items()}
    return value


def to_jsonable(value: Any, options: DumpOptions = JSON) -> Any:
    """JSON mode: only dict, list, str, int, float, bool and None come out.

    Why a cache by type: deciding how to write a value takes a few ``isinstance`` checks;
    the answer depends only on the value's type, so it is worked out once per type.
    """
    convert = _BY_TYPE.get(type(value))
    if convert is None:
        convert = _BY_TYPE[type(value)] = _json_converter(type(value))
    return convert(value, options)


def _same(value: Any, options: DumpOptions) -> Any:
    return value


def _float(value: float, options: DumpOptions) -> float:
    return float(value)


def _items(value: Any, options: DumpOptions) -> list[Any]:
    return [to_jsonable(item, options) for item in value]


def _mapping(value: dict[Any, Any], options: DumpOptions) -> dict[str, Any]:
    return {_json_key(key): to_jsonable(item, options) for key, item in value.items()}


def _enum_value(value: Enum, options: DumpOptions) -> Any:
    return to_jsonable(value.value, options)


def _json_converter(kind: type) -> Any:
    """How to write values of type ``kind`` in JSON mode (the first match wins)."""
    if kind in _PLAIN:
        return _same
    if hasattr(kind, "model_fields"):
        return dump_model
    if issubclass(kind, Enum):
        return _enum_value
    if issubclass(kind, (list, tuple, set, frozenset)):
        return _items
    if issubclass(kind, dict):
        return _mapping
    if issubclass(kind, float):
        return _float
    for base, convert in _JSON_FORMS:
        if issubclass(kind, base):
            return lambda value, options: convert(value)
    raise TypeError(f"Unable to serialize unknown type: {kind.__name__}")


def _json_key(key: Any) -> str:
    """Dict keys must be strings in JSON: ``1`` -> ``"1"``, ``True`` -> ``"true"``."""
    if type(key) is str:
        return key
    value = to_jsonable(key)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _datetime_iso(value: datetime | time) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def duration_iso(value: timedelta) -> str:
    """ISO 8601 duration as pydantic writes it: ``PT1H``, ``P1DT2.5S``, ``-PT1M``, ``PT0S``."""
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    years, days = divmod(value.days, 365)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    day_part = (f"{years}Y" if years else "") + (f"{days}D" if days else "")
    second_text = f"{seconds}.{value.microseconds:06d}".rstrip("0") if value.microseconds else ""
    if not second_text and seconds:
        second_text = str(seconds)
    time_part = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    time_part += f"{second_text}S" if second_text else ""
    if not day_part and not time_part:
        return "PT0S"
    return f"{sign}P{day_part}" + (f"T{time_part}" if time_part else "")


def _bytes_text(value: bytes) -> str:
    return bytes(value).decode("utf-8", errors="replace")


# Checked in order with isinstance: datetime before date (a datetime *is* a date).
_JSON_FORMS: tuple[tuple[type | tuple[type, ...], Callable[[Any], Any]], ...] = (
    (datetime, _datetime_iso),
    (date, date.isoformat),
    (time, _datetime_iso),
    (timedelta, duration_iso),
    (UUID, str),
    (Decimal, str),
    ((bytes, bytearray), _bytes_text),
    (str, str),
    (int, int),
)
_BY_TYPE: dict[type, Any] = {}


# Built once: json.dumps with options builds a new encoder on every call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def to_json_text(data: Any, indent: int | None = None) -> str:
    """JSON text of already JSON-ready ``data``: compact and UTF-8, like pydantic's output.

    JSON has no infinity or NaN; pydantic writes them as ``null``. The strict encoder refuses
    them, and only then is the data walked to replace them, so usual data pays nothing.
    """
    try:
        if indent is None:
            return _COMPACT.encode(data)
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        return to_json_text(_finite(data), indent)


def _finite(data: Any) -> Any:
    """``data`` with every infinite or NaN float replaced by ``None``."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, list):
        return [_finite(item) for item in data]
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    return data
