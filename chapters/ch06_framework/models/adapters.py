"""Compile a type annotation, once, into a validator function.

Why compile: reading ``Union[int, float]`` with ``get_origin``/``get_args`` costs far more
than checking a value. So each annotation is analysed a single time (when a model class is
created, when a route is registered) into a small tree of closures, and each request only
*runs* them. A validator is a function ``validate(value, errors) -> value | INVALID``: it
returns the converted value, or appends errors (with a location relative to itself) and
returns :data:`~.errors.INVALID`. It never raises for bad input, so the happy path pays for
no ``try``/``except`` and no error strings.

:func:`compile_annotation` returns a :class:`Compiled`: the function plus two facts that
unions need, the ``tag`` pydantic shows in a union error's ``loc`` (``"int"``,
``"list[int]"``, ``"str-enum[Op]"``) and the ``exact`` input types the validator takes as
they are.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from chapters.ch06_framework.models import coercion, constraints, containers, datetimes
from chapters.ch06_framework.models.errors import INVALID, ErrorDict, Failure, make_error
from chapters.ch06_framework.models.fields import FieldInfo

__all__ = ["Compiled", "compile_annotation", "split_annotated"]

Validate = Callable[[Any, list[ErrorDict]], Any]
NoneType = type(None)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled annotation: the validator and what a smart union needs to know about it."""

    validate: Validate
    tag: str
    exact: tuple[type, ...] = ()  # input types that are taken as they are (no conversion)


# type -> (conversion, the tag pydantic uses). The conversions are the lax-mode table.
SCALARS: dict[Any, tuple[Callable[[Any], Any], str]] = {
    str: (coercion.to_str, "str"),
    int: (coercion.to_int, "int"),
    float: (coercion.to_float, "float"),
    bool: (coercion.to_bool, "bool"),
    NoneType: (coercion.to_none, "none"),
    UUID: (coercion.to_uuid, "uuid"),
    Decimal: (coercion.to_decimal, "decimal"),
    datetime: (datetimes.to_datetime, "datetime"),
    date: (datetimes.to_date, "date"),
    time: (datetimes.to_time, "time"),
    timedelta: (datetimes.to_timedelta, "timedelta"),
}
ORDERED = (int, float, Decimal, datetime, date, time, timedelta)  # take gt/ge/lt/le
CONTAINERS = (list, tuple, set, frozenset, dict)


def split_annotated(annotation: Any) -> tuple[Any, FieldInfo | None]:
    """``Annotated[int, Field(gt=0)]`` -> ``(int, FieldInfo(gt=0))``; other metadata is ignored."""
    info = None
    while get_origin(annotation) is Annotated:
        annotation, *metadata = get_args(annotation)
        for item in metadata:
            if isinstance(item, FieldInfo):
                info = item if info is None else info.merged_with(item)
    return annotation, info


def compile_annotation(
    annotation: Any, field_info: FieldInfo | None = None, *, from_attributes: bool = False
) -> Compiled:
    """The validator for ``annotation``, with ``field_info``'s constraints applied.

    ``from_attributes`` (FastAPI's setting) lets a model field read an arbitrary object's
    attributes when it is given an object instead of a dict.
    """
    annotation, inner_info = split_annotated(annotation)
    if inner_info is not None:
        field_info = inner_info if field_info is None else inner_info.merged_with(field_info)
    limits = field_info.constraints if field_info is not None else {}
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return _union(annotation, limits, from_attributes)
    compiled = _bare(annotation, origin, from_attributes)
    return _constrained(compiled, annotation, origin, limits) if limits else compiled


def _bare(annotation: Any, origin: Any, from_attributes: bool) -> Compiled:
    """A type without constraints: dispatch on what kind of type it is."""
    if annotation is None:
        annotation = NoneType
    if annotation is Any or annotation is object:
        return Compiled(_identity, "any")
    if annotation in SCALARS:
        return _scalar(annotation, *SCALARS[annotation])
    if origin is Literal:
        return _literal(get_args(annotation))
    if origin is tuple and get_args(annotation) in ((), ((),)):  # tuple[()]: the empty tuple
        return Compiled(containers.fixed_tuple_validator([]), "tuple[]", (tuple,))
    if origin in CONTAINERS or annotation in CONTAINERS:
        return _container(origin or annotation, get_args(annotation), from_attributes)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _enum(annotation)
    model_validator = getattr(annotation, "__model_validator__", None)
    if model_validator is not None:
        return Compiled(model_validator(from_attributes), annotation.__name__, (annotation,))
    if isinstance(annotation, typing.TypeVar | typing.ForwardRef | str):
        raise TypeError(f"unresolved type annotation {annotation!r}: define it before use")
    raise TypeError(f"cannot validate values of type {annotation!r}")


