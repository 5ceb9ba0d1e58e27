"""Lax conversions to ``datetime``, ``date``, ``time`` and ``timedelta``.

JSON has no date type, so dates travel as text (RFC 3339 / ISO 8601) or as Unix
timestamps. The rules, as pydantic applies them:

===============  ===============================================  ==========================
target           accepted                                         example
===============  ===============================================  ==========================
``datetime``     ISO text (``T``, ``t``, ``_`` or space between),    ``"2024-01-02T03:04:05Z"``
                 a date alone (midnight), a number of seconds    ``1700000000`` (UTC)
                 (milliseconds above 2e10), a ``date``
``date``         ISO date, or a datetime/timestamp at midnight   ``"2024-01-02"``
``time``         ``HH:MM[:SS[.ffffff]][Z|±HH[:]MM]``, seconds     ``"03:04"``, ``3600``
                 since midnight (UTC)
``timedelta``    ISO 8601 duration, ``[N day[s], ]HH:MM:SS``,     ``"PT1H"``, ``90``
                 a number of seconds
===============  ===============================================  ==========================

Each function returns the value or a :class:`~.errors.Failure`; the ``error`` context
explains what was wrong in pydantic's words for the common mistakes (too short, bad
separator, a month of 13). Rarer malformed inputs get a nearby reason, not always the exact
words of pydantic's Rust parser.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from chapters.ch06_framework.models.errors import Failure

__all__ = ["to_date", "to_datetime", "to_time", "to_timedelta"]

# RFC 3339 §5.6: full-date = date-fullyear "-" date-month "-" date-mday
DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
# partial-time = time-hour ":" time-minute [":" time-second [time-secfrac]] [time-offset]
TIME = (
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"(?P<offset>[Zz]|[+-]\d{2}:?\d{2})?"
)
DATETIME_TEXT = re.compile(DATE + r"(?:[Tt_ ]" + TIME + r")?")
TIME_TEXT = re.compile(TIME)
TIMESTAMP_TEXT = re.compile(r"[+-]?\d+(?:\.\d*)?")
# ISO 8601 duration: P[nY][nM][nW][nD][T[nH][nM][nS]], a year is 365 days, a month 30.
_N = r"(\d+(?:[.,]\d+)?)"
ISO_DURATION = re.compile(
    rf"P(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?(?:T(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?"
)
ISO_UNITS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)
# Python's str(timedelta) form: "[N day[s][, ]][HH:MM:SS[.ffffff]]"
CLOCK_DURATION = re.compile(
    r"(?:(?P<days>\d+) days?,? ?)?(?:(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?:\.(?P<f>\d{1,6}))?)?"
)
MS_THRESHOLD = 2e10  # larger "timestamps" are milliseconds (pydantic's rule)

_TEXT = (str, bytes, bytearray)


def _as_text(value: str | bytes | bytearray) -> str:
    return value if isinstance(value, str) else bytes(value).decode(errors="replace")


def _from_timestamp(seconds: float) -> datetime | str:
    if not math.isfinite(seconds) or abs(seconds) > 2.5e14:
        return "dates after 9999 are not supported as unix timestamps"
    if abs(seconds) > MS_THRESHOLD:
        seconds /= 1000
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    except OverflowError:
        return "dates after 9999 are not supported as unix timestamps"


def _offset(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text in "Zz":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _date_problem(text: str) -> str:
    """Why ``text`` does not even start with a date."""
    if len(text) < 10:
        return "input is too short"
    if not text[:4].isdigit():
        return "invalid character in year"
    if text[4] != "-" or text[7] != "-":
        return "invalid date separator, expected `-`"
    return "invalid character in month or day"


def _time_values(match: re.Match[str]) -> tuple[int, int, int, int] | str:
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    micro = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    if hour > 23:
        return "hour value is outside expected range of 0-23"
    if minute > 59:
        return "minute value is outside expected range of 0-59"
    if second > 59:
        return "second value is outside expected range of 0-59"
    return hour, minute, second, micro


def parse_datetime(text: str) -> datetime | str:
    """ISO text or a timestamp as text -> an aware or naive datetime, or the reason it isn't."""
    if TIMESTAMP_TEXT.fullmatch(text):
        return _from_timestamp(float(text))
    match = DATETIME_TEXT.match(text)
    if match is None:
        return _date_problem(text)
    if match.end() != len(text):
        return "unexpected extra characters at the end of the input"
    if not 1 <= int(match["month"]) <= 12:
        return "month value is outside expected range of 1-12"
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return "day value is outside expected range"
    if match["hour"] is None:
        return datetime(day.year, day.month, day.day)
    values = _time_values(match)
    if isinstance(values, str):
        return values
    return datetime(day.year, day.month, day.day, *values, tzinfo=_offset(match["offset"]))


