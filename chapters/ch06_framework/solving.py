"""Solve per request: find each parameter's raw value, convert and validate it, collect every error.

Why collect instead of stopping at the first error: a client that sent a bad ``limit``, a
bad ``price`` and no ``name`` should learn all three from one 422, not fix them one round
trip at a time. So each value is validated into a shared ``errors`` list and the endpoint
runs only if the list stays empty. The order of the errors is FastAPI's: path, query,
header, cookie, then body.

The work per request is kept to lookups and the validators compiled at registration
(:mod:`~chapters.ch06_framework.analysis`): the specs are grouped by source once, in
``__init__``, so a route without query parameters never parses the query string.

Reading the body follows FastAPI 0.165: an empty body is "no body" (a required body
parameter is then ``missing``); a body is parsed as JSON only when the ``Content-Type`` says
``application/json`` (or ``application/*+json``). Any other body — including JSON sent
without a content type — stays raw bytes, which a model refuses with
``model_attributes_type``: FastAPI's ``strict_content_type``, a guard against cross-site
requests that can send ``text/plain`` bodies without a CORS preflight. Malformed JSON is a
422 ``json_invalid`` whose ``loc`` is the character offset.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from chapters.ch05_toolkit import Request
from chapters.ch06_framework.analysis import EndpointSpec, ParamSpec
from chapters.ch06_framework.exceptions import HTTPException, RequestValidationError
from chapters.ch06_framework.models import INVALID, ErrorDict, Undefined

__all__ = ["RequestSolver", "is_json_content_type", "missing_error"]


def missing_error(loc: tuple[str | int, ...]) -> ErrorDict:
    """The error for a required value that is absent (pydantic's ``missing``)."""
    return {"type": "missing", "loc": loc, "msg": "Field required", "input": None}


@functools.lru_cache(maxsize=32)
def is_json_content_type(content_type: str) -> bool:
    """``application/json`` or ``application/<anything>+json`` (RFC 6839 §3.1), any parameters.

    >>> is_json_content_type("application/json; charset=utf-8"), is_json_content_type("text/plain")
    (True, False)
    """
    media_type = content_type.partition(";")[0].strip().lower()
    maintype, _, subtype = media_type.partition("/")
    return maintype == "application" and (subtype == "json" or subtype.endswith("+json"))


class RequestSolver:
    """``await solver.solve(request, body)`` -> ``(values, errors)`` for one endpoint."""

    def __init__(self, spec: EndpointSpec) -> None:
        self.spec = spec
        self.path = spec.of("path")
        self.query = spec.of("query")
        self.header = spec.of("header")
        self.cookie = spec.of("cookie")
        self.body = spec.of("body")
        self.requests = spec.of("request")
        self.needs_body = bool(self.body)
        self.whole_body = self.body[0] if len(self.body) == 1 and not spec.embed_body else None

    async def read_body(self, request: Request) -> Any:
        """The body as JSON when it says it is JSON, raw bytes otherwise, ``Undefined`` if empty."""
        body = await request.body()
        if not body:
            return Undefined
        content_type = request.headers.get("content-type")
        if content_type is None or not is_json_content_type(content_type):
            return body
        try:
            return json.loads(body)
        except json.JSONDecodeError as exc:
            error: ErrorDict = {
                "type": "json_invalid",
                "loc": ("body", exc.pos),
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": exc.msg},
            }
            raise RequestValidationError([error], body=exc.doc) from exc
        except ValueError as exc:  # not UTF-8 (or -16/-32) at all
            raise HTTPException(400, "There was an error parsing the body") from exc

    async def solve(
        self, request: Request, body: Any = Undefined
    ) -> tuple[dict[str, Any], list[ErrorDict]]:
        """Every parameter's value, or the errors that prevent calling the endpoint."""
        values: dict[str, Any] = {}
        errors: list[ErrorDict] = []
        if self.path:
            self.solve_params(self.path, request.path_params, values, errors)
        if self.query:
            self.solve_params(self.query, request.query_params, values, errors)
        if self.header:
            self.solve_params(self.header, request.headers, values, errors)
        if self.cookie:
            self.solve_params(self.cookie, request.cookies, values, errors)
        if self.body:
            self.solve_body(body, values, errors)
        for spec in self.requests:
            values[spec.name] = request
        return values, errors

    def solve_params(
        self,
        specs: list[ParamSpec],
        received: Mapping[str, Any],
        values: dict[str, Any],
        errors: list[ErrorDict],
    ) -> None:
        """Path, query, header or cookie values; a list parameter gets every repeated value."""
        for spec in specs:
            if spec.is_sequence:
                raw: Any = received.getlist(spec.alias) or Undefined  # type: ignore[attr-defined]
            else:
                raw = received.get(spec.alias, Undefined)
            values[spec.name] = self.validate(spec, raw, (spec.source, spec.alias), errors)

    def solve_body(self, body: Any, values: dict[str, Any], errors: list[ErrorDict]) -> None:
        """The whole body for one parameter, else each parameter's key of the body object."""
        if self.whole_body is not None:
            spec = self.whole_body
            values[spec.name] = self.validate(spec, body, ("body",), errors)
            return
        for spec in self.body:
            loc = ("body", spec.alias)
            if body is Undefined or isinstance(body, bytes):
                raw = Undefined
            elif not isinstance(body, dict):  # embedded fields need an object, not [1] or "x"
                errors.append(missing_error(loc))
                continue
            else:
                raw = body.get(spec.alias, Undefined)
            values[spec.name] = self.validate(spec, raw, loc, errors)

    @staticmethod
    def validate(
        spec: ParamSpec, raw: Any, loc: tuple[str | int, ...], errors: list[ErrorDict]
    ) -> Any:
        """The converted value; a default when absent; ``INVALID`` after recording errors."""
        field_info, adapter = spec.field_info, spec.adapter
        assert field_info is not None and adapter is not None  # every non-special spec has both
        if raw is Undefined:
            if field_info.is_required():
                errors.append(missing_error(loc))
                return INVALID
            return field_info.get_default()  # not validated, as in FastAPI and pydantic
        return adapter.validate(raw, loc, errors)
