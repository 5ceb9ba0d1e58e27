"""The response a :class:`~chapters.ch05_toolkit.testclient.TestClient` returns.

Why a class of our own: tests are written against ``requests``/``httpx`` responses
(``status_code``, ``headers``, ``content``, ``text``, ``json()``), and Starlette's test client
returns an ``httpx.Response``. This is the subset those tests use, with the same names, and
with our case-insensitive :class:`~chapters.ch05_toolkit.datastructures.Headers`.
"""

from __future__ import annotations

import http
import json
from typing import Any

from chapters.ch05_toolkit.datastructures import Headers
from chapters.ch05_toolkit.requests import cookie_parser

__all__ = ["TestResponse"]


class TestResponse:
    """A finished response: status, headers and the whole body."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, status_code: int, headers: Headers, content: bytes, url: str) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.url = url
        self.history: list[TestResponse] = []

    @property
    def reason_phrase(self) -> str:
        try:
            return http.HTTPStatus(self.status_code).phrase
        except ValueError:
            return ""

    @property
    def encoding(self) -> str:
        """The ``charset`` of the Content-Type, else UTF-8 (what JSON and our apps send)."""
        for parameter in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip('"')
        return "utf-8"

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding, errors="replace")

    def json(self, **kwargs: Any) -> Any:
        return json.loads(self.content, **kwargs)

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies this response set (name -> value; attributes dropped)."""
        found: dict[str, str] = {}
        for header in self.headers.getlist("set-cookie"):
            name_value = header.split(";", 1)[0]
            found.update(cookie_parser(name_value))
        return found

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def ok(self) -> bool:
        """``requests``' name: any status below 400."""
        return self.status_code < 400

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise RuntimeError(f"{self.status_code} {self.reason_phrase} for url {self.url}")

    def __repr__(self) -> str:
        return f"<TestResponse [{self.status_code}]>"
