"""One route becomes its OpenAPI operations: the same ``ParamSpec`` list, read a second time.

Why this cannot drift from behaviour: chapter 06 analysed each endpoint's signature once into
a list of :class:`~chapters.ch06_framework.analysis.ParamSpec` (where a value comes from, its
wire name, its type and constraints), and the request solver validates with exactly that
list. Here the same list is *described* instead of executed: each path, query, header and
cookie spec becomes a ``parameters`` entry, the body specs become the ``requestBody``, and
the type plus its :class:`~chapters.ch06_framework.models.FieldInfo` become a JSON Schema
(:mod:`.schemas`). Change the signature and the validation and the document change together.

Chapter 07 adds dependencies, whose parameters belong to the operation too: its routes have
``flat_params()`` (every path, query, header and cookie parameter of the dependency graph,
each once, in FastAPI's order) and ``body_params()``; a chapter 06 route has only its own
``route.spec.params``. Whether the body is one object with a key per body parameter is read
from ``route.spec.embed_body``, the very flag the request solver follows.

Operation ids follow FastAPI's scheme, ``{name}{path}`` with every non-word character made
``_``, then ``_{method}``: ``read_item`` at ``/items/{item_id}`` answering GET is
``read_item_items__item_id__get``. FastAPI takes the method from an arbitrary element of the
route's method *set*, so a route answering GET and POST gets one id twice; here each method
gets its own, which keeps every id unique (an explicit ``operation_id`` is used as given).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from chapters.ch06_framework.analysis import ParamSpec
from chapters.ch06_framework.routing import APIRoute
from chapters.ch08_openapi.responses import ResponsesBuilder
from chapters.ch08_openapi.schemas import ComponentSchemas

__all__ = [
    "METHODS_WITH_BODY",
    "OperationBuilder",
    "generate_unique_id",
    "route_params",
]

#: Methods whose operation may document a request body (FastAPI's list).
METHODS_WITH_BODY = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"})
#: Parameter locations, in the order the parameters are listed (FastAPI's order).
PARAMETER_SOURCES = ("path", "query", "header", "cookie")
#: Sources whose values are validated: a route reading any of them may answer 422.
VALIDATED_SOURCES = frozenset({*PARAMETER_SOURCES, "body"})


def route_params(route: APIRoute) -> list[ParamSpec]:
    """Every parameter the route reads, dependencies' included where the route knows them."""
    flat_params = getattr(route, "flat_params", None)
    if not callable(flat_params):
        return list(route.spec.params)  # chapter 06: the endpoint's own parameters
    body_params = getattr(route, "body_params", None)
    body = body_params() if callable(body_params) else route.spec.of("body")
    return [*flat_params(), *body]


def generate_unique_id(route: APIRoute, method: str) -> str:
    """``read_item`` at ``/items/{item_id}``, GET -> ``read_item_items__item_id__get``."""
    return re.sub(r"\W", "_", f"{route.name}{route.path_format}") + f"_{method.lower()}"


def wire_name(spec: ParamSpec) -> str:
    return spec.alias or spec.name


class OperationBuilder:
    """Describes routes into one document's ``paths``; collects models in ``components``."""

    def __init__(self, components: ComponentSchemas) -> None:
        self.components = components
        self.responses = ResponsesBuilder(components)
        self.operation_ids: set[str] = set()

    def path_item(self, route: APIRoute) -> dict[str, Any]:
        """``{"get": {...}, "post": {...}}``: one operation per method of the route."""
        params = route_params(route)
        methods = sorted(route.methods or ())
        # Names derived from the route as a whole (its Body_ model, its response's title)
        # use its first method, so a GET+POST route shares one Body_ model between both.
        route_id = generate_unique_id(route, methods[0]) if methods else route.name
        return {
            method.lower(): self.operation(route, method, params, route_id) for method in methods
        }

    def operation(
        self, route: APIRoute, method: str, params: list[ParamSpec], route_id: str
    ) -> dict[str, Any]:
        operation = self.metadata(route, method)
        parameters = self.parameters(params)
        if parameters:
            operation["parameters"] = parameters
        body = [spec for spec in params if spec.source == "body"]
        if body and method in METHODS_WITH_BODY:
            operation["requestBody"] = self.request_body(body, route.spec.embed_body, route_id)
        can_fail = any(spec.source in VALIDATED_SOURCES for spec in params)
        operation["responses"] = self.responses.build(route, route_id, can_fail=can_fail)
        if route.deprecated:
            operation["deprecated"] = True
        return operation

    def metadata(self, route: APIRoute, method: str) -> dict[str, Any]:
        """``tags``, ``summary`` (the name, title-cased), ``description`` (the docstring), id."""
        operation: dict[str, Any] = {}
        if route.tags:
            operation["tags"] = list(route.tags)
        operation["summary"] = route.summary or route.name.replace("_", " ").title()
        description = (route.description or "").split("\f")[0].strip()  # \f: the rest is private
        if description:
            operation["description"] = description
        operation_id = route.operation_id or generate_unique_id(route, method)
        if operation_id in self.operation_ids:
            warnings.warn(
                f"Duplicate Operation ID {operation_id} for function {route.name}", stacklevel=2
            )
        self.operation_ids.add(operation_id)
        operation["operationId"] = operation_id
        return operation

    def parameters(self, params: list[ParamSpec]) -> list[dict[str, Any]]:
        """Path, then query, header and cookie parameters; one entry per (location, name).

        A parameter read twice (by the endpoint and by a dependency) is listed once; if one
        of the readers requires it, the entry says required.
        """
        described = [
            self.parameter(spec)
            for source in PARAMETER_SOURCES
            for spec in params
            if spec.source == source and getattr(spec.field_info, "include_in_schema", True)
        ]
        unique = {(entry["in"], entry["name"]): entry for entry in described}
        unique.update(
            {(entry["in"], entry["name"]): entry for entry in described if entry["required"]}
        )
        return list(unique.values())

    def parameter(self, spec: ParamSpec) -> dict[str, Any]:
        info = spec.field_info
        assert info is not None  # path, query, header and cookie specs always carry one
        entry: dict[str, Any] = {"name": wire_name(spec), "in": spec.source}
        if info.description:
            entry["description"] = info.description
        entry["required"] = info.is_required()
        entry["schema"] = self.components.field(wire_name(spec), info)
        return entry

    def request_body(self, body: list[ParamSpec], embed: bool, route_id: str) -> dict[str, Any]:
        """The body's schema: the one body parameter's, or a ``Body_<id>`` object of them all."""
        first = body[0].field_info
        assert first is not None
        if embed:
            fields = {wire_name(spec): spec.field_info for spec in body}  # a name counts once
            named = [(key, info) for key, info in fields.items() if info is not None]
            schema = self.components.object_model(f"Body_{route_id}", named)
            required = any(info.is_required() for _, info in named)
        else:
            schema = self.components.field(wire_name(body[0]), first)
            required = first.is_required()
        media_type = getattr(first, "media_type", "application/json")
        request_body: dict[str, Any] = {"content": {media_type: {"schema": schema}}}
        if required:
            request_body["required"] = True
        return request_body
