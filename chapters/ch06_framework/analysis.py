"""Analyse once: an endpoint's signature becomes a list of :class:`ParamSpec`, each with its source.

Why at registration: ``def read(item_id: int, q: str | None = None, user_agent: str =
Header())`` says everything about how to call the function — ``item_id`` comes from the
path, ``q`` from the query string, ``user_agent`` from a header — and that never changes
between requests. So we read the signature, the type hints and the markers *once*, compile
each parameter's type into a validator, and hand the per-request code a flat list. A
declaration that cannot work raises :class:`InvalidParameterError` right here, naming the
endpoint and the parameter, instead of failing on some request later.

Where a parameter comes from, in order (FastAPI's rules, ``fastapi/dependencies/utils.py``):

1. its type is :class:`Request`: the request itself;
2. an explicit marker, as the default (``q: int = Query(3)``) or inside ``Annotated``
   (``q: Annotated[int, Query()] = 3``): the marker says;
3. its name is a ``{placeholder}`` of the route's path: the path;
4. its type is not a scalar (a model, a ``list``, a ``dict``; see :mod:`.scalars`): the body;
5. otherwise: the query string.

Chapter 07 adds dependencies by subclassing :class:`SignatureAnalyzer`: one more marker type
in :attr:`~SignatureAnalyzer.marker_types` and an override of
:meth:`~SignatureAnalyzer.analyze_param` that handles ``Depends`` before calling ``super()``.
"""

from __future__ import annotations

import copy
import inspect
import typing
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, cast, get_args, get_origin

from chapters.ch05_toolkit import HTTPConnection, Request
from chapters.ch06_framework.exceptions import InvalidParameterError
from chapters.ch06_framework.models import FieldInfo, TypeAdapter, Undefined
from chapters.ch06_framework.params import Body, Header, Param, Path, Query
from chapters.ch06_framework.scalars import is_scalar, is_scalar_sequence

# is_scalar and is_scalar_sequence live in .scalars; still importable from here, as before.
__all__ = [
    "EndpointSpec",
    "ParamSpec",
    "SignatureAnalyzer",
    "is_scalar",
    "is_scalar_sequence",
]

EMPTY = inspect.Parameter.empty


@dataclass(eq=False)
class ParamSpec:
    """One endpoint parameter, analysed: where its value is found and how it is validated.

    ``source`` is ``"path"``, ``"query"``, ``"header"``, ``"cookie"``, ``"body"`` or
    ``"request"`` (chapter 07 adds ``"dependency"``); for the first five it is also the first
    element of an error's ``loc``. ``alias`` is the name on the wire: ``User-Agent`` for a
    ``user_agent`` header, the key of an embedded body field.
    """

    name: str
    source: str
    alias: str = ""
    annotation: Any = Any
    field_info: FieldInfo | None = None
    adapter: TypeAdapter | None = None
    is_sequence: bool = False  # list[...] in a query or header: every value, not the last


@dataclass(eq=False)
class EndpointSpec:
    """The analysed endpoint: the function and its parameters, in signature order.

    ``embed_body`` is true when the body is an object holding each body parameter under its
    own name (several body parameters, or ``Body(embed=True)``); false when the one body
    parameter *is* the body.
    """

    call: Callable[..., Any]
    params: list[ParamSpec] = field(default_factory=list)
    embed_body: bool = False

    def of(self, source: str) -> list[ParamSpec]:
        return [spec for spec in self.params if spec.source == source]


