"""An operation's ``responses``: what the route answers when it works, and when it does not.

Three sources, as in FastAPI (``fastapi/openapi/utils.py``):

* the **success** response: the route's ``status_code`` (else the response class's default,
  200 for JSON), described by ``response_description``; unless that status forbids a body
  (204, 304, 1xx), its content is the ``response_model``'s schema under the response
  class's media type (``{}``, "any JSON", when there is no model; a plain string for a
  non-JSON class such as ``HTMLResponse``);
* the route's ``responses={404: {"description": ..., "model": Message}}``, merged in;
* **422** with ``HTTPValidationError``, when the route reads anything that is validated (a
  parameter or a body) and no 422, ``4XX`` or ``default`` response was declared: that is
  chapter 06's ``{"detail": [...]}`` answer, so the document says it may happen.
"""

from __future__ import annotations

import copy
import http.client
import inspect
from typing import Any

from chapters.ch06_framework.exception_handlers import is_body_allowed_for_status_code
from chapters.ch06_framework.routing import APIRoute
from chapters.ch07_dependencies import JSONResponse, Response
from chapters.ch08_openapi.schemas import ComponentSchemas

__all__ = ["STATUS_CODE_RANGES", "ResponsesBuilder", "deep_update", "default_status_code"]

#: Descriptions for the status ranges OpenAPI allows as keys.
STATUS_CODE_RANGES = {
    "1XX": "Information",
    "2XX": "Success",
    "3XX": "Redirection",
    "4XX": "Client Error",
    "5XX": "Server Error",
    "DEFAULT": "Default Response",
}


def default_status_code(response_class: type[Response]) -> int:
    """The status a response class answers with when the route names none (its ``__init__``'s
    default for ``status_code``: 200 for most, 307 for a redirect)."""
    parameter = inspect.signature(response_class.__init__).parameters.get("status_code")
    if parameter is not None and isinstance(parameter.default, int):
        return parameter.default
    return 200


def deep_update(main: dict[str, Any], update: dict[str, Any]) -> None:
    """Merge ``update`` into ``main``: nested dicts merge, lists concatenate, the rest replaces."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(main.get(key), dict):
            deep_update(main[key], value)
        elif isinstance(value, list) and isinstance(main.get(key), list):
            main[key] = main[key] + value
        else:
            main[key] = value


def status_description(key: str) -> str | None:
    """``"404"`` -> ``"Not Found"``, ``"4XX"`` -> ``"Client Error"``, else ``None``."""
    if key.upper() in STATUS_CODE_RANGES:
        return STATUS_CODE_RANGES[key.upper()]
    return http.client.responses.get(int(key)) if key.isdigit() else None


class ResponsesBuilder:
    """Builds the ``responses`` object of each operation; models go to ``components``."""

    def __init__(self, components: ComponentSchemas) -> None:
        self.components = components

    def build(self, route: APIRoute, route_id: str, *, can_fail: bool) -> dict[str, Any]:
        status = route.status_code or default_status_code(route.response_class)
        success: dict[str, Any] = {"description": route.response_description}
        media_type = route.response_class.media_type
        if is_body_allowed_for_status_code(status) and media_type:
            success["content"] = {media_type: {"schema": self.success_schema(route, route_id)}}
        responses = {str(status): success}
        for code, declared in route.responses.items():
            self.add_declared(responses, route, route_id, code, declared)
        if can_fail and not {"422", "4XX", "default"} & set(responses):
            responses["422"] = {
                "description": "Validation Error",
                "content": {"application/json": {"schema": self.components.add_validation_error()}},
            }
        return responses

    def success_schema(self, route: APIRoute, route_id: str) -> dict[str, Any]:
        if not issubclass(route.response_class, JSONResponse):
            return {"type": "string"}
        if route.response_model is None:
            return {}  # no model: any JSON value
        return self.components.annotation(f"Response_{route_id}", route.response_model)

    def add_declared(
        self,
        responses: dict[str, Any],
        route: APIRoute,
        route_id: str,
        code: int | str,
        declared: dict[str, Any],
    ) -> None:
        """Merge one entry of ``responses={...}``; its ``model`` becomes the content's schema."""
        extra = copy.deepcopy(declared)
        model = extra.pop("model", None)
        key = str(code).upper()
        key = "default" if key == "DEFAULT" else key
        response = responses.setdefault(key, {})
        if model is not None:
            media_type = route.response_class.media_type or "application/json"
            schema = extra.setdefault("content", {}).setdefault(media_type, {})
            schema = schema.setdefault("schema", {})
            deep_update(schema, self.components.annotation(f"Response_{code}_{route_id}", model))
        description = (
            extra.get("description")
            or response.get("description")
            or status_description(key)
            or "Additional Response"
        )
        deep_update(response, extra)
        response["description"] = description
