"""``BaseModel``: a class whose annotations are its schema.

::

    class Item(BaseModel):
        name: str
        price: float = Field(gt=0)
        tags: list[str] = []

    Item.model_validate({"name": "pen", "price": "1.5"})   # Item(name='pen', price=1.5, tags=[])

Why compile once: at class creation the annotations are read with
``typing.get_type_hints`` and the fields collected; on the first validation each field is
compiled into a validator (:mod:`.adapters`) and the result cached on the class. From then
on validating an input is one loop over a prepared list of ``(name, key, validate,
required, info)``: no type hints are looked up, no exceptions raised or caught, no strings
built while the input is valid. (Compiling on first use, not at class creation, lets a model
mention a class defined *after* it, or itself.)

Input keys the model does not know are ignored, as in pydantic's default. A field with an
``alias`` is read from the alias (``Field(alias="orderId")``) and dumped under it with
``by_alias=True``.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal, get_origin, get_type_hints

from chapters.ch06_framework.models import schema, serialization
from chapters.ch06_framework.models.adapters import compile_annotation, split_annotated
from chapters.ch06_framework.models.errors import (
    INVALID,
    ErrorDict,
    ValidationError,
    make_error,
    prefix_locs,
)
from chapters.ch06_framework.models.fields import FieldInfo, Undefined

__all__ = ["BaseModel"]

Validate = Callable[[Any, list[ErrorDict]], Any]
FieldPlan = list[tuple[str, str, Validate, bool, FieldInfo]]
_MISSING = object()
# Types whose instances are values, not objects with fields (pydantic's from_attributes rule).
_VALUE_MODULES = frozenset({"builtins", "datetime", "collections", "decimal", "uuid"})


class _Attributes:
    """An object read like a dict of its attributes (``from_attributes``: ORM rows, etc.)."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def get(self, key: str, default: Any) -> Any:
        return getattr(self.obj, key, default)


def _collect_fields(cls: type[BaseModel], localns: dict[str, Any]) -> dict[str, FieldInfo]:
    """The model's fields, from its annotations (inherited ones included) and defaults."""
    hints = get_type_hints(cls, localns={**localns, cls.__name__: cls}, include_extras=True)
    own = inspect.get_annotations(cls)
    inherited: dict[str, FieldInfo] = {}
    for base in reversed(cls.__mro__[1:]):
        inherited.update(getattr(base, "model_fields", {}))
    fields: dict[str, FieldInfo] = {}
    for name, annotation in hints.items():
        if name.startswith("_") or get_origin(annotation) is ClassVar:
            continue
        if name not in own and name in inherited:
            fields[name] = inherited[name]
            continue
        assigned = cls.__dict__.get(name, Undefined)
        info = assigned if isinstance(assigned, FieldInfo) else FieldInfo(assigned)
        bare, from_annotation = split_annotated(annotation)
        info = from_annotation.merged_with(info) if from_annotation else info
        info.annotation = bare
        fields[name] = info
        if name in cls.__dict__:
            delattr(cls, name)  # the value lives on instances; the class keeps the FieldInfo
    return fields


def _model_error(cls: type[BaseModel], value: Any, from_attributes: bool) -> ErrorDict:
    if from_attributes:
        return make_error("model_attributes_type", value)
    return make_error("model_type", value, {"class_name": cls.__name__})


def _narrow(cls: type[BaseModel], value: BaseModel) -> BaseModel:
    """An instance of a subclass, cut down to ``cls``'s fields.

    FastAPI's ``response_model=Item`` must not leak the extra fields of an ``ItemInDB(Item)``
    that the endpoint returned (a password hash, say); pydantic gets there by serializing
    with ``Item``'s schema, here the value itself is narrowed, once, at validation.
    """
    instance = object.__new__(cls)
    instance.__dict__ = {name: value.__dict__[name] for name in cls.model_fields}
    instance.__fields_set__ = value.__fields_set__ & set(cls.model_fields)
    return instance