def _identity(value: Any, errors: list[ErrorDict]) -> Any:
    return value


def _scalar(kind: type, convert: Callable[[Any], Any], tag: str) -> Compiled:
    """A scalar: take the exact type as is, else convert by the lax-mode table."""
    exact = None if kind is Decimal else kind  # a Decimal must still be checked for NaN

    def validate_scalar(value: Any, errors: list[ErrorDict]) -> Any:
        if type(value) is exact:
            return value
        result = convert(value)
        if type(result) is Failure:
            errors.append(make_error(result.type, value, result.ctx))
            return INVALID
        return result

    return Compiled(validate_scalar, tag, (kind,))


def _expected(values: list[Any]) -> str:
    """pydantic's list of choices: ``'a', 'b' or 'c'``."""
    shown = [repr(value) for value in values]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def _lookup(table: dict[Any, Any], key: Any) -> Any:
    """``table.get(key)``, treating an unhashable key (a list, a dict) as not found."""
    try:
        return table.get(key, INVALID)
    except TypeError:
        return INVALID


def _literal(values: tuple[Any, ...]) -> Compiled:
    """``Literal["a", 1]``: the input must equal one of the values (``1.0`` matches ``1``)."""
    table = {value: value for value in values}
    ctx = {"expected": _expected(list(values))}
    tag = f"literal[{','.join(repr(value) for value in values)}]"

    def validate_literal(value: Any, errors: list[ErrorDict]) -> Any:
        found = _lookup(table, value)
        if found is INVALID:
            errors.append(make_error("literal_error", value, ctx))
        return found

    return Compiled(validate_literal, tag, tuple({type(value) for value in values}))


def _enum(cls: type[Enum]) -> Compiled:
    """An Enum: look the value up; ``IntEnum`` and ``str, Enum`` first convert like their base."""
    members = list(cls)
    table = {member.value: member for member in members}
    ctx = {"expected": _expected([member.value for member in members])}
    for base, convert, kind in (
        (str, coercion.to_str, "str-enum"),
        (int, coercion.to_int, "int-enum"),
        (float, coercion.to_float, "float-enum"),
    ):
        if issubclass(cls, base):
            break
    else:
        convert, kind = None, "enum"
    plain = base if convert is not None else None

    def validate_enum(value: Any, errors: list[ErrorDict]) -> Any:
        if type(value) is cls:
            return value
        if type(value) is plain:  # the common case: the bare value, "add" for a str Enum
            member = table.get(value)
            if member is not None:
                return member
        key = value if convert is None else convert(value)
        member = INVALID if type(key) is Failure else _lookup(table, key)
        if member is INVALID:
            errors.append(make_error("enum", value, ctx))
        return member

    return Compiled(validate_enum, f"{kind}[{cls.__name__}]", (cls,))


def _item(annotation: Any, from_attributes: bool) -> tuple[Validate | None, str]:
    """An item's validator (None for ``Any``: nothing to do) and its tag."""
    compiled = compile_annotation(annotation, from_attributes=from_attributes)
    return (None if compiled.tag == "any" else compiled.validate), compiled.tag


def _container(kind: type, args: tuple[Any, ...], from_attributes: bool) -> Compiled:
    name = kind.__name__
    if kind is dict:
        key, key_tag = _item(args[0] if args else Any, from_attributes)
        value, value_tag = _item(args[1] if args else Any, from_attributes)
        return Compiled(
            containers.dict_validator(key, value), f"dict[{key_tag},{value_tag}]", (dict,)
        )
    if kind is tuple and args and not (len(args) == 2 and args[1] is ...):
        items = [compile_annotation(arg, from_attributes=from_attributes) for arg in args]
        tag = f"tuple[{', '.join(item.tag for item in items)}]"
        return Compiled(
            containers.fixed_tuple_validator([i.validate for i in items]), tag, (tuple,)
        )
    item, item_tag = _item(args[0] if args else Any, from_attributes)
    tag = f"tuple[{item_tag}, ...]" if kind is tuple else f"{name}[{item_tag}]"
    return Compiled(containers.items_validator(kind, item), tag, (kind,))


