"""The route decorators, ``@app.get``, ``@router.post`` and friends, shared by app and router.

Why a module of its own: the decorators are the framework's *front door* — what a user of it
types — while :mod:`.routing` is what happens behind it (analyse once, solve per request).
They share nothing but one call: every decorator ends in ``self.add_api_route(path,
endpoint, methods=..., **options)``, which the class mixing them in supplies
(:class:`~chapters.ch06_framework.routing.APIRouter` builds the route and appends it;
:class:`~chapters.ch06_framework.applications.FastAPI` hands it to its router). So the mixin
holds no state and knows no route class, and chapter 07's subclasses inherit every decorator
unchanged.

:class:`RouteOptions` spells out the keyword options once, with FastAPI's names, so every
decorator's ``**options`` is type-checked against the same list that
:meth:`~chapters.ch06_framework.routing.APIRoute.route_options` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypedDict, TypeVar, Unpack

from chapters.ch05_toolkit import Response

__all__ = ["Endpoint", "RouteDecorators", "RouteOptions"]

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


class RouteOptions(TypedDict, total=False):
    """The keyword options every route decorator accepts (FastAPI's names and meanings).

    ``tags``, ``summary``, ``description``, ``response_description``, ``responses``,
    ``deprecated``, ``operation_id`` and ``include_in_schema`` are kept for the OpenAPI
    document (chapter 08); ``dependencies`` for chapter 07.
    """

    response_model: Any
    status_code: int | None
    tags: list[str] | None
    dependencies: Sequence[Any] | None
    summary: str | None
    description: str | None
    response_description: str
    responses: dict[int | str, dict[str, Any]] | None
    deprecated: bool | None
    operation_id: str | None
    response_model_by_alias: bool
    response_model_exclude_none: bool
    include_in_schema: bool
    response_class: type[Response]
    name: str | None


class RouteDecorators:
    """``get``, ``post``, ... as shortcuts for :meth:`api_route`; shared by router and app."""

    def api_route(
        self, path: str, *, methods: Sequence[str] | None = None, **options: Unpack[RouteOptions]
    ) -> Callable[[Endpoint], Endpoint]:
        """Register the decorated function for ``methods`` (default ``["GET"]``)::

        @app.api_route("/items/{item_id}", methods=["GET", "HEAD"])
        async def read_item(item_id: int) -> Item: ...
        """

        def decorator(endpoint: Endpoint) -> Endpoint:
            self.add_api_route(path, endpoint, methods=methods, **options)
            return endpoint

        return decorator

    def add_api_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] | set[str] | None = None,
        **options: Any,
    ) -> None:
        """Create the route and add it: supplied by the class that mixes the decorators in."""
        raise NotImplementedError

    def get(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[Endpoint], Endpoint]:
        """``@app.get("/items/{item_id}")`` above ``def read_item(item_id: int): ...``."""
        return self.api_route(path, methods=["GET"], **options)

    def post(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[Endpoint], Endpoint]:
        """``@app.post("/items", status_code=201)`` above ``def create(item: Item) -> Item``."""
        return self.api_route(path, methods=["POST"], **options)

    def put(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[Endpoint], Endpoint]:
        return self.api_route(path, methods=["PUT"], **options)

    def patch(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[Endpoint], Endpoint]:
        return self.api_route(path, methods=["PATCH"], **options)

    def delete(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[Endpoint], Endpoint]:
        return self.api_route(path, methods=["DELETE"], **options)

    def head(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[Endpoint], Endpoint]:
        return self.api_route(path, methods=["HEAD"], **options)

    def options(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[Endpoint], Endpoint]:
        return self.api_route(path, methods=["OPTIONS"], **options)