def to_datetime(value: Any) -> datetime | Failure:
    kind = type(value)
    if kind is datetime:
        return value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    if kind is int or kind is float:
        result = _from_timestamp(value)
    elif isinstance(value, _TEXT):
        result = parse_datetime(_as_text(value))
        if isinstance(result, str):
            return Failure("datetime_from_date_parsing", {"error": result})
    else:
        return Failure("datetime_type")
    return Failure("datetime_parsing", {"error": result}) if isinstance(result, str) else result


def to_date(value: Any) -> date | Failure:
    kind = type(value)
    if kind is date:
        return value
    if kind is datetime or kind is int or kind is float:
        moment = value if kind is datetime else _from_timestamp(value)
    elif isinstance(value, _TEXT):
        moment = parse_datetime(_as_text(value))
        if isinstance(moment, str):
            return Failure("date_from_datetime_parsing", {"error": moment})
    else:
        return Failure("date_type")
    if isinstance(moment, str):
        return Failure("date_from_datetime_parsing", {"error": moment})
    if moment.time() != time(0):
        return Failure("date_from_datetime_inexact")
    return moment.date()


def _time_from_seconds(seconds: float) -> time | Failure:
    if seconds < 0:
        return Failure("time_parsing", {"error": "time in seconds should be positive"})
    if seconds >= 86400:
        return Failure("time_parsing", {"error": "numeric times may not exceed 86,399 seconds"})
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    return moment.timetz()


def to_time(value: Any) -> time | Failure:
    kind = type(value)
    if kind is time:
        return value
    if kind is int or kind is float:
        return _time_from_seconds(value)
    if not isinstance(value, _TEXT):
        return Failure("time_type")
    text = _as_text(value)
    match = TIME_TEXT.match(text)
    if match is None:
        reason = "input is too short" if len(text) < 5 else "invalid character in hour"
        return Failure("time_parsing", {"error": reason})
    if match.end() != len(text):
        return Failure(
            "time_parsing", {"error": "unexpected extra characters at the end of the input"}
        )
    values = _time_values(match)
    if isinstance(values, str):
        return Failure("time_parsing", {"error": values})
    return time(*values, tzinfo=_offset(match["offset"]))


def _parse_duration(text: str) -> timedelta | str:
    sign, body = (-1, text[1:]) if text[:1] == "-" else (1, text.removeprefix("+"))
    if len(body) < 2 or body == "PT":
        return "input is too short"
    iso = ISO_DURATION.fullmatch(body)
    if iso is not None:
        amounts = [float(part.replace(",", ".")) if part else 0.0 for part in iso.groups()]
        seconds = sum(amount * unit for amount, unit in zip(amounts, ISO_UNITS, strict=True))
        return sign * timedelta(seconds=seconds)
    clock = CLOCK_DURATION.fullmatch(body)
    if clock is not None and (clock["days"] or clock["h"]):
        micro = int((clock["f"] or "0").ljust(6, "0"))
        parts = [int(clock[name] or 0) for name in ("days", "h", "m", "s")]
        delta = timedelta(days=parts[0], hours=parts[1], minutes=parts[2], seconds=parts[3])
        return sign * (delta + timedelta(microseconds=micro))
    if body.isdigit():
        return '"day" identifier in duration not correctly formatted'
    return "invalid digit in duration"


def to_timedelta(value: Any) -> timedelta | Failure:
    kind = type(value)
    if kind is timedelta:
        return value
    if kind is int or kind is float:
        if not math.isfinite(value) or abs(value) > 86_400 * 999_999_999:
            error = "durations may not exceed 999,999,999 days"
            return Failure("time_delta_parsing", {"error": error})
        return timedelta(seconds=value)
    if not isinstance(value, _TEXT):
        return Failure("time_delta_type")
    try:
        result = _parse_duration(_as_text(value))
    except OverflowError:
        result = "durations may not exceed 999,999,999 days"
    if isinstance(result, str):
        return Failure("time_delta_parsing", {"error": result})
    return result
