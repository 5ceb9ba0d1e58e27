"""What a field *is* apart from its type: a default, an alias, constraints, documentation.

Why a separate object: ``price: float = Field(gt=0, description="Price")`` says two things
at once. The annotation (``float``) says how to convert the input; the :class:`FieldInfo`
says everything else: whether the field may be left out, what name the input uses, which
bounds the converted value must respect, what the docs should say about it. The models
layer reads both once, when a class is created, and compiles them into a validator.

The framework layer subclasses :class:`FieldInfo` for its parameter markers (``Query``,
``Body``...), so it is a plain class with a plain ``__init__``, not a slotted dataclass.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Self

__all__ = ["CONSTRAINTS", "Field", "FieldInfo", "Undefined", "UndefinedType"]

# The constraint options, in the order they are checked and shown in JSON Schema.
CONSTRAINTS = ("gt", "ge", "lt", "le", "min_length", "max_length", "pattern")


class UndefinedType:
    """The type of :data:`Undefined`: "no default was given" (``None`` is a valid default)."""

    _instance: Self | None = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "PydanticUndefined"

    def __copy__(self) -> UndefinedType:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> UndefinedType:
        return self

    def __reduce__(self) -> str:
        return "Undefined"


Undefined = UndefinedType()


class FieldInfo:
    """Everything about a field except its type; ``Field(...)`` builds one.

    ``default=...`` (Ellipsis) means "required", as in pydantic and FastAPI.
    """

    def __init__(
        self,
        default: Any = Undefined,
        *,
        default_factory: Callable[[], Any] | None = None,
        alias: str | None = None,
        title: str | None = None,
        description: str | None = None,
        examples: list[Any] | None = None,
        gt: Any = None,
        ge: Any = None,
        lt: Any = None,
        le: Any = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        annotation: Any = None,
    ) -> None:
        if default is ...:
            default = Undefined
        if default is not Undefined and default_factory is not None:
            raise TypeError("cannot specify both default and default_factory")
        self.default = default
        self.default_factory = default_factory
        self.alias = alias
        self.title = title
        self.description = description
        self.examples = examples
        self.gt, self.ge, self.lt, self.le = gt, ge, lt, le
        self.min_length, self.max_length = min_length, max_length
        self.pattern = pattern
        self.annotation = annotation

    def is_required(self) -> bool:
        """True when the input must provide the field: no default and no factory."""
        return self.default is Undefined and self.default_factory is None

    def get_default(self) -> Any:
        """A fresh default value for one instance.

        Why copy: ``tags: list[str] = []`` must not give every instance the *same* list, or
        appending to one model's tags would change all of them. A factory makes a new value
        each call; an unhashable default (a list, a dict, a set) is deep-copied, as pydantic
        does. Immutable defaults (numbers, strings, tuples, ``None``) are shared safely.
        """
        if self.default_factory is not None:
            return self.default_factory()
        if self.default.__hash__ is None:
            return copy.deepcopy(self.default)
        return self.default

    @property
    def constraints(self) -> dict[str, Any]:
        """The constraints that were set, by name: ``{"gt": 0, "max_length": 5}``."""
        return {
            name: getattr(self, name) for name in CONSTRAINTS if getattr(self, name) is not None
        }

    def merged_with(self, other: FieldInfo) -> FieldInfo:
        """A copy of ``self`` where every option ``other`` sets explicitly wins.

        ``x: Annotated[int, Field(gt=0)] = 3`` describes one field in two places; the
        annotation's constraints and the assigned default combine into one :class:`FieldInfo`.
        """
        merged = copy.copy(self)
        for name, value in vars(other).items():
            if value is not None and value is not Undefined:
                setattr(merged, name, value)
        if other.default_factory is not None:
            merged.default = Undefined
        elif other.default is not Undefined:
            merged.default_factory = None
        return merged

    def __repr__(self) -> str:
        name = getattr(self.annotation, "__name__", None) or repr(self.annotation)
        parts = [f"annotation={name}", f"required={self.is_required()}"]
        if self.default is not Undefined:
            parts.append(f"default={self.default!r}")
        if self.default_factory is not None:
            parts.append(f"default_factory={getattr(self.default_factory, '__name__', '?')}")
        for option in ("alias", "title", "description", "examples", *CONSTRAINTS):
            if getattr(self, option) is not None:
                parts.append(f"{option}={getattr(self, option)!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


def Field(  # a function named like a class, as in pydantic
    default: Any = Undefined,
    *,
    default_factory: Callable[[], Any] | None = None,
    alias: str | None = None,
    title: str | None = None,
    description: str | None = None,
    examples: list[Any] | None = None,
    gt: Any = None,
    ge: Any = None,
    lt: Any = None,
    le: Any = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """Describe a model field: ``price: float = Field(gt=0, description="Price")``.

    Typed ``-> Any`` on purpose (as pydantic does): the result is assigned to an attribute
    annotated ``float``, and a type checker must accept that.
    """
    return FieldInfo(
        default,
        default_factory=default_factory,
        alias=alias,
        title=title,
        description=description,
        examples=examples,
        gt=gt,
        ge=ge,
        lt=lt,
        le=le,
        min_length=min_length,
        max_length=max_length,
        pattern=pattern,
    )
