"""``FastAPI``: chapter 05's application, with typed routes and JSON error answers.

Why a subclass of :class:`~chapters.ch05_toolkit.Starlette`: everything an application does
around its routes — the middleware stack, exception handlers by class or status, lifespan
with state, ``url_path_for`` — is already there. ``FastAPI`` changes three things:

* its router is an :class:`~.routing.APIRouter`, so ``@app.get(...)`` registers a typed
  function (and ``app.include_router`` copies in a router's routes);
* two exception handlers are installed by default: ``HTTPException`` (the router's 404 and
  405 too) answers ``{"detail": ...}`` as JSON, and :class:`RequestValidationError` answers
  422 with every error. Passing your own for either class replaces it;
* it keeps the metadata chapter 08 turns into an OpenAPI document (``title``, ``version``,
  ``openapi_url``...).

A tiny application::

    app = FastAPI()

    @app.get("/items/{item_id}")
    async def read_item(item_id: int, q: str | None = None):
        return {"item_id": item_id, "q": q}

Chapter 07 replaces the router (and so the route class) through :attr:`FastAPI.router_class`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from chapters.ch05_toolkit import HTTPException as ToolkitHTTPException
from chapters.ch05_toolkit import Middleware, Response, Route, Starlette
from chapters.ch05_toolkit.middleware.exceptions import ExceptionHandler
from chapters.ch05_toolkit.types import Lifespan
from chapters.ch06_framework.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from chapters.ch06_framework.exceptions import RequestValidationError
from chapters.ch06_framework.responses import JSONResponse
from chapters.ch06_framework.routing import APIRoute, APIRouter, RouteDecorators

__all__ = ["FastAPI"]

# Any callable: a handler for ``KeyError`` takes a ``KeyError``, which ``ExceptionHandler``
# (taking any ``Exception``) would refuse under the type checker's contravariance rule.
Handler = TypeVar("Handler", bound=Callable[..., Any])


class FastAPI(RouteDecorators, Starlette):
    """The application: ``FastAPI(title=..., lifespan=..., exception_handlers=...)``."""

    router_class: type[APIRouter] = APIRouter

    def __init__(
        self,
        *,
        debug: bool = False,
        routes: Sequence[Route] | None = None,
        title: str = "FastAPI",
        summary: str | None = None,
        description: str = "",
        version: str = "0.1.0",
        openapi_url: str | None = "/openapi.json",
        openapi_tags: list[dict[str, Any]] | None = None,
        dependencies: Sequence[Any] | None = None,
        default_response_class: type[Response] = JSONResponse,
        redirect_slashes: bool = True,
        middleware: Sequence[Middleware] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        lifespan: Lifespan | None = None,
        route_class: type[APIRoute] | None = None,
    ) -> None:
        super().__init__(debug=debug, middleware=middleware)
        self.title, self.summary, self.description, self.version = (
            title,
            summary,
            description,
            version,
        )
        self.openapi_url, self.openapi_tags = openapi_url, openapi_tags
        self.router: APIRouter = self.router_class(
            routes=routes,
            dependencies=dependencies,
            default_response_class=default_response_class,
            redirect_slashes=redirect_slashes,
            lifespan=lifespan,
            route_class=route_class,
        )
        self.exception_handlers = {
            ToolkitHTTPException: http_exception_handler,  # ours subclasses it: both are covered
            RequestValidationError: request_validation_exception_handler,
            **(exception_handlers or {}),
        }

    @property
    def dependencies(self) -> list[Any]:
        """App-wide dependencies: stored for chapter 07, which runs them."""
        return self.router.dependencies

    def add_api_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] | set[str] | None = None,
        **options: Any,
    ) -> None:
        self.router.add_api_route(path, endpoint, methods=methods, **options)

    def include_router(self, router: APIRouter, **options: Any) -> None:
        """Serve ``router``'s routes too: ``app.include_router(items, prefix="/v1")``."""
        self.router.include_router(router, **options)

    def exception_handler(
        self, exc_class_or_status_code: int | type[Exception]
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler for an exception class or a status::

        @app.exception_handler(RequestValidationError)
        async def as_400(request: Request, exc: RequestValidationError) -> Response:
            return JSONResponse({"errors": exc.errors()}, status_code=400)
        """

        def decorator(handler: Handler) -> Handler:
            self.add_exception_handler(exc_class_or_status_code, handler)
            return handler

        return decorator
