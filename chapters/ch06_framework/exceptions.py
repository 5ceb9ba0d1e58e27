"""The framework's errors: what a request got wrong (422), what an endpoint returned wrong (500),
and what a route *declaration* got wrong (raised at registration, before any request).

Why three kinds: the same validation machinery judges three different parties.

* :class:`RequestValidationError` blames the **client**: the query, headers or body did not
  fit the endpoint's signature. It carries *every* error found (not the first), and the body
  as received, so the default handler can answer ``422 {"detail": [...]}`` and a custom
  handler can log what was sent.
* :class:`ResponseValidationError` blames the **server**: the endpoint returned something its
  ``response_model`` refuses. No handler is installed for it, so it becomes a 500 and a
  traceback in the log, as in FastAPI: leaking a half-valid object would be worse.
* :class:`FastAPIError` (and :class:`InvalidParameterError`) blame the **programmer**: a
  signature that cannot work (``Query()`` on a path parameter, a default inside
  ``Annotated``) fails when the route is registered, with a message naming the parameter.

:class:`HTTPException` is chapter 05's, with a ``detail`` that may be any JSON-able value
(FastAPI's only change): ``raise HTTPException(404, detail={"id": 3})``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chapters.ch05_toolkit import HTTPException as ToolkitHTTPException

__all__ = [
    "FastAPIError",
    "HTTPException",
    "InvalidParameterError",
    "RequestValidationError",
    "ResponseValidationError",
    "ValidationException",
]


class HTTPException(ToolkitHTTPException):
    """``raise HTTPException(status_code, detail=..., headers=...)``: answer with this status.

    The default handler sends ``{"detail": detail}`` as JSON, with ``headers`` (say a
    ``WWW-Authenticate`` for a 401).
    """

    def __init__(
        self, status_code: int, detail: Any = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=headers)


class FastAPIError(RuntimeError):
    """The application is declared wrongly (FastAPI's name for the same thing)."""


class InvalidParameterError(FastAPIError):
    """An endpoint parameter cannot be analysed: wrong marker, wrong type, misplaced default."""


class ValidationException(Exception):
    """A list of validation errors, each a dict with ``type``, ``loc``, ``msg``, ``input``."""

    def __init__(self, errors: Sequence[Any]) -> None:
        self._errors = errors

    def errors(self) -> Sequence[Any]:
        return self._errors

    def __str__(self) -> str:
        count = len(self._errors)
        lines = [f"{count} validation error{'s' if count != 1 else ''}:"]
        lines += [f"  {error}" for error in self._errors]
        return "\n".join(lines)


class RequestValidationError(ValidationException):
    """The request did not fit the endpoint: answered with 422 by the default handler."""

    def __init__(self, errors: Sequence[Any], *, body: Any = None) -> None:
        super().__init__(errors)
        self.body = body


class ResponseValidationError(ValidationException):
    """The endpoint's return value did not fit its ``response_model``: a bug, so a 500."""

    def __init__(self, errors: Sequence[Any], *, body: Any = None) -> None:
        super().__init__(errors)
        self.body = body