class SignatureAnalyzer:
    """``SignatureAnalyzer({"item_id"}).analyze(read_item)`` -> :class:`EndpointSpec`.

    ``path_param_names`` are the route's ``{placeholders}``. One method per decision, so a
    subclass can change one rule without copying the others.
    """

    #: What may mark a parameter, as its default or inside ``Annotated``.
    marker_types: ClassVar[tuple[type, ...]] = (Param, Body)
    #: Parameters of these types receive the object itself, not a parsed value.
    special_types: ClassVar[dict[type, str]] = {Request: "request", HTTPConnection: "request"}

    def __init__(self, path_param_names: Collection[str] = ()) -> None:
        self.path_param_names = set(path_param_names)

    def analyze(self, call: Callable[..., Any]) -> EndpointSpec:
        """Every parameter of ``call``; misuse raises :class:`InvalidParameterError`."""
        hints = self.hints_for(call)
        params = []
        for parameter in inspect.signature(call).parameters.values():
            try:
                if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                    raise InvalidParameterError(
                        "*args and **kwargs cannot be filled from a request"
                    )
                annotation = hints.get(parameter.name, Any)
                params.append(self.analyze_param(parameter.name, annotation, parameter.default))
            except InvalidParameterError as exc:
                where = f"{self.name_of(call)}(), parameter {parameter.name!r}"
                raise InvalidParameterError(f"{where}: {exc}") from None
        body = [spec for spec in params if spec.source == "body"]
        return self.make_spec(call, params, embed_body=self.should_embed(body))

    def hints_for(self, call: Callable[..., Any]) -> dict[str, Any]:
        """The type hints of ``call``'s parameters (chapter 07 reads a class's ``__init__``)."""
        return resolved_hints(call)

    def name_of(self, call: Callable[..., Any]) -> str:
        """How an error message names ``call``."""
        return str(getattr(call, "__qualname__", call))

    def make_spec(
        self, call: Callable[..., Any], params: list[ParamSpec], *, embed_body: bool
    ) -> EndpointSpec:
        """The analysed result (chapter 07 returns its ``Dependant``, a subclass)."""
        return EndpointSpec(call, params, embed_body=embed_body)

    def analyze_param(self, name: str, annotation: Any, default: Any) -> ParamSpec:
        """One parameter -> its spec. The method chapter 07 extends for ``Depends``."""
        type_, marker, default = self.find_marker(name, annotation, default)
        special = self.special_source(type_)
        if special is not None:
            if marker is not None:
                raise InvalidParameterError(
                    f"a {type_.__name__} parameter takes no {marker_name(marker)}"
                )
            return ParamSpec(name, special, annotation=type_)
        if marker is None:
            marker = self.infer_marker(name, type_, default)
        source = "body" if isinstance(marker, Body) else type(marker).in_  # type: ignore[attr-defined]
        self.check(name, source, type_, marker)
        return self.build_spec(name, source, type_, marker)

    def find_marker(
        self, name: str, annotation: Any, default: Any
    ) -> tuple[Any, FieldInfo | None, Any]:
        """Split ``Annotated[int, Query(ge=1)] = 3`` into ``int``, a ``Query(3, ge=1)`` and 3.

        The marker is copied before it takes the default: an ``Annotated`` alias may be shared
        by many endpoints, each with a default of its own.
        """
        type_: Any = annotation
        marker: FieldInfo | None = None
        if get_origin(annotation) is Annotated:
            base, *metadata = get_args(annotation)
            markers = [item for item in metadata if isinstance(item, self.marker_types)]
            others = [item for item in metadata if not isinstance(item, self.marker_types)]
            type_ = Annotated[(base, *others)] if others else base  # plain Field(...)s stay
            if markers:
                marker = copied_marker(markers[-1])
                if not marker.is_required():
                    raise InvalidParameterError(
                        f"`{marker_name(marker)}` default value cannot be set in `Annotated`;"
                        " set it with `=` instead"
                    )
        if isinstance(default, self.marker_types):
            if marker is not None:
                raise InvalidParameterError("a marker both in `Annotated` and as the default value")
            marker, default = copied_marker(default), EMPTY
        elif marker is not None and default is not EMPTY:
            if isinstance(marker, Path):
                raise InvalidParameterError("path parameters cannot have a default value")
            marker.default = default
        if isinstance(default, FieldInfo):
            raise InvalidParameterError(
                "use Query(), Path(), Header(), Cookie() or Body(), not Field()"
            )
        return type_, marker, default

    def special_source(self, type_: Any) -> str | None:
        """``"request"`` for a :class:`Request` parameter (or a subclass), else ``None``."""
        if isinstance(type_, type):
            for cls, source in self.special_types.items():
                if issubclass(type_, cls):
                    return source
        return None

    def infer_marker(self, name: str, type_: Any, default: Any) -> FieldInfo:
        """No marker given: a path placeholder, else a body for complex types, else a query."""
        value = Undefined if default is EMPTY else default
        if name in self.path_param_names:
            # path parameters are always required: a default is ignored, as in FastAPI
            return Path()
        if not is_scalar(type_):
            return Body(value)
        return Query(value)

    def check(self, name: str, source: str, type_: Any, marker: FieldInfo) -> None:
        """The rules a marker must obey; each broken rule is an :class:`InvalidParameterError`."""
        wire_name = marker.alias or name
        if name in self.path_param_names and source != "path":
            raise InvalidParameterError(f"cannot use `{marker_name(marker)}` for a path parameter")
        if source == "path":
            if wire_name not in self.path_param_names:
                known = ", ".join(sorted(self.path_param_names)) or "none"
                raise InvalidParameterError(
                    f"declared with Path() but the route's path has no {{{wire_name}}} (it has: {known})"
                )
            if not marker.is_required():
                raise InvalidParameterError("path parameters cannot have a default value")
        if source in ("path", "cookie") and not is_scalar(type_):
            raise InvalidParameterError(
                f"a {source} parameter must be a single value, not {type_!r}"
            )
        if source in ("query", "header") and not (is_scalar(type_) or is_scalar_sequence(type_)):
            raise InvalidParameterError(
                f"a {source} parameter must be a value or a list of values, not {type_!r}"
            )

    def build_spec(self, name: str, source: str, type_: Any, marker: FieldInfo) -> ParamSpec:
        """Compile the validator once; work out the name the value has on the wire."""
        marker.annotation = type_
        alias = marker.alias or name
        if isinstance(marker, Header) and marker.alias is None and marker.convert_underscores:
            alias = name.replace("_", "-")
        try:
            adapter = TypeAdapter(type_, marker)
        except Exception as exc:
            raise InvalidParameterError(f"cannot validate the type {type_!r}: {exc}") from exc
        is_sequence = source in ("query", "header") and is_scalar_sequence(type_)
        return ParamSpec(name, source, alias, type_, marker, adapter, is_sequence)

    def should_embed(self, body: list[ParamSpec]) -> bool:
        """Several body parameters share the body as keys of one object; so does ``embed=True``."""
        if len(body) != 1:
            return len(body) > 1
        return bool(getattr(body[0].field_info, "embed", False))


def resolved_hints(call: Callable[..., Any]) -> dict[str, Any]:
    """The parameters' type hints with string annotations resolved, ``Annotated`` kept."""
    target = call if inspect.isfunction(call) or inspect.ismethod(call) else type(call).__call__
    try:
        return typing.get_type_hints(target, include_extras=True)
    except Exception as exc:  # a name used in an annotation that the module does not define
        name = getattr(call, "__qualname__", repr(call))
        raise InvalidParameterError(f"{name}(): cannot resolve the type hints: {exc}") from exc


def copied_marker(marker: object) -> FieldInfo:
    """A copy of a marker, which then takes the parameter's default (the original may be
    shared by many endpoints through an ``Annotated`` alias).

    Every marker type of this chapter is a ``FieldInfo`` (``Param``, ``Body``). A subclass
    that adds another kind to ``marker_types`` (chapter 07's ``Depends``) handles it before
    ``find_marker`` runs, so the cast says what ``isinstance(x, self.marker_types)``, a
    tuple open to extension, cannot tell the type checker.
    """
    return cast(FieldInfo, copy.copy(marker))


def marker_name(marker: Any) -> str:
    return type(marker).__name__
