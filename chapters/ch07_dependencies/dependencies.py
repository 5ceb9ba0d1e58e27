"""Analyse once, to any depth: an endpoint and its dependencies become a graph of :class:`Dependant`.

Why a graph built at registration: ``Depends(current_user)`` names a callable whose own
parameters say what *it* needs — a header, a ``Depends(get_db)`` — and so on down. None of
that changes between requests, so chapter 06's analysis simply runs again on every callable
it meets: each becomes a :class:`Dependant` (an ``EndpointSpec`` that also knows how to call
its function), each ``Depends`` parameter a :class:`DependencyParam` pointing at the
dependant it needs. Per request, :mod:`~chapters.ch07_dependencies.solving` only walks it.

Analysing at registration also catches what can never work: ``a`` needs ``b`` which needs
``a`` is reported *here*, as a :class:`DependencyCycleError` naming the whole cycle, not as
a ``RecursionError`` on the first request.

One dependant per callable per route: if two dependencies both need ``get_db``, the graph
holds one ``get_db`` node with two arrows to it (a diamond, not two copies), which is also
what the per-request cache relies on (keyed by the callable).

For the OpenAPI document (chapter 08), :func:`flat_params` and :func:`flat_body_params`
flatten the graph into the parameters an operation reads from the request, in FastAPI's
order (``fastapi/dependencies/utils.py``: ``get_flat_params``, ``_get_flat_body_params``).
How one callable is inspected (its hints, its kind, its name) is in :mod:`.callables`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, cast, get_args, get_origin

from chapters.ch06_framework import FastAPIError, InvalidParameterError
from chapters.ch06_framework.analysis import EndpointSpec, ParamSpec, SignatureAnalyzer
from chapters.ch07_dependencies.callables import (
    CallKind,
    call_kind,
    call_name,
    callable_hints,
    strip_annotated,
)
from chapters.ch07_dependencies.params import Depends

# CallKind and call_kind live in .callables; still importable from here, as before.
__all__ = [
    "CallKind",
    "Dependant",
    "DependencyAnalyzer",
    "DependencyCycleError",
    "DependencyParam",
    "DependencyScopeError",
    "call_kind",
    "flat_body_params",
    "flat_params",
    "should_embed_body",
]

#: When a ``yield`` dependency is torn down: before the response is sent, or after.
Scope = Literal["function", "request"]


class DependencyCycleError(FastAPIError):
    """Dependencies that need each other: ``a -> b -> a`` can never be solved."""


class DependencyScopeError(FastAPIError):
    """A ``yield`` dependency torn down after the response needs one torn down before it."""


@dataclass(eq=False)
class DependencyParam(ParamSpec):
    """A ``Depends(...)``: the value is what ``dependant.call`` returns.

    ``name`` is the parameter that receives it; ``""`` for a guard from
    ``dependencies=[Depends(...)]``, which is called for its effect (or its exception) only.
    ``scope`` is the ``Depends``'s: ``"function"`` tears a ``yield`` dependency down before
    the response is sent, ``"request"`` (the default for generators) after.
    """

    dependant: Dependant | None = None
    use_cache: bool = True
    scope: Scope | None = None

    @property
    def call(self) -> Callable[..., Any]:
        assert self.dependant is not None  # set by the analyzer, always
        return self.dependant.call

    @property
    def cache_key(self) -> tuple[int, str]:
        """What identifies "the same dependency" in a request: the callable and the scope.

        FastAPI's key too (``_get_cache_key``): ``Depends(get_db)`` and
        ``Depends(get_db, scope="function")`` are two connections, not one.
        """
        assert self.dependant is not None
        return dependency_key(self.dependant, self.scope)


@dataclass(eq=False)
class Dependant(EndpointSpec):
    """A callable analysed: its parameters (``Depends`` ones too), how to call it, its guards.

    ``guards`` are only ever set on an endpoint: the route's, router's and app's
    ``dependencies=[...]``, solved before the endpoint's own dependencies.
    """

    kind: CallKind = "sync"
    guards: list[DependencyParam] = field(default_factory=list)

    @property
    def dependencies(self) -> list[DependencyParam]:
        """What must be solved before calling this one, in FastAPI's order: guards first."""
        return [*self.guards, *self.of("dependency")]  # type: ignore[list-item]

    def walk(self) -> Iterator[Dependant]:
        """This dependant and everything below it, depth first, each node once per arrow."""
        yield self
        for param in self.dependencies:
            assert param.dependant is not None
            yield from param.dependant.walk()