def _compile_fields(cls: type[BaseModel], from_attributes: bool) -> FieldPlan:
    """Each field compiled once, in order: ``(name, key, validate, required, info)``."""
    return [
        (
            name,
            info.alias or name,
            compile_annotation(info.annotation, info, from_attributes=from_attributes).validate,
            info.is_required(),
            info,
        )
        for name, info in cls.model_fields.items()
    ]


def _fields_source(
    cls: type[BaseModel], value: Any, from_attributes: bool, errors: list[ErrorDict]
) -> Any:
    """What a non-dict input's fields are read from: a mapping, an object's attributes (with
    ``from_attributes``), or nothing: ``INVALID``, the error appended."""
    if isinstance(value, Mapping):
        return value
    if from_attributes and type(value).__module__ not in _VALUE_MODULES:
        return _Attributes(value)
    errors.append(_model_error(cls, value, from_attributes))
    return INVALID


def _validate_fields(
    plan: FieldPlan, data: Any, value: Any, errors: list[ErrorDict]
) -> tuple[dict[str, Any], list[str]]:
    """Every field's value, and the names filled from defaults; each error's ``loc`` starts
    with its field's key."""
    values: dict[str, Any] = {}
    unset: list[str] = []
    for name, key, validate, required, info in plan:
        raw = data.get(key, _MISSING)
        if raw is _MISSING:
            if required:
                errors.append(make_error("missing", value, loc=(key,)))
            else:
                values[name] = info.get_default()
                unset.append(name)
            continue
        mark = len(errors)
        result = validate(raw, errors)
        if result is INVALID:
            prefix_locs(errors, mark, key)
        else:
            values[name] = result
    return values, unset


def _build_validator(cls: type[BaseModel], from_attributes: bool) -> Validate:
    """Compile every field, then return the function that validates one input for ``cls``:
    find the fields' source (a dict, the common case, inline), validate them, build."""
    plan = _compile_fields(cls, from_attributes)
    all_names = frozenset(cls.model_fields)
    new = object.__new__

    def validate_model(value: Any, errors: list[ErrorDict]) -> Any:
        if type(value) is dict:
            data: Any = value
        elif isinstance(value, cls):  # already validated: not validated again, as in pydantic
            return value if type(value) is cls or not from_attributes else _narrow(cls, value)
        else:
            data = _fields_source(cls, value, from_attributes, errors)
            if data is INVALID:
                return INVALID
        start = len(errors)
        values, unset = _validate_fields(plan, data, value, errors)
        if len(errors) != start:
            return INVALID
        instance = new(cls)
        instance.__dict__ = values
        instance.__fields_set__ = all_names.difference(unset) if unset else set(all_names)
        return instance

    return validate_model


