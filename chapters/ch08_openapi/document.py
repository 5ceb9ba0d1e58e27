"""``get_openapi(...)``: an application's routes -> an OpenAPI 3.1 document, as a dict.

Why OpenAPI 3.1: it is the version whose schemas *are* JSON Schema (draft 2020-12), so the
schemas chapter 06's models produce (``anyOf`` with ``{"type": "null"}`` for optionals,
``exclusiveMinimum`` as a number, ``prefixItems`` for tuples) go in as they are. The
document's skeleton (OpenAPI 3.1.0, §4.8)::

    {"openapi": "3.1.0",
     "info": {"title": ..., "version": ...},
     "paths": {"/items/{item_id}": {"get": <operation>, ...}, ...},
     "components": {"schemas": {"Item": <JSON Schema>, ...}}}

Only :class:`~chapters.ch06_framework.routing.APIRoute` routes with ``include_in_schema``
are described: the plain routes that serve ``/openapi.json`` and ``/docs`` are not part of
the API. Like FastAPI, the result holds no ``None`` values (FastAPI serialises its document
with ``exclude_none``), so an optional parameter's ``"default": null`` is left out: its
``anyOf`` already allows ``null`` and ``"required": false`` already says it may be omitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chapters.ch05_toolkit import BaseRoute
from chapters.ch06_framework.routing import APIRoute
from chapters.ch08_openapi.operations import OperationBuilder
from chapters.ch08_openapi.schemas import ComponentSchemas

__all__ = ["documented_routes", "drop_none", "get_openapi"]


def documented_routes(routes: Sequence[BaseRoute]) -> list[APIRoute]:
    """The typed routes the document describes, in registration order."""
    return [route for route in routes if isinstance(route, APIRoute) and route.include_in_schema]


def drop_none(value: Any) -> Any:
    """``value`` without the dict entries whose value is ``None``, at any depth."""
    if isinstance(value, dict):
        return {key: drop_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_none(item) for item in value]
    return value


def get_openapi(
    *,
    title: str,
    version: str,
    routes: Sequence[BaseRoute],
    openapi_version: str = "3.1.0",
    summary: str | None = None,
    description: str | None = None,
    tags: list[dict[str, Any]] | None = None,
    servers: list[dict[str, Any]] | None = None,
    terms_of_service: str | None = None,
    contact: dict[str, Any] | None = None,
    license_info: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document for ``routes`` (FastAPI's function of the same name and options)::

    document = get_openapi(title="Shop", version="1.0.0", routes=app.routes)
    document["paths"]["/items/{item_id}"]["get"]["operationId"]   # 'read_item_items__item_id__get'
    """
    info: dict[str, Any] = {"title": title, "version": version}
    optional = {
        "summary": summary,
        "description": description,
        "termsOfService": terms_of_service,
        "contact": contact,
        "license": license_info,
    }
    info.update({key: value for key, value in optional.items() if value})
    document: dict[str, Any] = {"openapi": openapi_version, "info": info}
    if servers:
        document["servers"] = servers
    components = ComponentSchemas()
    operations = OperationBuilder(components)
    paths: dict[str, dict[str, Any]] = {}
    for route in documented_routes(routes):
        paths.setdefault(route.path_format, {}).update(operations.path_item(route))
    document["paths"] = paths
    if components.schemas:
        document["components"] = {"schemas": components.sorted()}
    if tags:
        document["tags"] = tags
    return drop_none(document)
