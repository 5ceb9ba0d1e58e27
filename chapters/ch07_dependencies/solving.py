"""Solve per request: walk the dependency graph, call each dependency once, collect every error.

Why this order (FastAPI's, ``solve_dependencies`` in ``fastapi/dependencies/utils.py``): a
node's dependencies are solved first, in declaration order (guards from
``dependencies=[...]`` before the parameters), then the node's own path, query, header,
cookie and body parameters with chapter 06's :class:`RequestSolver`. So the 422 list holds
the errors of the dependencies' parameters, depth first, then the endpoint's own. A
dependency whose own parameters failed is not called; its siblings still are (FastAPI does
the same: their errors, if any, belong in the same list).

Per request, four things are shared by every node (:class:`Solving`):

* the **cache**: the first value of each dependency, keyed by the callable (and its scope),
  so ``get_db`` needed by three dependencies is called once — unless a parameter says
  ``use_cache=False``;
* the **exit stack**: a generator dependency (``yield``) is entered as a context manager on
  a :class:`contextlib.AsyncExitStack` opened by the route around *both* the endpoint and
  sending the response. Leaving it runs the code after each ``yield`` in reverse order of
  setup, after the response is sent; if the endpoint raised, the exception is thrown in at
  the ``yield``, so ``except: rollback; raise`` works. ``Depends(..., scope="function")``
  uses a second stack, left as soon as the endpoint returned, before the response is sent;
* the **overrides**: ``app.dependency_overrides[get_db] = get_test_db`` swaps the callable,
  keeping the parameter (its name, its cache key). A replacement is analysed the first time
  it is met and kept, so the per-request path stays a dict lookup;
* the request and its body.

Sync dependencies run in a worker thread (chapter 05's ``run_in_threadpool``), sync
generators too, one step at a time; ``async`` ones on the event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import (
    AbstractContextManager,
    AsyncExitStack,
    asynccontextmanager,
    contextmanager,
)
from dataclasses import dataclass, field
from typing import Any, TypeVar

from chapters.ch05_toolkit import Request
from chapters.ch05_toolkit.concurrency import run_in_threadpool
from chapters.ch06_framework import FastAPIError
from chapters.ch06_framework.models import ErrorDict, Undefined
from chapters.ch06_framework.solving import RequestSolver
from chapters.ch07_dependencies.dependencies import Dependant, DependencyAnalyzer, DependencyParam

__all__ = [
    "EXIT_STACK",
    "FUNCTION_EXIT_STACK",
    "DependencySolver",
    "Solving",
    "contextmanager_in_threadpool",
]

#: Where the route puts the two exit stacks in the ASGI scope (FastAPI:
#: ``scope["fastapi_inner_astack"]``), so the solver finds them without a new signature:
#: one left after the response is sent, one left when the endpoint returned.
EXIT_STACK = "dependencies_exit_stack"
FUNCTION_EXIT_STACK = "dependencies_function_exit_stack"

T = TypeVar("T")


@dataclass(eq=False)
class Solving:
    """One request's dependency state, shared by every node solved for it."""

    request: Request
    body: Any
    exit_stack: AsyncExitStack  # left after the response is sent
    function_exit_stack: AsyncExitStack  # left when the endpoint returned
    root: DependencySolver
    overrides: Mapping[Callable[..., Any], Callable[..., Any]]
    cache: dict[tuple[int, str], Any] = field(default_factory=dict)  # see DependencyParam.cache_key


