"""Lax-mode conversions of single values: the table of what becomes what.

Why "lax": data arrives as text (a query string, a header) or as JSON, which has no
integers-versus-floats, dates or UUIDs. So, like pydantic's default mode, a field typed
``int`` accepts ``"3"`` and ``3.0``, but *refuses* anything that would lose information:
``3.5`` (a fraction), ``"abc"``, ``""``. Each function below takes any value and returns
either the converted value or a :class:`~.errors.Failure` naming pydantic's error type.

===========  ===========================================  ===============================
target       accepted (besides the type itself)            refused with
===========  ===========================================  ===============================
``str``      bytes (UTF-8), a str-valued Enum member      ``string_type`` (3, True, None)
``int``      bool, integral float/Decimal, ``" 3 "``,      ``int_from_float`` (3.5),
             ``"3.0"``, ``"1_000"``                        ``int_parsing`` ("abc", ""),
                                                           ``finite_number`` (nan)
``float``    int, bool, Decimal, ``"2.5"``, ``"1e3"``      ``float_parsing``, ``float_type``
``bool``     0/1, 0.0/1.0, ``"true" "1" "yes" "on"``       ``bool_parsing`` (2, "maybe"),
             ``"t" "y"`` and their false twins             ``bool_type`` (None, 1.5)
``None``     nothing but ``None``                          ``none_required``
``UUID``     hex strings (with or without ``-``), 16 bytes  ``uuid_parsing``, ``uuid_type``
``Decimal``  int, float (via its repr), numeric strings     ``decimal_parsing``,
                                                           ``finite_number``, ``decimal_type``
===========  ===========================================  ===============================

Dates and times live in :mod:`.datetimes`. Each function starts with an exact-type check, so
the common case (the value already has the right type) costs one comparison.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any
from uuid import UUID

from chapters.ch06_framework.models.errors import Failure

__all__ = ["to_bool", "to_decimal", "to_float", "to_int", "to_none", "to_str", "to_uuid"]

# An integer as text: optional sign, ASCII digits with single underscores, and an optional
# fraction made only of zeros ("3.0" is an exact integer; "3.5" is not).
INTEGER_TEXT = re.compile(r"[+-]?[0-9](?:_?[0-9])*(?:\.0*)?")

TRUE_WORDS = frozenset({"1", "on", "t", "true", "y", "yes"})
FALSE_WORDS = frozenset({"0", "off", "f", "false", "n", "no"})

_TEXT = (str, bytes, bytearray)


def _text(value: str | bytes | bytearray) -> str | None:
    """Bytes decoded as UTF-8 (None if they are not), str as is."""
    if isinstance(value, str):
        return value
    try:
        return bytes(value).decode()
    except UnicodeDecodeError:
        return None


def to_str(value: Any) -> str | Failure:
    if type(value) is str:
        return value
    if isinstance(value, str):
        return value.value if isinstance(value, Enum) else str(value)
    if isinstance(value, (bytes, bytearray)):
        text = _text(value)
        return Failure("string_unicode") if text is None else text
    return Failure("string_type")


def _int_from_text(value: str | bytes | bytearray) -> int | Failure:
    text = _text(value)
    if text is None:
        return Failure("int_parsing")
    text = text.strip()
    if not INTEGER_TEXT.fullmatch(text):
        return Failure("int_parsing")
    try:
        return int(text.partition(".")[0])
    except ValueError:  # more digits than Python agrees to parse
        return Failure("int_parsing")


def _int_from_number(value: float | Decimal) -> int | Failure:
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        return Failure("finite_number")
    if value != int(value):
        return Failure("int_from_float")
    if isinstance(value, float) and not -(2**63) <= value < 2**63:  # pydantic's 64-bit limit
        return Failure("int_parsing_size")
    return int(value)


def to_int(value: Any) -> int | Failure:
    kind = type(value)
    if kind is int:
        return value
    if kind is bool:
        return int(value)
    if kind is float or kind is Decimal:
        return _int_from_number(value)
    if isinstance(value, _TEXT):
        return _int_from_text(value)
    if isinstance(value, int):  # an IntEnum member or another int subclass
        return int(value)
    return Failure("int_type")


def to_float(value: Any) -> float | Failure:
    kind = type(value)
    if kind is float:
        return value
    if kind is int or kind is bool or isinstance(value, (int, float, Decimal)):
        try:
            return float(value)
        except OverflowError:  # an integer beyond float's range
            return Failure("float_type")
    if isinstance(value, _TEXT):
        text = _text(value)
        if text is None or not text.isascii():
            return Failure("float_parsing")
        try:
            return float(text)
        except ValueError:
            return Failure("float_parsing")
    return Failure("float_type")


def to_bool(value: Any) -> bool | Failure:
    kind = type(value)
    if kind is bool:
        return value
    if kind is int:
        if value in (0, 1):
            return value == 1
        # pydantic reads integers as 64-bit first: larger ones are not even "a number"
        return Failure("bool_parsing" if -(2**63) <= value < 2**63 else "bool_type")
    if kind is float:  # a whole float counts as an integer, a fraction is no boolean at all
        return to_bool(int(value)) if value.is_integer() else Failure("bool_type")
    if isinstance(value, _TEXT):
        text = _text(value)
        word = text.lower() if text is not None else ""
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return Failure("bool_parsing")
    return Failure("bool_type")


def to_none(value: Any) -> None | Failure:
    return None if value is None else Failure("none_required")


def to_uuid(value: Any) -> UUID | Failure:
    if type(value) is UUID:
        return value
    if isinstance(value, (bytes, bytearray)) and len(value) == 16:
        return UUID(bytes=bytes(value))
    if not isinstance(value, _TEXT):
        return Failure("uuid_type")
    text = _text(value)
    if text is None:
        return Failure("uuid_parsing", {"error": "invalid UTF-8"})
    try:
        return UUID(text)
    except ValueError:
        return Failure("uuid_parsing", {"error": _uuid_problem(text)})


def _uuid_problem(text: str) -> str:
    """A short reason why ``text`` is not a UUID, in the words pydantic uses."""
    for index, char in enumerate(text):
        if char not in "0123456789abcdefABCDEF-":
            return f"invalid character: found `{char}` at {index}"
    return f"invalid length: found {len(text.replace('-', ''))}"


def to_decimal(value: Any) -> Decimal | Failure:
    kind = type(value)
    if kind is Decimal:
        return value if value.is_finite() else Failure("finite_number")
    if kind is int:
        return Decimal(value)
    if kind is float:
        return Decimal(repr(value)) if math.isfinite(value) else Failure("finite_number")
    if isinstance(value, _TEXT):
        text = _text(value)
        try:
            number = Decimal((text or "").strip())
        except InvalidOperation:
            return Failure("decimal_parsing")
        return number if number.is_finite() else Failure("finite_number")
    return Failure("decimal_type")
