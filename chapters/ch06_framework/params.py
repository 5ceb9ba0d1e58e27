"""Parameter markers: ``Query``, ``Path``, ``Header``, ``Cookie``, ``Body`` say where a value comes from.

Why markers are :class:`FieldInfo` subclasses: a parameter is described exactly like a model
field (a default, constraints such as ``ge=1`` or ``max_length=50``, an alias, a
description for the docs) *plus* one thing a model field has no use for: the part of the
request it is read from. So ``Query(10, ge=1)`` is ``Field(10, ge=1)`` that also says
"query string"; the models layer applies the constraints, this layer finds the raw value.
The same marker works as a default value or inside ``Annotated``::

    def list_items(limit: int = Query(10, ge=1)): ...
    def list_items(limit: Annotated[int, Query(ge=1)] = 10): ...

``in_`` names the source as it appears in error locations (``["query", "limit"]``). This is
``fastapi/params.py``, minus forms, files and the OpenAPI-only options (chapter 08).
:mod:`chapters.ch06_framework.param_functions` wraps each class in a function typed
``-> Any``, so that ``limit: int = Query(10)`` also satisfies a type checker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from chapters.ch06_framework.models import FieldInfo, Undefined

__all__ = ["Body", "Cookie", "Header", "Param", "Path", "Query"]


class Param(FieldInfo):
    """A value read from one part of the request other than the body."""

    in_: ClassVar[str] = ""

    def __init__(
        self,
        default: Any = Undefined,
        *,
        default_factory: Callable[[], Any] | None = None,
        alias: str | None = None,
        title: str | None = None,
        description: str | None = None,
        examples: list[Any] | None = None,
        gt: float | None = None,
        ge: float | None = None,
        lt: float | None = None,
        le: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        super().__init__(
            Undefined if default is ... else default,  # Query(...) is FastAPI's old "required"
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
        self.include_in_schema = include_in_schema

    def __repr__(self) -> str:
        shown = "PydanticUndefined" if self.default is Undefined else repr(self.default)
        return f"{type(self).__name__}({shown})"


class Path(Param):
    """A ``{name}`` segment of the route's path. Always required: a path has no gaps."""

    in_ = "path"


class Query(Param):
    """``?name=value`` in the URL; a ``list[...]`` annotation collects every repeated value."""

    in_ = "query"


class Header(Param):
    """A request header. ``user_agent`` reads ``User-Agent``: Python names cannot hold ``-``,
    header names rarely hold ``_``, so underscores become hyphens unless
    ``convert_underscores=False`` (or an explicit ``alias``) says otherwise."""

    in_ = "header"

    def __init__(
        self, default: Any = Undefined, *, convert_underscores: bool = True, **options: Any
    ) -> None:
        super().__init__(default, **options)
        self.convert_underscores = convert_underscores


class Cookie(Param):
    """A cookie from the ``Cookie`` header."""

    in_ = "cookie"


class Body(FieldInfo):
    """The request body, parsed as JSON, or one named part of it.

    One body parameter (a model, say) *is* the whole body. Several body parameters, or one
    declared with ``embed=True``, each read the key of their own name:
    ``{"item": {...}, "user": {...}}``. ``media_type`` is for the docs (chapter 08).
    """

    def __init__(
        self,
        default: Any = Undefined,
        *,
        embed: bool | None = None,
        media_type: str = "application/json",
        include_in_schema: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(Undefined if default is ... else default, **options)
        self.embed = embed
        self.media_type = media_type
        self.include_in_schema = include_in_schema

    def __repr__(self) -> str:
        shown = "PydanticUndefined" if self.default is Undefined else repr(self.default)
        return f"{type(self).__name__}({shown})"