def _union(annotation: Any, limits: dict[str, Any], from_attributes: bool) -> Compiled:
    """``Optional[X]`` is X or None; other unions are smart (see :func:`_smart_union`)."""
    members = [arg for arg in get_args(annotation) if arg is not NoneType]
    nullable = len(members) < len(get_args(annotation))
    if len(members) == 1:  # Optional[X]: X keeps the constraints
        info = FieldInfo(**limits) if limits else None
        inner = compile_annotation(members[0], info, from_attributes=from_attributes)
    else:
        compiled = [compile_annotation(m, from_attributes=from_attributes) for m in members]
        inner = _smart_union(compiled)
        if limits:
            checks = constraints.order_checks(limits, None)
            inner = Compiled(constraints.constrain(inner.validate, checks), inner.tag, inner.exact)
    return _nullable(inner) if nullable else inner


def _nullable(inner: Compiled) -> Compiled:
    validate_inner = inner.validate

    def validate_nullable(value: Any, errors: list[ErrorDict]) -> Any:
        return None if value is None else validate_inner(value, errors)

    return Compiled(validate_nullable, f"nullable[{inner.tag}]", (*inner.exact, NoneType))


def _smart_union(members: list[Compiled]) -> Compiled:
    """Try an exact type match first, then each member left to right in lax mode.

    Why not simply "first that works": with ``Union[int, str]`` the input ``"3"`` would become
    the number 3, and with ``Union[int, float]`` the input ``2.5`` would fail ``int`` and... be
    fine, but ``Union[float, int]`` would turn ``3`` into ``3.0``. pydantic's *smart mode*
    first looks for a member that takes the input's type as is (``str`` for ``"3"``, ``int``
    for ``3``, ``float`` for ``2.5``); only if none does does it convert, left to right. If
    every member fails, the errors of all of them are reported, each under its member's tag.
    """
    by_type: dict[type, list[Validate]] = {}
    for member in members:
        for kind in member.exact:
            by_type.setdefault(kind, []).append(member.validate)

    def validate_union(value: Any, errors: list[ErrorDict]) -> Any:
        for validate in by_type.get(type(value), ()):
            mark = len(errors)
            result = validate(value, errors)
            if result is not INVALID:
                return result
            del errors[mark:]  # not final: the lax pass below reports every member
        collected: list[ErrorDict] = []
        for member in members:
            start = len(collected)
            result = member.validate(value, collected)
            if result is not INVALID:
                return result
            for error in collected[start:]:
                error["loc"] = (member.tag, *error["loc"])
        errors.extend(collected)
        return INVALID

    tag = f"union[{','.join(member.tag for member in members)}]"
    return Compiled(validate_union, tag, tuple(by_type))


def _constrained(
    compiled: Compiled, annotation: Any, origin: Any, limits: dict[str, Any]
) -> Compiled:
    """Wrap ``compiled`` with the checks its constraints ask for; refuse ones that mean nothing."""
    kind = origin or annotation
    if kind is str:
        checks = constraints.length_checks(limits, None)
        if "pattern" in limits:
            checks.append(constraints.pattern_check(limits["pattern"]))
        allowed = {"min_length", "max_length", "pattern"}
    elif kind in CONTAINERS:
        checks, allowed = constraints.length_checks(limits, kind), {"min_length", "max_length"}
    elif kind in ORDERED or compiled.tag == "any":
        checks = constraints.order_checks(limits, kind if kind in ORDERED else None)
        allowed = set(constraints.ORDER)
    else:
        checks, allowed = [], set()
    unused = set(limits) - allowed
    if unused:
        raise TypeError(f"constraint(s) {sorted(unused)} cannot apply to {annotation!r}")
    tag = f"constrained-{compiled.tag}" if compiled.tag in ("int", "float", "str") else compiled.tag
    return Compiled(constraints.constrain(compiled.validate, checks), tag, compiled.exact)
