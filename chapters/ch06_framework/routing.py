"""``APIRoute`` and ``APIRouter``: chapter 05's routing, where an endpoint is a typed function.

Why subclass rather than rewrite: matching a path and a method, 404, 405 and slash redirects
are chapter 05's :class:`~chapters.ch05_toolkit.Route` and
:class:`~chapters.ch05_toolkit.Router`, unchanged. What is new is the *endpoint*: not
``f(request) -> Response`` but ``f(item_id: int, q: str | None = None) -> Item``. So an
:class:`APIRoute` analyses the function once (:mod:`.analysis`) and builds an ASGI app that,
per request, reads the body, solves the parameters (:mod:`.solving`), raises
:class:`RequestValidationError` if any failed, calls the function (in a worker thread if it
is a plain ``def``) and turns what it returned into a response: a :class:`Response` as is,
anything else validated by the ``response_model`` (or the return annotation), which drops
the fields the model does not declare, then sent as JSON.

The three classes it uses are attributes, so chapter 07 can swap in its own without editing
this file: ``APIRoute.analyzer_class``, ``APIRoute.solver_class`` and
``APIRouter.route_class``. FastAPI's ``APIRoute`` has no implicit ``HEAD`` for ``GET``, so
neither has this one (``Allow: GET``). The ``@app.get``-style decorators that create these
routes are in :mod:`.decorators`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from chapters.ch05_toolkit import Mount, Request, Response, Route, Router
from chapters.ch05_toolkit.concurrency import is_async_callable, run_in_threadpool
from chapters.ch05_toolkit.types import ASGIApp, Lifespan, Receive, Scope, Send
from chapters.ch06_framework.analysis import EndpointSpec, SignatureAnalyzer, resolved_hints
from chapters.ch06_framework.decorators import RouteDecorators, RouteOptions
from chapters.ch06_framework.encoders import jsonable_encoder
from chapters.ch06_framework.exception_handlers import is_body_allowed_for_status_code
from chapters.ch06_framework.exceptions import (
    FastAPIError,
    RequestValidationError,
    ResponseValidationError,
)
from chapters.ch06_framework.models import ErrorDict, TypeAdapter, Undefined
from chapters.ch06_framework.responses import JSONResponse
from chapters.ch06_framework.solving import RequestSolver

# RouteDecorators and RouteOptions live in .decorators; imported here, as before, for
# applications.py and for anyone who imported them from this module.
__all__ = ["APIRoute", "APIRouter", "RouteDecorators", "RouteOptions"]


class APIRoute(Route):
    """One typed endpoint at one path, for a set of methods."""

    analyzer_class: type[SignatureAnalyzer] = SignatureAnalyzer
    solver_class: type[RequestSolver] = RequestSolver

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] | set[str] | None = None,
        response_model: Any = Undefined,  # Undefined: take the return annotation
        status_code: int | None = None,
        tags: list[str] | None = None,
        dependencies: Sequence[Any] | None = None,
        summary: str | None = None,
        description: str | None = None,
        response_description: str = "Successful Response",
        responses: dict[int | str, dict[str, Any]] | None = None,
        deprecated: bool | None = None,
        operation_id: str | None = None,
        response_model_by_alias: bool = True,
        response_model_exclude_none: bool = False,
        include_in_schema: bool = True,
        response_class: type[Response] = JSONResponse,
        name: str | None = None,
    ) -> None:
        methods = {method.upper() for method in methods or ("GET",)}
        super().__init__(
            path, endpoint, methods=methods, name=name, include_in_schema=include_in_schema
        )
        self.methods = methods  # no implicit HEAD, as in FastAPI
        self.status_code, self.response_class = status_code, response_class
        self.dependencies = list(dependencies or [])
        self.response_model_by_alias = response_model_by_alias
        self.response_model_exclude_none = response_model_exclude_none
        self.keep_openapi_metadata(
            tags, summary, description, response_description, responses, deprecated, operation_id
        )
        self.spec = self.analyze_endpoint()
        self.solver = self.build_solver()
        self.response_model = self.infer_response_model(response_model)
        self.response_adapter = self.make_response_adapter()
        self.is_coroutine = is_async_callable(endpoint)
        self.app = self.get_route_handler()

    def keep_openapi_metadata(
        self,
        tags: list[str] | None,
        summary: str | None,
        description: str | None,
        response_description: str,
        responses: dict[int | str, dict[str, Any]] | None,
        deprecated: bool | None,
        operation_id: str | None,
    ) -> None:
        """Keep the metadata only the OpenAPI document uses (chapter 08): no request reads it.

        The description defaults to the endpoint's docstring, cleaned as FastAPI does.
        """
        self.tags, self.responses = list(tags or []), dict(responses or {})
        self.summary, self.response_description = summary, response_description
        if description is None:
            description = inspect.cleandoc(self.endpoint.__doc__ or "")
        self.description = description
        self.deprecated, self.operation_id = deprecated, operation_id

    def analyze_endpoint(self) -> EndpointSpec:
        """The endpoint's signature, analysed once (chapter 07 adds the route's guards)."""
        return self.analyzer_class(self.param_convertors).analyze(self.endpoint)

    def build_solver(self) -> RequestSolver:
        """The per-request solver for :attr:`spec`, built once."""
        return self.solver_class(self.spec)

    def infer_response_model(self, response_model: Any) -> Any:
        """The explicit ``response_model``, else the return annotation unless it is a Response."""
        if response_model is not Undefined:
            return response_model
        annotation = resolved_hints(self.endpoint).get("return")
        if annotation in (None, type(None), Any):  # get_type_hints turns "-> None" into NoneType
            return None
        if isinstance(annotation, type) and issubclass(annotation, Response):
            return None
        return annotation

    def make_response_adapter(self) -> TypeAdapter | None:
        """The response model's validator, compiled once (none for a status without a body)."""
        if self.response_model is None or not is_body_allowed_for_status_code(self.status_code):
            return None
        try:
            return TypeAdapter(self.response_model)
        except Exception as exc:
            raise FastAPIError(
                f"{self.name}(): cannot use {self.response_model!r} as a response model ({exc});"
                " pass response_model=None to return it unchecked"
            ) from exc

    def get_route_handler(self) -> ASGIApp:
        """The ASGI app this route dispatches to: one :class:`Request`, one response."""

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            response = await self.handle_request(Request(scope, receive, send))
            await response(scope, receive, send)

        return app

    async def handle_request(self, request: Request) -> Response:
        """Read the body, solve the parameters, run the endpoint, serialise what it returned."""
        solver = self.solver
        body = await solver.read_body(request) if solver.needs_body else Undefined
        values, errors = await solver.solve(request, body)
        if errors:
            raise RequestValidationError(errors, body=None if body is Undefined else body)
        return self.serialize_response(await self.run_endpoint(values))

    async def run_endpoint(self, values: dict[str, Any]) -> Any:
        """``async def`` on the event loop; plain ``def`` in a worker thread, so it may block."""
        if self.is_coroutine:
            return await self.endpoint(**values)
        return await run_in_threadpool(self.endpoint, **values)

    def serialize_response(self, raw: Any) -> Response:
        """A :class:`Response` as is; anything else validated, filtered and rendered as JSON."""
        if isinstance(raw, Response):
            return raw
        if self.response_adapter is not None:
            errors: list[ErrorDict] = []
            value = self.response_adapter.validate(raw, ("response",), errors)
            if errors:
                raise ResponseValidationError(errors, body=raw)
            content = self.response_adapter.dump_python(
                value,
                mode="json",
                by_alias=self.response_model_by_alias,
                exclude_none=self.response_model_exclude_none,
            )
        else:
            content = jsonable_encoder(raw)
        if self.status_code is None:
            response = self.response_class(content)
        else:
            response = self.response_class(content, status_code=self.status_code)
        if not is_body_allowed_for_status_code(response.status_code):
            response.body = b""
        return response

    def route_options(self) -> RouteOptions:
        """This route's options, for copying it into another router (``include_router``)."""
        return RouteOptions(
            response_model=self.response_model,
            status_code=self.status_code,
            tags=self.tags,
            dependencies=self.dependencies,
            summary=self.summary,
            description=self.description,
            response_description=self.response_description,
            responses=self.responses,
            deprecated=self.deprecated,
            operation_id=self.operation_id,
            response_model_by_alias=self.response_model_by_alias,
            response_model_exclude_none=self.response_model_exclude_none,
            include_in_schema=self.include_in_schema,
            response_class=self.response_class,
            name=self.name,
        )


