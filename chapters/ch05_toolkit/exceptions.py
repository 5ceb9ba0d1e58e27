"""``HTTPException``: raise it anywhere in an endpoint to answer with an error status.

Why an exception: the code that discovers "this item does not exist" is often deep inside a
helper, far from the code that builds the response. Raising carries the status (and a detail
and headers) up to the exception middleware, which turns it into a response — the error
policy lives in one place (CONVENTIONS, "errors carry the status to answer"). Same signature
and defaults as ``starlette.exceptions.HTTPException``: the detail defaults to the status's
reason phrase (RFC 9110 §15), e.g. ``HTTPException(404).detail == "Not Found"``.
"""

from __future__ import annotations

import http
from collections.abc import Mapping

__all__ = ["HTTPException"]


def _reason_phrase(status_code: int) -> str:
    try:
        return http.HTTPStatus(status_code).phrase
    except ValueError:  # a status the standard library does not know, e.g. 499
        return ""


class HTTPException(Exception):
    """An error response to send: ``raise HTTPException(404)`` or ``(401, headers=...)``."""

    def __init__(
        self, status_code: int, detail: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        self.status_code = status_code
        self.detail = _reason_phrase(status_code) if detail is None else detail
        self.headers = headers

    def __str__(self) -> str:
        return f"{self.status_code}: {self.detail}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code!r}, detail={self.detail!r})"
