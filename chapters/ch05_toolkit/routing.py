"""Routing: from a request's path and method to the endpoint that answers it.

Why matching returns three answers and not a yes/no: a route whose path matches but whose
methods don't (``POST /users`` when only ``GET /users`` exists) must not turn into a 404 —
the resource exists, so the right answer is **405 Method Not Allowed** with an ``Allow``
header. So ``route.matches(scope)`` says :attr:`Match.FULL` (path and method),
:attr:`Match.PARTIAL` (path only) or :attr:`Match.NONE`, and the :class:`Router` takes the
first FULL match, else the first PARTIAL one (405), else tries the path with or without a
trailing slash (307 redirect), else 404. This is ``starlette/routing.py``'s design, with its
names and signatures; WebSocket and host routes are left out.

Paths inside a mount: the ASGI spec says ``scope["path"]`` holds the *whole* path and
``root_path`` the prefix the app is mounted under. A :class:`Mount` therefore leaves
``path`` alone and extends ``root_path``; every route matches against
:func:`get_route_path` (the path minus ``root_path``), as Starlette does since 0.33.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Collection, Sequence
from enum import Enum
from re import Pattern
from typing import Any, cast

from chapters.ch05_toolkit.concurrency import is_async_callable, run_in_threadpool
from chapters.ch05_toolkit.convertors import Convertor, compile_path, replace_params
from chapters.ch05_toolkit.datastructures import URL, URLPath
from chapters.ch05_toolkit.exceptions import HTTPException
from chapters.ch05_toolkit.lifespan import LifespanHandler
from chapters.ch05_toolkit.requests import Request
from chapters.ch05_toolkit.responses import PlainTextResponse, RedirectResponse, Response
from chapters.ch05_toolkit.types import ASGIApp, Lifespan, Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response] | Response]


class Match(Enum):
    NONE = 0
    PARTIAL = 1  # the path matches, the method does not: a candidate for 405
    FULL = 2


class NoMatchFound(Exception):
    """``url_path_for(name, **params)`` found no route with that name and those parameters."""

    def __init__(self, name: str, path_params: dict[str, Any]) -> None:
        super().__init__(f'No route exists for name "{name}" and params "{", ".join(path_params)}".')


def get_route_path(scope: Scope) -> str:
    """The part of ``scope["path"]`` that routes match: the path without ``root_path``."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(root_path) and path[len(root_path) : len(root_path) + 1] in ("", "/"):
        return path[len(root_path) :]
    return path


def request_response(func: Endpoint) -> ASGIApp:
    """Wrap ``func(request) -> response`` as an ASGI app (Starlette's ``request_response``).

    A sync ``func`` runs in a worker thread, so a blocking endpoint doesn't freeze the loop.
    """
    is_async = is_async_callable(func)  # decided once, not per request

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if is_async:
            response = await func(request)  # type: ignore[misc]
        else:
            response = await run_in_threadpool(func, request)
        await cast(Response, response)(scope, receive, send)

    return app


class BaseRoute:
    """What the router asks of a route: ``matches``, ``handle``, ``url_path_for``."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A route is an ASGI app on its own too (404 if it doesn't match), as in Starlette."""
        match, child_scope = self.matches(scope)
        if match is Match.NONE:
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        scope.update(child_scope)
        await self.handle(scope, receive, send)

    def _match_path(self, regex: Pattern[str], convertors: dict[str, Convertor[Any]], scope: Scope) -> dict[str, Any] | None:
        """The converted parameters if ``regex`` matches the route path, merged over the outer ones."""
        found = regex.match(get_route_path(scope))
        if found is None:
            return None
        outer = scope.get("path_params")
        if not convertors:  # a static path ("/", "/health"): nothing to convert, per request
            return dict(outer) if outer else {}
        params = {name: convertors[name].convert(value) for name, value in found.groupdict().items()}
        return {**outer, **params} if outer else params


class Route(BaseRoute):
    """``Route("/users/{id:int}", endpoint, methods=["GET"])``: one path, one endpoint.

    A plain function (async or sync) is an endpoint ``f(request) -> Response`` and answers
    ``GET`` (and so ``HEAD``) unless ``methods`` says otherwise; anything else (a class, an
    object with ``__call__``) is taken as a raw ASGI app that answers every method.
    """

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        if not path.startswith("/"):
            raise ValueError(f"Routed paths must start with '/': {path!r}")
        self.path, self.endpoint, self.include_in_schema = path, endpoint, include_in_schema
        self.name = getattr(endpoint, "__name__", type(endpoint).__name__) if name is None else name
        handler = endpoint
        while isinstance(handler, functools.partial):
            handler = handler.func
        if inspect.isfunction(handler) or inspect.ismethod(handler):
            self.app = request_response(endpoint)
            methods = ["GET"] if methods is None else methods
        else:
            self.app = endpoint
        self.methods: set[str] | None = None if methods is None else {m.upper() for m in methods}
        if self.methods and "GET" in self.methods:
            self.methods.add("HEAD")  # RFC 9110 §9.3.2: HEAD is GET without the body
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        params = self._match_path(self.path_regex, self.param_convertors, scope)
        if params is None:
            return Match.NONE, {}
        child_scope = {"endpoint": self.endpoint, "path_params": params}
        if self.methods and scope["method"] not in self.methods:
            return Match.PARTIAL, child_scope
        return Match.FULL, child_scope

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        if name != self.name or set(path_params) != set(self.param_convertors):
            raise NoMatchFound(name, path_params)
        return URLPath(replace_params(self.path_format, self.param_convertors, path_params)[0], protocol="http")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods and scope["method"] not in self.methods:
            headers = {"Allow": ", ".join(sorted(self.methods))}
            if "app" in scope:  # inside an application: let its exception handlers answer
                raise HTTPException(status_code=405, headers=headers)
            await PlainTextResponse("Method Not Allowed", status_code=405, headers=headers)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"Route(path={self.path!r}, name={self.name!r}, methods={sorted(self.methods or [])!r})"


