"""Chapter 05, build it yourself: the core of an ASGI toolkit (Starlette's names).

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch05_toolkit/starter.py my_toolkit.py
    pytest tests/ch05_toolkit --impl my_toolkit

The contract is in ``chapters/ch05_toolkit/README.md`` ("Build it yourself: the contract").
No server needed: the tests call your ``Router`` and ``Response`` as ASGI apps, directly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any, NamedTuple

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class URL(NamedTuple):
    path: str  # scope["path"]
    query: str  # scope["query_string"], decoded


class Request:
    """What an endpoint gets: a view of the ``http`` scope, and the body via ``receive``."""

    def __init__(self, scope: Scope, receive: Receive | None = None) -> None:
        raise NotImplementedError

    @property
    def method(self) -> str:
        raise NotImplementedError

    @property
    def url(self) -> URL:
        raise NotImplementedError

    @property
    def query_params(self) -> Mapping[str, str]:
        """``?q=ada&page=2`` → ``{"q": "ada", "page": "2"}`` (percent-decoded)."""
        raise NotImplementedError

    @property
    def headers(self) -> Mapping[str, str]:
        """Looked up by name in any case: ``headers["Content-Type"]``, ``headers.get(...)``."""
        raise NotImplementedError

    @property
    def path_params(self) -> dict[str, Any]:
        """What the router matched: ``{"item_id": 42}`` for ``/items/{item_id:int}``."""
        raise NotImplementedError

    async def body(self) -> bytes:
        """Every ``http.request`` message's body, until ``more_body`` is false; read once."""
        raise NotImplementedError

    async def json(self) -> Any:
        raise NotImplementedError


class Response:
    """An ASGI app that sends one response: ``await response(scope, receive, send)``."""

    media_type: str | None = None

    def __init__(
        self,
        content: bytes | str = b"",
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
    ) -> None:
        """``str`` content is encoded as UTF-8; ``content-length`` is always set, and
        ``content-type`` when there is a media type (``text/*`` gets ``; charset=utf-8``)."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send ``http.response.start`` (status, headers as bytes pairs), then one
        ``http.response.body``."""
        raise NotImplementedError


class JSONResponse(Response):
    """``content`` as JSON (``application/json``)."""

    def __init__(
        self, content: Any, status_code: int = 200, headers: Mapping[str, str] | None = None
    ) -> None:
        raise NotImplementedError


Endpoint = Callable[[Request], Awaitable[Response]]


class Route:
    """``Route("/items/{item_id:int}", endpoint, methods=["GET"])``.

    Path parameters are ``{name}`` (any text without ``/``) or ``{name:int}`` (digits,
    converted to ``int``). ``methods=None`` means ``["GET"]``. Compile the path to a regex
    once, here, not per request.
    """

    def __init__(self, path: str, endpoint: Endpoint, methods: list[str] | None = None) -> None:
        raise NotImplementedError


class Router:
    """An ASGI app: the first route whose path and method match runs its endpoint with a
    ``Request`` (``path_params`` filled in). A path that matches with another method
    answers ``405`` with an ``Allow`` header; no path matches: ``404``.
    """

    def __init__(self, routes: list[Route]) -> None:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