class APIRouter(RouteDecorators, Router):
    """A group of routes with a common ``prefix``, ``tags`` and ``dependencies``::

    router = APIRouter(prefix="/items", tags=["items"])

    @router.get("/{item_id}")
    def read_item(item_id: int): ...

    app.include_router(router)        # serves /items/{item_id}
    """

    route_class: type[APIRoute] = APIRoute

    def __init__(
        self,
        *,
        prefix: str = "",
        tags: list[str] | None = None,
        dependencies: Sequence[Any] | None = None,
        default_response_class: type[Response] = JSONResponse,
        responses: dict[int | str, dict[str, Any]] | None = None,
        routes: Sequence[Route | Mount] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
        lifespan: Lifespan | None = None,
        route_class: type[APIRoute] | None = None,
        include_in_schema: bool = True,
        deprecated: bool | None = None,
    ) -> None:
        super().__init__(
            routes, redirect_slashes=redirect_slashes, default=default, lifespan=lifespan
        )
        if prefix and (not prefix.startswith("/") or prefix.endswith("/")):
            raise ValueError(f"A prefix must start with '/' and not end with one: {prefix!r}")
        self.prefix = prefix
        self.tags, self.dependencies = list(tags or []), list(dependencies or [])
        self.default_response_class, self.responses = default_response_class, dict(responses or {})
        self.include_in_schema, self.deprecated = include_in_schema, deprecated
        if route_class is not None:
            self.route_class = route_class

    def add_api_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] | set[str] | None = None,
        route_class: type[APIRoute] | None = None,
        **options: Any,
    ) -> None:
        """Create the route (this router's prefix, tags and dependencies first) and add it."""
        options["tags"] = [*self.tags, *(options.get("tags") or [])]
        options["dependencies"] = [*self.dependencies, *(options.get("dependencies") or [])]
        options["responses"] = {**self.responses, **(options.get("responses") or {})}
        options.setdefault("response_class", self.default_response_class)
        options["include_in_schema"] = self.include_in_schema and options.get(
            "include_in_schema", True
        )
        if options.get("deprecated") is None and self.deprecated is not None:
            options["deprecated"] = self.deprecated
        route = (route_class or self.route_class)(
            self.prefix + path, endpoint, methods=methods, **options
        )
        self.routes.append(route)

    def include_router(
        self,
        router: APIRouter,
        *,
        prefix: str = "",
        tags: list[str] | None = None,
        dependencies: Sequence[Any] | None = None,
        responses: dict[int | str, dict[str, Any]] | None = None,
        include_in_schema: bool = True,
    ) -> None:
        """Copy ``router``'s routes in under ``prefix`` (each is analysed again for its new path)."""
        if prefix and (not prefix.startswith("/") or prefix.endswith("/")):
            raise ValueError(f"A prefix must start with '/' and not end with one: {prefix!r}")
        for route in router.routes:
            if isinstance(route, APIRoute):
                options = route.route_options()
                options["tags"] = [*(tags or []), *route.tags]
                options["dependencies"] = [*(dependencies or []), *route.dependencies]
                options["responses"] = {**(responses or {}), **route.responses}
                options["include_in_schema"] = include_in_schema and route.include_in_schema
                self.add_api_route(
                    prefix + route.path,
                    route.endpoint,
                    methods=route.methods,
                    route_class=type(route),
                    **options,
                )
            elif isinstance(route, Route):
                self.add_route(
                    self.prefix + prefix + route.path,
                    route.endpoint,
                    methods=route.methods,
                    name=route.name,
                    include_in_schema=route.include_in_schema,
                )
            elif isinstance(route, Mount):
                self.mount(self.prefix + prefix + route.path, route.app, name=route.name)
            else:
                raise FastAPIError(f"cannot include a route of type {type(route).__name__}")
