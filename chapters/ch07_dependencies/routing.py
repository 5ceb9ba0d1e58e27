"""``APIRoute`` and ``APIRouter`` with dependencies: chapter 06's, three hooks changed.

Why subclasses: matching, reading the body, calling the endpoint and serialising its result
are chapter 06's, unchanged. Dependencies change three things:

* **analysis**: :attr:`APIRoute.analyzer_class` is our
  :class:`~chapters.ch07_dependencies.dependencies.DependencyAnalyzer`, so chapter 06's
  constructor builds the endpoint's whole graph; then the route's
  ``dependencies=[Depends(...)]`` (the app's, the router's, its own, in that order) join it
  as guards, and the body embedding is decided over the whole graph;
* **solving**: :attr:`APIRoute.solver_class` is our
  :class:`~chapters.ch07_dependencies.solving.DependencySolver`;
* **the ASGI app** (:meth:`APIRoute.get_route_handler`) opens an
  :class:`~contextlib.AsyncExitStack` around the endpoint *and* the sending of the response:
  generator dependencies are closed when it is left, after the response went out (those
  declared ``scope="function"`` join an inner stack, closed before the response is sent).

The router passes its ``dependency_overrides_provider`` (the app) to every route it
creates, so ``app.dependency_overrides`` reaches them; ``include_router`` goes through
``add_api_route`` and so gets it too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from typing import Any, cast

from chapters.ch05_toolkit import Request
from chapters.ch05_toolkit.types import ASGIApp, Receive, Scope, Send
from chapters.ch06_framework import FastAPIError
from chapters.ch06_framework import routing as framework
from chapters.ch06_framework.analysis import ParamSpec
from chapters.ch07_dependencies.dependencies import (
    Dependant,
    DependencyAnalyzer,
    flat_body_params,
    flat_params,
    should_embed_body,
)
from chapters.ch07_dependencies.solving import EXIT_STACK, FUNCTION_EXIT_STACK, DependencySolver

__all__ = ["APIRoute", "APIRouter"]

SWALLOWED = (
    "the endpoint raised, and a dependency with yield caught the exception without raising"
    " it again, so there is no response to send: add `raise` to its `except` block"
)


class APIRoute(framework.APIRoute):
    """A typed endpoint whose parameters may ``Depends(...)`` on other callables."""

    analyzer_class: type[DependencyAnalyzer] = DependencyAnalyzer
    solver_class: type[DependencySolver] = DependencySolver
    spec: Dependant  # the endpoint's whole dependency graph
    analyzer: DependencyAnalyzer

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        dependency_overrides_provider: Any = None,
        **options: Any,
    ) -> None:
        self.dependency_overrides_provider = dependency_overrides_provider
        super().__init__(path, endpoint, **options)

    def analyze_endpoint(self) -> Dependant:
        """The endpoint's whole graph, the route's guards included, analysed once."""
        self.analyzer = self.analyzer_class(self.param_convertors)
        spec = cast(Dependant, self.analyzer.analyze(self.endpoint))
        spec.guards = [self.analyzer.guard(depends) for depends in self.dependencies]
        spec.embed_body = should_embed_body(flat_body_params(spec))  # a dependency's body too
        return spec

    def build_solver(self) -> DependencySolver:
        return self.solver_class(
            self.spec,
            embed_body=self.spec.embed_body,
            analyzer=self.analyzer,
            overrides_provider=self.dependency_overrides_provider,
        )

    def flat_params(self) -> list[ParamSpec]:
        """Every path, query, header and cookie parameter the operation reads, dependencies'
        included, each once, in FastAPI's order (for the OpenAPI document)."""
        return flat_params(self.spec)

    def body_params(self) -> list[ParamSpec]:
        """Every body parameter of the graph; ``self.spec.embed_body`` says if each is a key."""
        return flat_body_params(self.spec)

    def get_route_handler(self) -> ASGIApp:
        """The ASGI app: endpoint and response inside the exit stack of the yield dependencies."""

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            answered = False
            async with AsyncExitStack() as exit_stack:
                scope[EXIT_STACK] = exit_stack
                response = None
                async with AsyncExitStack() as function_exit_stack:  # scope="function"
                    scope[FUNCTION_EXIT_STACK] = function_exit_stack
                    response = await self.handle_request(Request(scope, receive, send))
                if response is None:  # an exception was swallowed by a dependency's teardown
                    raise FastAPIError(SWALLOWED)
                await response(scope, receive, send)
                answered = True
            if not answered:  # the same, by a dependency torn down after the response
                raise FastAPIError(SWALLOWED)

        return app


class APIRouter(framework.APIRouter):
    """Chapter 06's router, whose routes solve dependencies and see the app's overrides::

    router = APIRouter(prefix="/notes", dependencies=[Depends(current_user)])
    """

    route_class: type[APIRoute] = APIRoute  # type: ignore[assignment]

    def __init__(self, *, dependency_overrides_provider: Any = None, **options: Any) -> None:
        super().__init__(**options)
        self.dependency_overrides_provider = dependency_overrides_provider

    def add_api_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] | set[str] | None = None,
        **options: Any,
    ) -> None:
        """Chapter 06's, passing the overrides provider on to the route."""
        options.setdefault("dependency_overrides_provider", self.dependency_overrides_provider)
        super().add_api_route(path, endpoint, methods=methods, **options)
