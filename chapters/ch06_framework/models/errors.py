"""Validation errors: one small dict per problem, collected, then raised together.

Why collect instead of raising at the first problem: a client that sent three bad fields
wants to hear about all three in one answer (the 422 body lists them), not fix them one
request at a time. So validators never raise for bad input; they *append* an
:class:`ErrorDict` to a list and return :data:`INVALID`. Only the outermost caller turns a
non-empty list into a :class:`ValidationError`.

Why the happy path stays cheap: an error's message is rendered from the table below only
when an error actually happens; valid input never builds a string.

Each error has pydantic's shape (``errors(include_url=False)``): ``type`` names the fault,
``loc`` is the path to the bad value (``("items", 0, "price")``), ``msg`` is for humans,
``input`` is the value that was refused, ``ctx`` holds the numbers the message quotes.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

__all__ = [
    "INVALID",
    "MESSAGES",
    "ErrorDict",
    "Failure",
    "ValidationError",
    "make_error",
    "prefix_locs",
]


class ErrorDict(TypedDict):
    """One validation problem, shaped like pydantic's ``errors(include_url=False)`` items."""

    type: str
    loc: tuple[str | int, ...]
    msg: str
    input: Any
    ctx: NotRequired[dict[str, Any]]


class _Invalid:
    """The type of :data:`INVALID`."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


# What a validator returns when it appended errors: a sentinel, because None is a valid value.
INVALID: Any = _Invalid()


class Failure:
    """A conversion's "no": the error type and context, without the input or location yet.

    The scalar conversions in :mod:`.coercion` return a converted value or a ``Failure``;
    returning (not raising) keeps them cheap and easy to test as a table.
    """

    __slots__ = ("ctx", "msg", "type")

    def __init__(
        self, type: str, ctx: dict[str, Any] | None = None, msg: str | None = None
    ) -> None:
        self.type = type
        self.ctx = ctx
        self.msg = msg  # a message rendered ahead of time, when ctx alone would not say it

    def __repr__(self) -> str:
        return f"Failure({self.type!r}, {self.ctx!r})"


# pydantic's message for each error type; ``{name}`` is filled from the error's ctx.
MESSAGES: dict[str, str] = {
    "missing": "Field required",
    "none_required": "Input should be None",
    "string_type": "Input should be a valid string",
    "string_unicode": "Input should be a valid string, unable to parse raw data as a unicode string",
    "int_type": "Input should be a valid integer",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_parsing_size": "Unable to parse input string as an integer, exceeded maximum size",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "float_type": "Input should be a valid number",
    "float_parsing": "Input should be a valid number, unable to parse string as a number",
    "finite_number": "Input should be a finite number",
    "bool_type": "Input should be a valid boolean",
    "bool_parsing": "Input should be a valid boolean, unable to interpret input",
    "datetime_type": "Input should be a valid datetime",
    "datetime_parsing": "Input should be a valid datetime, {error}",
    "datetime_from_date_parsing": "Input should be a valid datetime or date, {error}",
    "date_type": "Input should be a valid date",
    "date_from_datetime_parsing": "Input should be a valid date or datetime, {error}",
    "date_from_datetime_inexact": (
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
    "time_type": "Input should be a valid time",
    "time_parsing": "Input should be in a valid time format, {error}",
    "time_delta_type": "Input should be a valid timedelta",
    "time_delta_parsing": "Input should be a valid timedelta, {error}",
    "uuid_type": "UUID input should be a string, bytes or UUID object",
    "uuid_parsing": "Input should be a valid UUID, {error}",
    "decimal_type": "Decimal input should be an integer, float, string or Decimal object",
    "decimal_parsing": "Input should be a valid decimal",
    "enum": "Input should be {expected}",
    "literal_error": "Input should be {expected}",
    "list_type": "Input should be a valid list",
    "tuple_type": "Input should be a valid tuple",
    "set_type": "Input should be a valid set",
    "frozen_set_type": "Input should be a valid frozenset",
    "dict_type": "Input should be a valid dictionary",
    "model_type": "Input should be a valid dictionary or instance of {class_name}",
    "model_attributes_type": "Input should be a valid dictionary or object to extract fields from",
    "json_invalid": "Invalid JSON: {error}",
    "json_type": "JSON input should be string, bytes or bytearray",
    "greater_than": "Input should be greater than {gt}",
    "greater_than_equal": "Input should be greater than or equal to {ge}",
    "less_than": "Input should be less than {lt}",
    "less_than_equal": "Input should be less than or equal to {le}",
    "string_too_short": "String should have at least {min_length} character{min_length_s}",
    "string_too_long": "String should have at most {max_length} character{max_length_s}",
    "string_pattern_mismatch": "String should match pattern '{pattern}'",
    "too_short": (
        "{field_type} should have at least {min_length} item{min_length_s} "
        "after validation, not {actual_length}"
    ),
    "too_long": (
        "{field_type} should have at most {max_length} item{max_length_s} "
        "after validation, not {actual_length}"
    ),
}


def render(type: str, ctx: dict[str, Any] | None) -> str:
    """The human message for an error: its template, filled from ``ctx``."""
    template = MESSAGES[type]
    if not ctx:
        return template
    plurals = {
        f"{k}_s": "" if ctx[k] == 1 else "s" for k in ("min_length", "max_length") if k in ctx
    }
    return template.format(**ctx, **plurals)


def make_error(
    type: str, input: Any, ctx: dict[str, Any] | None = None, loc: tuple[str | int, ...] = ()
) -> ErrorDict:
    """Build one :class:`ErrorDict`; ``ctx`` is left out when empty, as pydantic does."""
    error: ErrorDict = {"type": type, "loc": loc, "msg": render(type, ctx), "input": input}
    if ctx:
        error["ctx"] = ctx
    return error


def prefix_locs(errors: list[ErrorDict], start: int, key: str | int) -> None:
    """Put ``key`` in front of the ``loc`` of every error appended since ``start``.

    Why afterwards: validators append errors with locations relative to themselves, and each
    container adds its own key on the way out (``0`` then ``"items"``). Valid input never pays
    for building location tuples.
    """
    for index in range(start, len(errors)):
        errors[index]["loc"] = (key, *errors[index]["loc"])


class ValidationError(ValueError):
    """Raised with *every* problem found in one input (``.errors()``), never just the first."""

    def __init__(self, title: str, errors: list[ErrorDict]) -> None:
        super().__init__(title, errors)
        self.title = title
        self._errors = errors

    def errors(
        self, *, include_url: bool = False, include_context: bool = True, include_input: bool = True
    ) -> list[ErrorDict]:
        """The errors as a list of dicts (a copy); URLs are never included."""
        result: list[ErrorDict] = []
        for error in self._errors:
            item = dict(error)
            if not include_context:
                item.pop("ctx", None)
            if not include_input:
                item.pop("input", None)
            result.append(item)  # type: ignore[arg-type]
        return result

    def error_count(self) -> int:
        return len(self._errors)

    def __str__(self) -> str:
        count = len(self._errors)
        lines = [f"{count} validation error{'' if count == 1 else 's'} for {self.title}"]
        for error in self._errors:
            if error["loc"]:
                lines.append(".".join(str(part) for part in error["loc"]))
            value = error["input"]
            lines.append(
                f"  {error['msg']} [type={error['type']}, input_value={value!r}, "
                f"input_type={type(value).__name__}]"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ValidationError({self.title!r}, {len(self._errors)} errors)"
