"""``TypeAdapter``: validation, dumping and JSON Schema for any annotation, not just models.

Why: the framework validates things that are not models: a query parameter ``int``, a
header ``list[str]``, a body ``list[Item]``, each with the constraints of its ``Query(...)``.
``TypeAdapter(Annotated[int, Field(ge=1)])`` compiles the annotation once, at route
registration, and each request only runs the compiled validator.
"""

from __future__ import annotations

from typing import Any, Literal

from chapters.ch06_framework.models import schema, serialization
from chapters.ch06_framework.models.adapters import Validate, compile_annotation
from chapters.ch06_framework.models.errors import (
    INVALID,
    ErrorDict,
    ValidationError,
)
from chapters.ch06_framework.models.fields import FieldInfo

__all__ = ["TypeAdapter"]


class TypeAdapter:
    """One annotation (plus an optional :class:`FieldInfo`), compiled once."""

    def __init__(self, annotation: Any, field_info: FieldInfo | None = None) -> None:
        self.annotation = annotation
        self.field_info = field_info
        self._validators: dict[bool, Validate] = {}
        self._validator(True)  # compile now: a bad annotation fails at registration

    def _validator(self, from_attributes: bool) -> Validate:
        found = self._validators.get(from_attributes)
        if found is None:
            compiled = compile_annotation(
                self.annotation, self.field_info, from_attributes=from_attributes
            )
            found = self._validators[from_attributes] = compiled.validate
        return found

    def validate(self, value: Any, loc: tuple[str | int, ...], errors: list[ErrorDict]) -> Any:
        """The framework's form: the converted value, or INVALID with errors appended at ``loc``.

        Like FastAPI, it reads a model from an object's attributes when given an object
        (``from_attributes``), so a ``response_model`` accepts an ORM row; a non-dict body for
        a model is then a ``model_attributes_type`` error, as FastAPI reports it.
        """
        start = len(errors)
        result = self._validators[True](value, errors)
        if result is INVALID and loc:
            for index in range(start, len(errors)):
                errors[index]["loc"] = (*loc, *errors[index]["loc"])
        return result

    def validate_python(self, value: Any, *, from_attributes: bool = False) -> Any:
        """The converted value; raises :class:`ValidationError` listing every problem."""
        errors: list[ErrorDict] = []
        result = self._validator(from_attributes)(value, errors)
        if result is INVALID:
            raise ValidationError(self._title(), errors)
        return result

    def _title(self) -> str:
        return getattr(self.annotation, "__name__", None) or repr(self.annotation)

    def dump_python(
        self,
        value: Any,
        *,
        mode: Literal["python", "json"] = "python",
        by_alias: bool = False,
        exclude_none: bool = False,
        exclude_unset: bool = False,
    ) -> Any:
        """``value`` as plain data; ``mode="json"`` gives only JSON types (see serialization)."""
        options = serialization.DumpOptions(mode == "json", by_alias, exclude_none, exclude_unset)
        if options.json:
            return serialization.to_jsonable(value, options)
        return serialization.to_python(value, options)

    def dump_json(self, value: Any, *, indent: int | None = None, by_alias: bool = False) -> bytes:
        data = self.dump_python(value, mode="json", by_alias=by_alias)
        return serialization.to_json_text(data, indent).encode()

    def json_schema(
        self,
        *,
        by_alias: bool = True,
        ref_template: str = schema.DEFAULT_REF_TEMPLATE,
        defs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """pydantic-shaped JSON Schema; pass ``defs`` to collect models in a shared dict."""
        return schema.top_level_schema(
            self.annotation,
            self.field_info,
            ref_template=ref_template,
            by_alias=by_alias,
            defs=defs,
        )
