"""``components/schemas``: one shared JSON Schema registry for a whole OpenAPI document.

Why a registry: an OpenAPI document describes every model **once**, under
``components/schemas``, and every place that uses it (a request body, a response, a field
of another model) says ``{"$ref": "#/components/schemas/Item"}``. Chapter 06's
:class:`~chapters.ch06_framework.models.schema.SchemaBuilder` already works that way when it
is given a shared ``defs`` dict and OpenAPI's ``ref_template``: this class holds that dict
for the document being built and adds what OpenAPI needs on top.

The rules for a *top-level* field (a parameter, a body, a response), as FastAPI applies them
(``fastapi/_compat``'s ``get_schema_from_model_field``): the schema of its type with its
constraints, ``description``, ``examples`` and ``default``, and a ``title`` made from the
name on the wire (``item_id`` -> ``"Item Id"``, ``user-agent`` -> ``"User-Agent"``) unless
the schema is a bare ``$ref``::

    >>> components = ComponentSchemas()
    >>> components.field("limit", FieldInfo(10, ge=1, annotation=int))
    {'default': 10, 'minimum': 1, 'title': 'Limit', 'type': 'integer'}
"""

from __future__ import annotations

import copy
from typing import Any

from chapters.ch06_framework.models import FieldInfo
from chapters.ch06_framework.models.schema import SchemaBuilder, sort_keys

__all__ = [
    "HTTP_VALIDATION_ERROR",
    "REF_TEMPLATE",
    "VALIDATION_ERROR",
    "ComponentSchemas",
    "ref",
]

REF_TEMPLATE = "#/components/schemas/{model}"


def ref(name: str) -> dict[str, str]:
    """``{"$ref": "#/components/schemas/<name>"}``."""
    return {"$ref": REF_TEMPLATE.format(model=name)}


# The shape of chapter 06's 422 answer, ``{"detail": [{"loc": ..., "msg": ..., ...}]}``,
# written as JSON Schema: every operation that validates its input may answer it.
VALIDATION_ERROR: dict[str, Any] = {
    "properties": {
        "loc": {
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "title": "Location",
            "type": "array",
        },
        "msg": {"title": "Message", "type": "string"},
        "type": {"title": "Error Type", "type": "string"},
        "input": {"title": "Input"},
        "ctx": {"title": "Context", "type": "object"},
    },
    "required": ["loc", "msg", "type"],
    "title": "ValidationError",
    "type": "object",
}
HTTP_VALIDATION_ERROR: dict[str, Any] = {
    "properties": {
        "detail": {"items": ref("ValidationError"), "title": "Detail", "type": "array"},
    },
    "title": "HTTPValidationError",
    "type": "object",
}


def title_for(key: str) -> str:
    """``item_id`` -> ``Item Id``; ``x-token`` -> ``X-Token`` (pydantic's field titles)."""
    return key.title().replace("_", " ")


class ComponentSchemas:
    """The ``components/schemas`` of one document, filled while its operations are described."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}
        self.builder = SchemaBuilder(REF_TEMPLATE, by_alias=True, defs=self.schemas)

    def field(self, key: str, info: FieldInfo) -> dict[str, Any]:
        """A parameter's, a body's or a response's schema; models it reaches are registered.

        ``info.annotation`` is the type; ``key`` is the name on the wire, used for the title.
        """
        schema = self.builder.field(key, info)
        if "$ref" not in schema:  # Optional[Model] gets a title here, unlike a model's field
            schema.setdefault("title", info.title or title_for(key))
        return sort_keys(schema)

    def annotation(self, key: str, annotation: Any) -> dict[str, Any]:
        """The schema of a bare type (a response model), titled after ``key``."""
        return self.field(key, FieldInfo(annotation=annotation))

    def object_model(self, name: str, fields: list[tuple[str, FieldInfo]]) -> dict[str, str]:
        """Register an object schema built from named fields (FastAPI's ``Body_...`` models).

        Several body parameters share one JSON object, each under its own key; the document
        describes that object as a model of its own, so it gets a name and a ``$ref``.
        """
        properties = {key: self.builder.field(key, info) for key, info in fields}
        schema: dict[str, Any] = {"properties": properties, "title": name, "type": "object"}
        required = [key for key, info in fields if info.is_required()]
        if required:
            schema["required"] = required
        return self.add(name, schema)

    def add(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        """Put a ready-made schema under ``name`` (first one wins) and return its ``$ref``."""
        self.schemas.setdefault(name, copy.deepcopy(schema))
        return ref(name)

    def add_validation_error(self) -> dict[str, str]:
        """Register ``HTTPValidationError`` (and the ``ValidationError`` it lists)."""
        self.add("ValidationError", VALIDATION_ERROR)
        return self.add("HTTPValidationError", HTTP_VALIDATION_ERROR)

    def sorted(self) -> dict[str, Any]:
        """Every schema, by name, with its keys in pydantic's order (fields keep theirs)."""
        return {name: sort_keys(self.schemas[name]) for name in sorted(self.schemas)}