class DependencyAnalyzer(SignatureAnalyzer):
    """Chapter 06's analyzer, plus ``Depends``: one instance per route, so one graph per route.

    ``analyze(call)`` returns the call's :class:`Dependant`, analysing what it depends on
    first (recursively); a callable met again is reused, a callable met *inside its own
    analysis* is a cycle.
    """

    marker_types = (*SignatureAnalyzer.marker_types, Depends)

    def __init__(self, path_param_names: Collection[str] = ()) -> None:
        super().__init__(path_param_names)
        self.analysed: dict[int, Dependant] = {}  # id(call) -> its dependant
        self.chain: list[Callable[..., Any]] = []  # the callables being analysed, outermost first

    def analyze(self, call: Callable[..., Any]) -> Dependant:
        """The dependant of ``call``, analysed once; cycles raise :class:`DependencyCycleError`."""
        if any(call is seen for seen in self.chain):
            start = next(i for i, seen in enumerate(self.chain) if seen is call)
            cycle = " -> ".join(call_name(each) for each in [*self.chain[start:], call])
            raise DependencyCycleError(f"dependency cycle: {cycle}")
        known = self.analysed.get(id(call))
        if known is not None and known.call is call:  # an id is reused once its object is gone
            return known
        self.chain.append(call)
        try:
            dependant = self.analysed[id(call)] = cast(Dependant, super().analyze(call))
        finally:
            self.chain.pop()
        return dependant

    def hints_for(self, call: Callable[..., Any]) -> dict[str, Any]:
        """Chapter 06 reads a function's hints; a class's come from its ``__init__``."""
        return callable_hints(call)

    def name_of(self, call: Callable[..., Any]) -> str:
        return call_name(call)

    def make_spec(
        self, call: Callable[..., Any], params: list[ParamSpec], *, embed_body: bool
    ) -> Dependant:
        return Dependant(call, params, embed_body, kind=call_kind(call))

    def analyze_param(self, name: str, annotation: Any, default: Any) -> ParamSpec:
        """A ``Depends`` parameter -> :class:`DependencyParam`; anything else: chapter 06's rules."""
        depends = self.find_depends(annotation, default)
        if depends is None:
            return super().analyze_param(name, annotation, default)
        dependency = depends.dependency
        if dependency is None:  # Depends(): the annotated class is the dependency
            dependency = strip_annotated(annotation)
            if dependency is Any or not callable(dependency):
                raise InvalidParameterError("Depends() without a callable needs a class annotation")
        return self.dependency_param(name, dependency, depends)

    def dependency_param(
        self, name: str, dependency: Callable[..., Any], depends: Depends
    ) -> DependencyParam:
        """Analyse ``dependency`` (recursively) and point a parameter at it."""
        dependant = self.analyze(dependency)
        if dependant.kind in ("generator", "async_generator") and depends.scope != "function":
            early = [p for p in dependant.dependencies if p.scope == "function"]
            if early:
                raise DependencyScopeError(
                    f"{call_name(dependency)} is torn down after the response is sent, so it"
                    f" cannot depend on {call_name(early[0].call)}, torn down before"
                    ' (scope="function")'
                )
        return DependencyParam(
            name,
            "dependency",
            dependant=dependant,
            use_cache=depends.use_cache,
            scope=depends.scope,
        )

    def find_depends(self, annotation: Any, default: Any) -> Depends | None:
        """The ``Depends`` of ``Annotated[T, Depends(f)]`` or ``= Depends(f)``, else ``None``.

        In ``Annotated`` the last marker wins, as in FastAPI; a marker in both places is an error.
        """
        in_annotation = None
        if get_origin(annotation) is Annotated:
            markers = [m for m in get_args(annotation)[1:] if isinstance(m, self.marker_types)]
            in_annotation = markers[-1] if markers else None
        if isinstance(default, self.marker_types) and in_annotation is not None:
            raise InvalidParameterError("a marker both in `Annotated` and as the default value")
        if isinstance(default, Depends):
            return default
        return in_annotation if isinstance(in_annotation, Depends) else None

    def guard(self, depends: Depends) -> DependencyParam:
        """One of ``dependencies=[Depends(...)]``: solved, called, its value dropped."""
        if not isinstance(depends, Depends) or depends.dependency is None:
            raise InvalidParameterError(
                f"dependencies=[...] takes Depends(callable) objects, not {depends!r}"
            )
        return self.dependency_param("", depends.dependency, depends)


def dependency_key(dependant: Dependant, scope: Scope | None) -> tuple[int, str]:
    """``(id(call), scope)``; a generator's scope is ``"request"`` unless said otherwise."""
    if scope is None and dependant.kind in ("generator", "async_generator"):
        scope = "request"
    return id(dependant.call), scope or ""


# -- flattening: what an operation reads from the request, for the OpenAPI document -----------


def flat_params(dependant: Dependant) -> list[ParamSpec]:
    """Every path, query, header and cookie parameter of the graph, grouped in that order.

    Each callable is visited once (a dependency used twice declares its parameters once),
    its own parameters before those of its dependencies: FastAPI's ``get_flat_params``.
    """
    groups: dict[str, list[ParamSpec]] = {"path": [], "query": [], "header": [], "cookie": []}
    visited: set[tuple[int, str]] = set()
    pending = [(dependant, dependency_key(dependant, "function"))]  # an endpoint's scope
    while pending:
        node, key = pending.pop()
        if key in visited:
            continue
        visited.add(key)
        for spec in node.params:
            if spec.source in groups:
                groups[spec.source].append(spec)
        pending.extend((p.dependant, p.cache_key) for p in reversed(node.dependencies))  # type: ignore[misc]
    return [spec for specs in groups.values() for spec in specs]


def flat_body_params(dependant: Dependant) -> list[ParamSpec]:
    """Every body parameter of the graph, own before dependencies', *not* de-duplicated
    (FastAPI's ``_get_flat_body_params``: two dependencies reading ``item`` share one key)."""
    body: list[ParamSpec] = []
    pending = [dependant]
    while pending:
        node = pending.pop()
        body.extend(node.of("body"))
        pending.extend(param.dependant for param in reversed(node.dependencies))  # type: ignore[misc]
    return body


def should_embed_body(body: list[ParamSpec]) -> bool:
    """Is the body an object with a key per body parameter? Decided over the whole graph.

    Yes when the parameters have more than one name, or the first says ``Body(embed=True)``;
    a single body parameter (maybe read by several dependencies) is otherwise the whole body.
    """
    if len({spec.name for spec in body}) > 1:
        return True
    return bool(body) and bool(getattr(body[0].field_info, "embed", False))
