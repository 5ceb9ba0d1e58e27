"""JSON Schema for annotations and models, shaped like pydantic's ``model_json_schema()``.

Why: the same annotations that validate requests also *describe* them. Chapter 08 turns
these schemas into the OpenAPI document behind ``/docs``; until then,
``Item.model_json_schema()`` shows what a client must send.

The mapping is a table (``int`` -> ``{"type": "integer"}``, ``datetime`` ->
``{"type": "string", "format": "date-time"}``...) plus four rules:

* a model or an Enum is written once under ``$defs`` and referenced with ``$ref`` (the
  ``ref_template`` decides the address: ``#/$defs/{model}`` here, OpenAPI's
  ``#/components/schemas/{model}`` in chapter 08);
* ``Optional[X]`` is ``anyOf: [X, {"type": "null"}]``, a union is ``anyOf``;
* constraints become their JSON Schema keywords (``gt`` -> ``exclusiveMinimum``,
  ``min_length`` -> ``minLength`` on strings, ``minItems`` on arrays);
* a field gets a ``title`` made from its name (``my_field`` -> ``"My Field"``), except a
  field that is just a reference, and its default is shown in JSON form.

Keys are sorted as pydantic sorts them, so the output compares equal *and* reads the same.
This is the "validation" schema (what may be sent); pydantic's "serialization" variant is
not built here.
"""

from __future__ import annotations

import inspect
import types
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin
from uuid import UUID

from chapters.ch06_framework.models.adapters import split_annotated
from chapters.ch06_framework.models.fields import FieldInfo
from chapters.ch06_framework.models.serialization import to_jsonable

__all__ = ["DEFAULT_REF_TEMPLATE", "SchemaBuilder", "top_level_schema"]

DEFAULT_REF_TEMPLATE = "#/$defs/{model}"

SIMPLE: dict[Any, dict[str, str]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    time: {"type": "string", "format": "time"},
    timedelta: {"type": "string", "format": "duration"},
    UUID: {"type": "string", "format": "uuid"},
}
JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
# constraint -> keyword, by the kind of schema it lands on
NUMBER_KEYWORDS = {
    "gt": "exclusiveMinimum",
    "ge": "minimum",
    "lt": "exclusiveMaximum",
    "le": "maximum",
}
STRING_KEYWORDS = {"min_length": "minLength", "max_length": "maxLength", "pattern": "pattern"}
ARRAY_KEYWORDS = {"min_length": "minItems", "max_length": "maxItems"}
OBJECT_KEYWORDS = {"min_length": "minProperties", "max_length": "maxProperties"}
CONTAINERS = (list, set, frozenset, tuple, dict)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and hasattr(annotation, "__model_validator__")


def _own_doc(cls: type) -> str | None:
    return inspect.cleandoc(cls.__doc__) if cls.__doc__ else None


def _keywords(limits: dict[str, Any], table: dict[str, str], convert: Any = None) -> dict[str, Any]:
    return {table[k]: (convert(v) if convert else v) for k, v in limits.items() if k in table}