class BaseModel:
    """Subclass it and annotate fields; see the module docstring."""

    __slots__ = ("__dict__", "__fields_set__")

    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    __validators__: ClassVar[dict[bool, Validate | None]] = {}
    __localns__: ClassVar[dict[str, Any]] = {}
    __pending__: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.__validators__ = {}
        # Where the class statement ran: lets hints name classes local to a function.
        frame = sys._getframe(1)
        cls.__localns__ = dict(frame.f_locals) if frame.f_locals is not frame.f_globals else {}
        try:
            cls.model_fields = _collect_fields(cls, cls.__localns__)
        except NameError:  # a name defined later in the module: finish on first use
            cls.model_fields = {}
            cls.__pending__ = True
        else:
            cls.__pending__ = False

    @classmethod
    def model_rebuild(cls) -> None:
        """Read the annotations again (after the classes they name have been defined)."""
        cls.model_fields = _collect_fields(cls, cls.__localns__)
        cls.__validators__ = {}
        cls.__pending__ = False

    @classmethod
    def __model_validator__(cls, from_attributes: bool = False) -> Validate:
        """The compiled validator, built on first request and cached per ``from_attributes``.

        A recursive model (``children: list["Node"]``) asks for its own validator while it is
        being built; it then gets a small function that looks the finished one up later.
        """
        if cls.__pending__:
            cls.model_rebuild()
        validators = cls.__validators__
        if from_attributes in validators:
            found = validators[from_attributes]
            if found is not None:
                return found
            return lambda value, errors: validators[from_attributes](value, errors)  # type: ignore[misc]
        validators[from_attributes] = None  # "being built"
        validators[from_attributes] = _build_validator(cls, from_attributes)
        return validators[from_attributes]  # type: ignore[return-value]

    def __init__(self, /, **data: Any) -> None:
        errors: list[ErrorDict] = []
        validated = type(self).__model_validator__(False)(data, errors)
        if validated is INVALID:
            raise ValidationError(type(self).__name__, errors)
        self.__dict__ = validated.__dict__
        self.__fields_set__ = validated.__fields_set__

    @classmethod
    def model_validate(cls, obj: Any, *, from_attributes: bool = False) -> Any:
        """``obj`` (a dict, or a model instance) as an instance; raises :class:`ValidationError`."""
        errors: list[ErrorDict] = []
        result = cls.__model_validator__(from_attributes)(obj, errors)
        if result is INVALID:
            raise ValidationError(cls.__name__, errors)
        return result

    @classmethod
    def model_validate_json(cls, data: str | bytes | bytearray) -> Any:
        """Parse JSON text, then validate; malformed JSON is a ``json_invalid`` error."""
        if not isinstance(data, (str, bytes, bytearray)):
            raise ValidationError(cls.__name__, [make_error("json_type", data)])
        try:
            obj = json.loads(data)
        except json.JSONDecodeError as exc:
            ctx = {"error": f"{exc.msg} at line {exc.lineno} column {exc.colno}"}
            raise ValidationError(cls.__name__, [make_error("json_invalid", data, ctx)]) from None
        if not isinstance(obj, dict):
            error = make_error("model_type", obj, {"class_name": cls.__name__})
            error["msg"] = "Input should be an object"
            raise ValidationError(cls.__name__, [error])
        return cls.model_validate(obj)

    @classmethod
    def model_construct(cls, **values: Any) -> Any:
        """An instance from trusted, already valid values: no validation (defaults filled)."""
        instance = object.__new__(cls)
        for name, info in cls.model_fields.items():
            if name not in values and not info.is_required():
                values[name] = info.get_default()
        instance.__dict__ = values
        instance.__fields_set__ = set(values) & set(cls.model_fields)
        return instance

    @property
    def model_fields_set(self) -> set[str]:
        """Names of the fields the input provided (not filled from defaults)."""
        return self.__fields_set__

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        by_alias: bool = False,
        exclude_none: bool = False,
        exclude_unset: bool = False,
    ) -> dict[str, Any]:
        """The model as a dict; ``mode="json"`` makes every value JSON-ready."""
        options = serialization.DumpOptions(mode == "json", by_alias, exclude_none, exclude_unset)
        return serialization.dump_model(self, options)

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        by_alias: bool = False,
        exclude_none: bool = False,
        exclude_unset: bool = False,
    ) -> str:
        """The model as JSON text (compact, UTF-8 characters kept, like pydantic's)."""
        data = self.model_dump(
            mode="json", by_alias=by_alias, exclude_none=exclude_none, exclude_unset=exclude_unset
        )
        return serialization.to_json_text(data, indent)

    @classmethod
    def model_json_schema(
        cls, by_alias: bool = True, ref_template: str = schema.DEFAULT_REF_TEMPLATE
    ) -> dict[str, Any]:
        """The JSON Schema of the model, nested models under ``$defs`` (as pydantic's)."""
        if cls.__pending__:
            cls.model_rebuild()
        return schema.top_level_schema(cls, None, ref_template=ref_template, by_alias=by_alias)

    def __iter__(self) -> Any:
        yield from self.__dict__.items()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __str__(self) -> str:
        return " ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