class Mount(BaseRoute):
    """``Mount("/api", app=sub_app)`` or ``Mount("/api", routes=[...])``: a sub-application.

    Everything under the prefix goes to the child with ``root_path`` extended by the prefix,
    so the child routes on the rest of the path and builds URLs that include the prefix.
    """

    def __init__(
        self, path: str, app: ASGIApp | None = None, routes: Sequence[BaseRoute] | None = None, name: str | None = None
    ) -> None:
        if path and not path.startswith("/"):
            raise ValueError(f"Routed paths must start with '/': {path!r}")
        if app is None and routes is None:
            raise ValueError("Mount needs either app=... or routes=[...]")
        self.path, self.name = path.rstrip("/"), name
        self.app: ASGIApp = app if app is not None else Router(routes=routes)
        self.path_regex, self.path_format, self.param_convertors = compile_path(self.path + "/{path:path}")

    @property
    def routes(self) -> list[BaseRoute]:
        return getattr(self.app, "routes", [])

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in ("http", "websocket"):
            return Match.NONE, {}
        params = self._match_path(self.path_regex, self.param_convertors, scope)
        if params is None:
            return Match.NONE, {}
        remaining = "/" + params.pop("path")
        route_path = get_route_path(scope)
        root_path = scope.get("root_path", "")
        return Match.FULL, {
            "path_params": params,
            "app_root_path": scope.get("app_root_path", root_path),  # the top-level prefix, kept
            "root_path": root_path + route_path[: len(route_path) - len(remaining)],
            "endpoint": self.app,
        }

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """``"mount"`` with ``path=...`` names a path inside the mount; ``"mount:child"`` a child route."""
        if self.name is not None and name == self.name and "path" in path_params:
            path, remaining = replace_params(
                self.path_format, self.param_convertors, {**path_params, "path": path_params["path"].lstrip("/")}
            )
            if not remaining:
                return URLPath(path)
        elif self.name is None or name.startswith(self.name + ":"):
            child_name = name if self.name is None else name[len(self.name) + 1 :]
            params = {key: value for key, value in path_params.items() if key != "path"}
            prefix, child_params = replace_params(self.path_format, self.param_convertors, {**params, "path": ""})
            if "path" in path_params:
                child_params["path"] = path_params["path"]
            for route in self.routes:
                try:
                    url = route.url_path_for(child_name, **child_params)
                    return URLPath(prefix.rstrip("/") + str(url), protocol=url.protocol)
                except NoMatchFound:
                    pass
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"Mount(path={self.path!r}, name={self.name or ''!r}, app={self.app!r})"


class Router:
    """An ASGI app that dispatches to the first matching route (Starlette's ``Router``).

    ``default`` answers when nothing matches (404 by default); ``lifespan`` is the
    application's ``lifespan(app)`` async context manager factory.
    """

    def __init__(
        self,
        routes: Sequence[BaseRoute] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
        lifespan: Lifespan | None = None,
    ) -> None:
        self.routes: list[BaseRoute] = [] if routes is None else list(routes)
        self.redirect_slashes = redirect_slashes
        self.default: ASGIApp = self.not_found if default is None else default
        self.lifespan = LifespanHandler(lifespan)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("router", self)
        if scope["type"] == "lifespan":
            await self.lifespan(scope, receive, send)
            return
        partial: tuple[BaseRoute, Scope] | None = None
        for route in self.routes:
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                await self._handle(route, child_scope, scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial = route, child_scope
        if partial is not None:  # the path exists, not with this method: the route answers 405
            await self._handle(*partial, scope, receive, send)
        elif not await self._redirect_slashes(scope, receive, send):
            await self.default(scope, receive, send)

    @staticmethod
    async def _handle(route: BaseRoute, child_scope: Scope, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = route
        scope.update(child_scope)
        await route.handle(scope, receive, send)

    async def _redirect_slashes(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """307 to the same path with or without its trailing slash, if that one would match."""
        if scope["type"] != "http" or not self.redirect_slashes or get_route_path(scope) == "/":
            return False
        path: str = scope["path"]
        other = {**scope, "path": path.rstrip("/") if path.endswith("/") else path + "/"}
        if all(route.matches(other)[0] is Match.NONE for route in self.routes):
            return False
        await RedirectResponse(url=str(URL(scope=other)))(scope, receive, send)
        return True

    async def not_found(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # no WebSocket routes in this chapter: refuse politely
            await send({"type": "websocket.close", "code": 1000})
            return
        if "app" in scope:  # inside an application: let its exception handlers answer
            raise HTTPException(status_code=404)
        await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                pass
        raise NoMatchFound(name, path_params)

    def add_route(
        self,
        path: str,
        endpoint: Endpoint,
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.routes.append(Route(path, endpoint, methods=methods, name=name, include_in_schema=include_in_schema))

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None:
        self.routes.append(Mount(path, app=app, name=name))