class SchemaBuilder:
    """Builds schemas, collecting model and Enum definitions in ``defs`` along the way."""

    def __init__(self, ref_template: str, by_alias: bool, defs: dict[str, Any]) -> None:
        self.ref_template = ref_template
        self.by_alias = by_alias
        self.defs = defs

    def ref(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # placeholder: a recursive model refers to itself
            built = self.model(cls) if _is_model(cls) else self.enum(cls)
            self.defs[cls.__name__] = built
        return {"$ref": self.ref_template.format(model=cls.__name__)}

    def schema(self, annotation: Any, limits: dict[str, Any] | None = None) -> dict[str, Any]:
        """The schema of one annotation, ``limits`` being the field's constraints."""
        annotation, info = split_annotated(annotation)
        limits = {**(info.constraints if info else {}), **(limits or {})}
        origin = get_origin(annotation)
        if origin is Union or origin is types.UnionType:
            return self.union(get_args(annotation), limits)
        if annotation is None or annotation in SIMPLE:
            base = dict(SIMPLE[type(None) if annotation is None else annotation])
            table = STRING_KEYWORDS if annotation is str else NUMBER_KEYWORDS
            return base | _keywords(limits, table)
        if annotation is Decimal:
            number = {"type": "number"} | _keywords(limits, NUMBER_KEYWORDS, float)
            return {"anyOf": [number, {"type": "string"}]}
        if origin is Literal:
            return self.literal(list(get_args(annotation)))
        if isinstance(annotation, type) and (issubclass(annotation, Enum) or _is_model(annotation)):
            return self.ref(annotation)
        if origin is tuple and get_args(annotation) in ((), ((),)):  # tuple[()]
            return {"maxItems": 0, "minItems": 0, "type": "array"}
        if origin in CONTAINERS or annotation in CONTAINERS:
            return self.container(origin or annotation, get_args(annotation), limits)
        return {}  # Any, object: anything goes

    def union(self, members: tuple[Any, ...], limits: dict[str, Any]) -> dict[str, Any]:
        others = [member for member in members if member is not type(None)]
        passed = limits if len(others) == 1 else {}
        choices = [self.schema(member, passed) for member in others]
        if len(others) < len(members):
            choices.append({"type": "null"})
        return {"anyOf": choices}

    def literal(self, values: list[Any]) -> dict[str, Any]:
        values = [value.value if isinstance(value, Enum) else value for value in values]
        kinds = {JSON_TYPES.get(type(value)) for value in values}
        result: dict[str, Any] = {"const": values[0]} if len(values) == 1 else {"enum": values}
        if len(kinds) == 1 and None not in kinds:
            result["type"] = kinds.pop()
        return result

    def container(
        self, kind: type, args: tuple[Any, ...], limits: dict[str, Any]
    ) -> dict[str, Any]:
        if kind is dict:
            values = self.schema(args[1]) if args else True
            return {"type": "object", "additionalProperties": values} | _keywords(
                limits, OBJECT_KEYWORDS
            )
        result: dict[str, Any] = {"type": "array"}
        if kind is tuple and args and not (len(args) == 2 and args[1] is ...):
            items = [self.schema(arg) for arg in args]
            result |= {"prefixItems": items, "minItems": len(items), "maxItems": len(items)}
        else:
            result["items"] = self.schema(args[0]) if args else {}
        if kind in (set, frozenset):
            result["uniqueItems"] = True
        return result | _keywords(limits, ARRAY_KEYWORDS)

    def enum(self, cls: type[Enum]) -> dict[str, Any]:
        values = [member.value for member in cls]
        result: dict[str, Any] = {"enum": values, "title": cls.__name__}
        kinds = {JSON_TYPES.get(type(value)) for value in values}
        if len(kinds) == 1 and None not in kinds:
            result["type"] = kinds.pop()
        if doc := _own_doc(cls):
            result["description"] = doc
        return result

    def model(self, cls: Any) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for name, info in cls.model_fields.items():
            key = info.alias if self.by_alias and info.alias else name
            properties[key] = self.field(key, info)
            if info.is_required():
                required.append(key)
        result: dict[str, Any] = {"properties": properties, "title": cls.__name__, "type": "object"}
        if required:
            result["required"] = required
        if doc := _own_doc(cls):
            result["description"] = doc
        return result

    def field(self, key: str, info: FieldInfo) -> dict[str, Any]:
        """A model field (or a parameter): its type's schema plus title, docs and default."""
        result = self.schema(info.annotation, info.constraints)
        if info.title is not None or not _is_reference(info.annotation):
            result["title"] = info.title or key.title().replace("_", " ")
        if info.description is not None:
            result["description"] = info.description
        if info.examples is not None:
            result["examples"] = to_jsonable(info.examples)
        if not info.is_required() and info.default_factory is None:
            result["default"] = to_jsonable(info.default)
        return result


def _is_reference(annotation: Any) -> bool:
    """A model, an Enum, or ``Optional`` of one: pydantic gives such fields no title."""
    annotation, _ = split_annotated(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        others = [arg for arg in get_args(annotation) if arg is not type(None)]
        return len(others) == 1 and _is_reference(others[0])
    return isinstance(annotation, type) and (issubclass(annotation, Enum) or _is_model(annotation))


def sort_keys(value: Any, parent_key: str | None = None) -> Any:
    """Sort schema keys alphabetically, except field order in ``properties`` and defaults."""
    if isinstance(value, dict):
        keys = value if parent_key in ("properties", "default") else sorted(value)
        return {key: sort_keys(value[key], key) for key in keys}
    if isinstance(value, list) and parent_key not in ("default", "examples", "enum", "const"):
        return [sort_keys(item, parent_key) for item in value]
    return value


def top_level_schema(
    annotation: Any,
    field_info: FieldInfo | None,
    *,
    ref_template: str = DEFAULT_REF_TEMPLATE,
    by_alias: bool = True,
    defs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The schema of ``annotation``, as ``TypeAdapter.json_schema`` / ``model_json_schema``.

    Without ``defs``: as pydantic, a top-level model (or Enum) is written inline and the definitions it
    needs go under ``"$defs"``. With a ``defs`` dict (OpenAPI's ``components/schemas``,
    shared by many schemas), every model, the top one included, goes into ``defs`` and the
    result only references it.
    """
    shared = defs is not None
    builder = SchemaBuilder(ref_template, by_alias, {} if defs is None else defs)
    limits = field_info.constraints if field_info is not None else {}
    bare, _ = split_annotated(annotation)
    if _is_model(bare) and not shared:
        result = builder.model(bare)
    elif isinstance(bare, type) and issubclass(bare, Enum) and not shared:
        result = builder.enum(bare)
    else:
        result = builder.schema(annotation, limits)
    if shared:
        for name in list(builder.defs):
            builder.defs[name] = sort_keys(builder.defs[name])
        return sort_keys(result)
    if builder.defs:
        result["$defs"] = dict(sorted(builder.defs.items()))
    return sort_keys(result)
