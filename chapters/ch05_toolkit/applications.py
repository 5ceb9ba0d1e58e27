"""``Starlette``: the application object — a router wrapped in a fixed stack of middleware.

Why a stack built once, in this order::

    ServerErrorMiddleware        any exception that escapes -> 500 (or your 500 handler), re-raised
      your middleware[0]         the first one given is the outermost
      ...
      your middleware[-1]
        ExceptionMiddleware      HTTPException and your exception handlers -> their responses
          Router                 path and method -> endpoint; 404, 405, slash redirects, lifespan

Error handling must see everything, so it is outermost; expected errors become responses
*inside* your middleware, so a CORS or GZip layer still sees (and decorates) a 404 page.
Building the stack on the first call, not per request, keeps the per-request path to a
few nested calls; after that it is frozen, so ``add_middleware`` raises. This is
``starlette.applications.Starlette`` with the same constructor and methods (minus
WebSocket and host routes).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from chapters.ch05_toolkit.datastructures import State, URLPath
from chapters.ch05_toolkit.middleware import Middleware
from chapters.ch05_toolkit.middleware.errors import ServerErrorMiddleware
from chapters.ch05_toolkit.middleware.exceptions import ExceptionHandler, ExceptionMiddleware
from chapters.ch05_toolkit.routing import BaseRoute, Endpoint, Router
from chapters.ch05_toolkit.types import ASGIApp, Lifespan, Receive, Scope, Send


class Starlette:
    """``Starlette(routes=[Route("/", home)], middleware=[Middleware(GZipMiddleware)])``."""

    def __init__(
        self,
        debug: bool = False,
        routes: Sequence[BaseRoute] | None = None,
        middleware: Sequence[Middleware] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        lifespan: Lifespan | None = None,
    ) -> None:
        self.debug = debug
        self.state = State()
        self.router = Router(routes, lifespan=lifespan)
        self.exception_handlers: dict[Any, ExceptionHandler] = dict(exception_handlers or {})
        self.user_middleware: list[Middleware] = list(middleware or [])
        self.middleware_stack: ASGIApp | None = None

    def build_middleware_stack(self) -> ASGIApp:
        """Wrap the router, innermost first; 500 and ``Exception`` handlers go to the outer layer."""
        error_handler = None
        handlers: dict[Any, ExceptionHandler] = {}
        for key, handler in self.exception_handlers.items():
            if key in (500, Exception):
                error_handler = handler
            else:
                handlers[key] = handler
        stack = [
            Middleware(ServerErrorMiddleware, handler=error_handler, debug=self.debug),
            *self.user_middleware,
            Middleware(ExceptionMiddleware, handlers=handlers, debug=self.debug),
        ]
        app: ASGIApp = self.router
        for cls, args, kwargs in reversed(stack):
            app = cls(app, *args, **kwargs)
        return app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = self
        if self.middleware_stack is None:
            self.middleware_stack = self.build_middleware_stack()
        await self.middleware_stack(scope, receive, send)

    @property
    def routes(self) -> list[BaseRoute]:
        return self.router.routes

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.router.url_path_for(name, **path_params)

    def add_middleware(self, middleware_class: Callable[..., ASGIApp], *args: Any, **kwargs: Any) -> None:
        """Add a layer *outside* those already given (Starlette inserts at the front)."""
        if self.middleware_stack is not None:
            raise RuntimeError("Cannot add middleware after an application has started")
        self.user_middleware.insert(0, Middleware(middleware_class, *args, **kwargs))

    def add_exception_handler(self, exc_class_or_status_code: int | type[Exception], handler: ExceptionHandler) -> None:
        if self.middleware_stack is not None:
            raise RuntimeError("Cannot add exception handlers after an application has started")
        self.exception_handlers[exc_class_or_status_code] = handler

    def add_route(
        self,
        path: str,
        route: Endpoint,
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.router.add_route(path, route, methods=methods, name=name, include_in_schema=include_in_schema)

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None:
        self.router.mount(path, app, name=name)

    def route(
        self, path: str, methods: Collection[str] | None = None, name: str | None = None, include_in_schema: bool = True
    ) -> Callable[[Endpoint], Endpoint]:
        """Register the decorated function as an endpoint (Starlette deprecated this style)::

            @app.route("/users/{id:int}", methods=["GET"])
            async def user(request): ...
        """

        def decorator(endpoint: Endpoint) -> Endpoint:
            self.add_route(path, endpoint, methods=methods, name=name, include_in_schema=include_in_schema)
            return endpoint

        return decorator
