"""WebSocket routes: chapter 05's routing for the toolkit, chapter 07's solving for the framework.

Why so little is new: chapter 05's :class:`~chapters.ch05_toolkit.Router` already knows the
``websocket`` scope — its :class:`~chapters.ch05_toolkit.Mount` matches it, and when no route
matches it refuses the connection with ``websocket.close`` code 1000 (which the server turns
into a ``403``), as Starlette does. What it lacks is a route that *matches* a websocket
scope. So:

* :class:`WebSocketRoute` (toolkit, Starlette's): ``WebSocketRoute("/ws/{room}", endpoint)``
  matches only ``scope["type"] == "websocket"`` (an HTTP ``GET /ws/x`` goes on to the next
  route, and to a 404), and calls ``endpoint(websocket)``;
* :class:`APIWebSocketRoute` (framework, FastAPI's): the endpoint is a typed function,
  ``async def chat(websocket: WebSocket, room: str, name: str = Query())``; its signature is
  analysed once by chapter 07's :class:`DependencyAnalyzer` (path, query, header, cookie
  parameters, ``Depends`` and guards) and solved per connection by its
  :class:`DependencySolver`, inside the same two exit stacks as an HTTP endpoint. Errors
  raise :class:`WebSocketRequestValidationError` (the app closes with 1008). There is no body
  to read, so a body parameter is refused at registration;
* :class:`APIRouter` adds ``@router.websocket(path)`` and copies WebSocket routes in
  ``include_router`` (chapter 06's raises on a route type it does not know).

Exceptions: an HTTP error becomes a response in chapter 05's middleware, which passes
``websocket`` scopes by. As Starlette does (``websocket_session``), the route itself catches
what its endpoint raises and looks for a handler: the application's ``exception_handlers``
(by class, in MRO order), then the default for :class:`WebSocketException` (close with its
code). ``HTTPException`` and handlers keyed by a status code or by ``Exception`` are for
HTTP only; anything unhandled goes on to the server (a 500 before the handshake, a 1011
close after it).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from copy import copy
from typing import Any, TypeVar, cast

from chapters.ch05_toolkit import HTTPException, Request
from chapters.ch05_toolkit.concurrency import is_async_callable, run_in_threadpool
from chapters.ch05_toolkit.convertors import compile_path, replace_params
from chapters.ch05_toolkit.datastructures import URLPath
from chapters.ch05_toolkit.routing import BaseRoute, Match, NoMatchFound
from chapters.ch05_toolkit.types import ASGIApp, Receive, Scope, Send
from chapters.ch06_framework import FastAPIError, InvalidParameterError
from chapters.ch07_dependencies import routing as ch07
from chapters.ch07_dependencies.dependencies import Dependant, DependencyAnalyzer, flat_body_params
from chapters.ch07_dependencies.solving import EXIT_STACK, FUNCTION_EXIT_STACK, DependencySolver
from chapters.ch10_websockets.exceptions import (
    WebSocketException,
    WebSocketRequestValidationError,
    websocket_exception_handler,
)
from chapters.ch10_websockets.websockets import WebSocket, WebSocketClose

__all__ = ["APIRouter", "APIWebSocketRoute", "WebSocketRoute", "websocket_session"]

WebSocketEndpoint = Callable[[WebSocket], Awaitable[None]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
Handler = Callable[[WebSocket, Exception], Any]


def websocket_handler_for(scope: Scope, exc: Exception) -> Handler | None:
    """The handler for ``exc`` on a WebSocket: the app's (by class), else the default one."""
    if isinstance(exc, HTTPException):  # an HTTP answer: there is no response to send it in
        return None
    handlers = getattr(scope.get("app"), "exception_handlers", {})
    for cls in type(exc).__mro__:
        if cls is Exception:  # handlers for Exception (and 500) are the HTTP error page's
            break
        if cls in handlers:
            return cast(Handler, handlers[cls])
    return websocket_exception_handler if isinstance(exc, WebSocketException) else None