class DependencySolver(RequestSolver):
    """``await solver.solve(request, body)`` -> ``(values, errors)``, dependencies included.

    One solver per node of the graph. ``embed_body`` is the route's decision (made over the
    body parameters of the whole graph), which each node applies to its own body parameters.
    Only the endpoint's solver gets the ``analyzer`` and ``overrides_provider`` (the app).
    """

    def __init__(
        self,
        spec: Dependant,
        *,
        embed_body: bool | None = None,
        analyzer: DependencyAnalyzer | None = None,
        overrides_provider: Any = None,
    ) -> None:
        super().__init__(spec)
        self.spec: Dependant = spec
        self.embed_body = spec.embed_body if embed_body is None else embed_body
        self.whole_body = self.body[0] if len(self.body) == 1 and not self.embed_body else None
        self.dependencies = [
            (param, DependencySolver(param.dependant, embed_body=self.embed_body))  # type: ignore[arg-type]
            for param in spec.dependencies
        ]
        self.needs_body = self.needs_body or any(sub.needs_body for _, sub in self.dependencies)
        self.analyzer, self.overrides_provider = analyzer, overrides_provider
        self.override_solvers: dict[int, DependencySolver] = {}

    async def solve(
        self, request: Request, body: Any = Undefined
    ) -> tuple[dict[str, Any], list[ErrorDict]]:
        """The endpoint's values (its dependencies called), or every error found."""
        exit_stack = request.scope.get(EXIT_STACK)
        function_exit_stack = request.scope.get(FUNCTION_EXIT_STACK)
        if exit_stack is None or function_exit_stack is None:
            raise FastAPIError("dependencies are solved inside an APIRoute: it opens the stacks")
        overrides = getattr(self.overrides_provider, "dependency_overrides", None) or {}
        state = Solving(request, body, exit_stack, function_exit_stack, self, overrides)
        return await self.solve_graph(state)

    async def solve_graph(self, state: Solving) -> tuple[dict[str, Any], list[ErrorDict]]:
        """Dependencies first (depth first, each called or taken from the cache), then own params."""
        values: dict[str, Any] = {}
        errors: list[ErrorDict] = []
        for param, solver in self.dependencies:
            if state.overrides:
                solver = state.root.overridden(param, solver, state.overrides)
            sub_values, sub_errors = await solver.solve_graph(state)
            if sub_errors:
                errors.extend(sub_errors)
                continue
            key = param.cache_key  # the original callable's, even when overridden
            if param.use_cache and key in state.cache:
                value = state.cache[key]
            else:
                early = param.scope == "function"
                stack = state.function_exit_stack if early else state.exit_stack
                value = await solver.call(sub_values, stack)
                state.cache.setdefault(key, value)
            if param.name:  # a guard's value is dropped
                values[param.name] = value
        own_values, own_errors = await super().solve(state.request, state.body)
        values.update(own_values)
        return values, errors + own_errors

    def overridden(
        self,
        param: DependencyParam,
        solver: DependencySolver,
        overrides: Mapping[Callable[..., Any], Callable[..., Any]],
    ) -> DependencySolver:
        """The solver of ``param``'s replacement, analysed once per replacement; else ``solver``."""
        replacement = overrides.get(param.call)
        if replacement is None:
            return solver
        known = self.override_solvers.get(id(replacement))
        if known is None or known.spec.call is not replacement:
            analyzer = self.analyzer or DependencyAnalyzer()
            known = DependencySolver(analyzer.analyze(replacement), embed_body=self.embed_body)
            self.override_solvers[id(replacement)] = known
        return known

    async def call(self, values: dict[str, Any], exit_stack: AsyncExitStack) -> Any:
        """Call this node's callable the way its kind needs; generators join the exit stack."""
        call, kind = self.spec.call, self.spec.kind
        if kind == "async":
            return await call(**values)
        if kind == "sync":
            return await run_in_threadpool(call, **values)
        if kind == "async_generator":
            return await exit_stack.enter_async_context(asynccontextmanager(call)(**values))
        manager = contextmanager(call)(**values)
        return await exit_stack.enter_async_context(contextmanager_in_threadpool(manager))


@asynccontextmanager
async def contextmanager_in_threadpool(manager: AbstractContextManager[T]) -> AsyncIterator[T]:
    """A sync context manager entered and exited in worker threads (it may block: a database).

    On an exception the sync ``__exit__`` receives it (so a generator sees it at its
    ``yield``); if that returns true the exception is swallowed, as ``with`` would do.
    """
    value = await run_in_threadpool(manager.__enter__)
    try:
        yield value
    except BaseException as exc:
        if not await run_in_threadpool(manager.__exit__, type(exc), exc, exc.__traceback__):
            raise
    else:
        await run_in_threadpool(manager.__exit__, None, None, None)