def websocket_session(func: WebSocketEndpoint) -> ASGIApp:
    """Wrap ``func(websocket)`` as an ASGI app; its exceptions go to the WebSocket handlers."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        try:
            await func(websocket)
        except Exception as exc:
            handler = websocket_handler_for(scope, exc)
            if handler is None:
                raise
            if is_async_callable(handler):
                await handler(websocket, exc)
            else:
                await run_in_threadpool(handler, websocket, exc)

    return app


class WebSocketRoute(BaseRoute):
    """``WebSocketRoute("/ws/{room}", endpoint)``: a function ``endpoint(websocket)``, or an
    ASGI app (anything that is not a plain function), for ``websocket`` scopes only."""

    def __init__(self, path: str, endpoint: Callable[..., Any], *, name: str | None = None) -> None:
        if not path.startswith("/"):
            raise ValueError(f"Routed paths must start with '/': {path!r}")
        self.path, self.endpoint = path, endpoint
        self.name = getattr(endpoint, "__name__", type(endpoint).__name__) if name is None else name
        handler = endpoint
        while isinstance(handler, functools.partial):
            handler = handler.func
        if inspect.isfunction(handler) or inspect.ismethod(handler):
            self.app = websocket_session(endpoint)
        else:
            self.app = endpoint
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "websocket":
            return Match.NONE, {}
        params = self._match_path(self.path_regex, self.param_convertors, scope)
        if params is None:
            return Match.NONE, {}
        return Match.FULL, {"endpoint": self.endpoint, "path_params": params}

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        if name != self.name or set(path_params) != set(self.param_convertors):
            raise NoMatchFound(name, path_params)
        path, _ = replace_params(self.path_format, self.param_convertors, path_params)
        return URLPath(path, protocol="websocket")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """On its own, as an ASGI app: a WebSocket that does not match is refused (1000)."""
        if scope["type"] == "websocket" and self.matches(scope)[0] is Match.NONE:
            await WebSocketClose()(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r})"


class APIWebSocketRoute(WebSocketRoute):
    """A typed WebSocket endpoint: its parameters come from the handshake request.

    ::

        @app.websocket("/ws/{room}")
        async def chat(websocket: WebSocket, room: str, name: Annotated[str, Query()]): ...
    """

    analyzer_class: type[DependencyAnalyzer] = DependencyAnalyzer
    solver_class: type[DependencySolver] = DependencySolver

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Awaitable[None]],
        *,
        name: str | None = None,
        dependencies: Sequence[Any] | None = None,
        dependency_overrides_provider: Any = None,
    ) -> None:
        if not is_async_callable(endpoint):
            raise FastAPIError(
                f"{getattr(endpoint, '__qualname__', endpoint)}(): a WebSocket endpoint must be"
                " an `async def` (it awaits the messages of a connection that stays open)"
            )
        super().__init__(path, endpoint, name=name)
        self.dependencies = list(dependencies or [])
        self.dependency_overrides_provider = dependency_overrides_provider
        self.spec = self.analyze_endpoint()
        self.solver = self.solver_class(
            self.spec, analyzer=self.analyzer, overrides_provider=dependency_overrides_provider
        )
        self.app = websocket_session(self.run_endpoint)

    def analyze_endpoint(self) -> Dependant:
        """The endpoint's graph with the route's guards (chapter 07's, once); no body allowed."""
        self.analyzer = self.analyzer_class(self.param_convertors)
        spec = cast(Dependant, self.analyzer.analyze(self.endpoint))
        spec.guards = [self.analyzer.guard(depends) for depends in self.dependencies]
        if body := flat_body_params(spec):
            names = ", ".join(param.name for param in body)
            raise InvalidParameterError(
                f"{self.name}(): a WebSocket has no request body, yet {names} would be read"
                " from it; declare Query(), Header(), Cookie() or Path(), or receive it as a"
                " message"
            )
        return spec

    async def run_endpoint(self, websocket: WebSocket) -> None:
        """Solve the parameters (inside the dependencies' exit stacks), then run the endpoint."""
        scope = websocket.scope
        async with AsyncExitStack() as exit_stack:
            scope[EXIT_STACK] = exit_stack
            async with AsyncExitStack() as function_exit_stack:
                scope[FUNCTION_EXIT_STACK] = function_exit_stack
                # The solver reads what Request and WebSocket share (HTTPConnection's views).
                values, errors = await self.solver.solve(cast(Request, websocket))
                if errors:
                    raise WebSocketRequestValidationError(errors)
                await self.endpoint(**values)


class WebSocketDecorators:
    """``@router.websocket(path)`` and friends; shared by :class:`APIRouter` and the app."""

    def add_api_websocket_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        name: str | None = None,
        *,
        dependencies: Sequence[Any] | None = None,
    ) -> None:
        raise NotImplementedError

    def websocket(
        self, path: str, name: str | None = None, *, dependencies: Sequence[Any] | None = None
    ) -> Callable[[Endpoint], Endpoint]:
        """Register the decorated ``async def`` as this path's WebSocket endpoint::

        @app.websocket("/ws/{room}")
        async def chat(websocket: WebSocket, room: str, name: str = Query()): ...
        """

        def decorator(endpoint: Endpoint) -> Endpoint:
            self.add_api_websocket_route(path, endpoint, name, dependencies=dependencies)
            return endpoint

        return decorator


class APIRouter(WebSocketDecorators, ch07.APIRouter):
    """Chapter 07's router, plus WebSocket routes (its prefix and guards apply to them too)."""

    def add_api_websocket_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        name: str | None = None,
        *,
        dependencies: Sequence[Any] | None = None,
    ) -> None:
        route = APIWebSocketRoute(
            self.prefix + path,
            endpoint,
            name=name,
            dependencies=[*self.dependencies, *(dependencies or [])],
            dependency_overrides_provider=self.dependency_overrides_provider,
        )
        self.routes.append(route)

    def add_websocket_route(
        self, path: str, endpoint: WebSocketEndpoint, name: str | None = None
    ) -> None:
        """A toolkit route, ``endpoint(websocket)``, nothing solved (Starlette's method)."""
        self.routes.append(WebSocketRoute(self.prefix + path, endpoint, name=name))

    def include_router(  # type: ignore[override]
        self,
        router: ch07.APIRouter,
        *,
        prefix: str = "",
        dependencies: Sequence[Any] | None = None,
        **options: Any,
    ) -> None:
        """Chapter 06's, route by route in order, with the WebSocket routes copied here."""
        for route in router.routes:
            if isinstance(route, APIWebSocketRoute):
                guards = [*(dependencies or []), *route.dependencies]
                self.add_api_websocket_route(
                    prefix + route.path, route.endpoint, route.name, dependencies=guards
                )
            elif isinstance(route, WebSocketRoute):
                self.add_websocket_route(prefix + route.path, route.endpoint, route.name)
            else:
                one = copy(router)
                one.routes = [route]
                super().include_router(one, prefix=prefix, dependencies=dependencies, **options)
