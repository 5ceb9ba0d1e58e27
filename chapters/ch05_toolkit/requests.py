"""``Request``: the ASGI scope and ``receive`` channel, seen as an HTTP request.

Why: an endpoint wants ``request.query_params["q"]`` and ``await request.json()``, not
``scope["query_string"]`` bytes and a loop over ``http.request`` messages. This module wraps
both, computing each view lazily and once, with the names and semantics of
``starlette.requests``:

* :class:`HTTPConnection` holds what HTTP and WebSocket connections share: everything that
  comes from the scope (URL, headers, cookies, client, state, ``url_for``).
* :class:`Request` adds the body: ``stream()`` reads ``http.request`` messages as they
  arrive; ``body()`` collects and caches them, so ``json()`` and a later ``stream()`` reuse
  the cache; a second ``stream()`` without a cache raises ``RuntimeError("Stream consumed")``
  because the messages are gone.

Left out: ``await request.form()`` (form and multipart parsing needs a parser of its own and,
in Starlette, the ``python-multipart`` package), sessions and ``request.auth``/``user``
(middleware that this chapter does not build), and ``send_push_promise``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator, Mapping
from http.cookies import _unquote  # type: ignore[attr-defined]  # the stdlib's cookie unquoting
from typing import Any, NoReturn

from chapters.ch05_toolkit.datastructures import URL, Address, Headers, QueryParams, State, URLPath
from chapters.ch05_toolkit.types import Message, Receive, Scope, Send

__all__ = ["ClientDisconnect", "HTTPConnection", "Request", "cookie_parser"]


class ClientDisconnect(Exception):
    """The client went away (``http.disconnect``) while the body was being read."""


def cookie_parser(cookie_string: str) -> dict[str, str]:
    """Parse a ``Cookie`` header leniently, as browsers send it rather than as RFC 6265 says.

    ``http.cookies.SimpleCookie`` rejects whole headers over one odd cookie; Starlette (after
    Django) instead splits on ``;``, treats a chunk without ``=`` as a value with an empty
    name, and unquotes values the way ``http.cookies`` does. The last duplicate wins.

    >>> cookie_parser('a=1; b="x y"; lonely')
    {'a': '1', 'b': 'x y', '': 'lonely'}
    """
    cookies: dict[str, str] = {}
    for chunk in cookie_string.split(";"):
        key, sep, value = chunk.partition("=")
        if not sep:
            key, value = "", key
        key, value = key.strip(), value.strip()
        if key or value:
            cookies[key] = _unquote(value)
    return cookies


class HTTPConnection(Mapping[str, Any]):
    """The parts of a connection that come from its scope; also a read-only view of it.

    ``receive`` is accepted (and ignored) so that subclasses share the signature.
    """

    def __init__(self, scope: Scope, receive: Receive | None = None) -> None:
        if scope["type"] not in ("http", "websocket"):
            raise ValueError(
                f"HTTPConnection needs an 'http' or 'websocket' scope, not {scope['type']!r}"
            )
        self.scope = scope

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    # Two connections are the same only if they are the same object (not Mapping's equality).
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def app(self) -> Any:
        return self.scope["app"]

    @property
    def url(self) -> URL:
        if not hasattr(self, "_url"):
            self._url = URL(scope=self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        """The application's root URL: what ``url_for`` resolves against.

        Inside a ``Mount`` the scope's ``root_path`` grows, so the top-level
        ``app_root_path`` (set by the application, when present) is preferred.
        """
        if not hasattr(self, "_base_url"):
            root = self.scope.get("app_root_path", self.scope.get("root_path", ""))
            scope = {
                **self.scope,
                "path": root if root.endswith("/") else root + "/",
                "query_string": b"",
            }
            self._base_url = URL(scope=scope)
        return self._base_url

    @property
    def headers(self) -> Headers:
        if not hasattr(self, "_headers"):
            self._headers = Headers(scope=self.scope)
        return self._headers

    @property
    def query_params(self) -> QueryParams:
        if not hasattr(self, "_query_params"):
            self._query_params = QueryParams(self.scope.get("query_string", b""))
        return self._query_params

    @property
    def path_params(self) -> dict[str, Any]:
        """Filled in by the router when a route with ``{name}`` segments matches."""
        return self.scope.get("path_params", {})

    @property
    def cookies(self) -> dict[str, str]:
        if not hasattr(self, "_cookies"):
            cookies: dict[str, str] = {}
            for header in self.headers.getlist("cookie"):
                cookies.update(cookie_parser(header))
            self._cookies = cookies
        return self._cookies

    @property
    def client(self) -> Address | None:
        peer = self.scope.get("client")
        return None if peer is None else Address(*peer)

    @property
    def state(self) -> State:
        """Per-request state, backed by ``scope["state"]`` (the lifespan's copy, if any)."""
        if not hasattr(self, "_state"):
            self._state = State(self.scope.setdefault("state", {}))
        return self._state

    def url_for(self, name: str, /, **path_params: Any) -> URL:
        """The absolute URL of the route called ``name``, via the router in the scope."""
        provider = self.scope.get("router") or self.scope.get("app")
        if provider is None:
            raise RuntimeError("url_for() needs a router or an application in the scope")
        path = provider.url_path_for(name, **path_params)
        if not isinstance(path, URLPath):
            path = URLPath(str(path))
        return path.make_absolute_url(base_url=self.base_url)


async def empty_receive() -> NoReturn:
    raise RuntimeError("This Request was created without a receive channel")


async def empty_send(message: Message) -> NoReturn:
    raise RuntimeError("This Request was created without a send channel")


class Request(HTTPConnection):
    """An HTTP request: the scope's views plus the body, read from ``receive``."""

    def __init__(
        self, scope: Scope, receive: Receive = empty_receive, send: Send = empty_send
    ) -> None:
        super().__init__(scope)
        if scope["type"] != "http":
            raise ValueError(f"Request needs an 'http' scope, not {scope['type']!r}")
        self._receive = receive
        self._send = send
        self._stream_consumed = False
        self._is_disconnected = False

    @property
    def method(self) -> str:
        return self.scope["method"]

    @property
    def receive(self) -> Receive:
        return self._receive

    async def stream(self) -> AsyncIterator[bytes]:
        """The body, piece by piece as the client sends it, then one final ``b""``.

        The trailing empty chunk mirrors Starlette, so code written for it sees the same
        sequence. A client that disconnects mid-body raises :class:`ClientDisconnect`.
        """
        if hasattr(self, "_body"):
            yield self._body
            yield b""
            return
        if self._stream_consumed:
            raise RuntimeError("Stream consumed")
        self._stream_consumed = True
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                self._is_disconnected = True
                raise ClientDisconnect()
            if message["type"] == "http.request":
                if chunk := message.get("body", b""):
                    yield chunk
                if not message.get("more_body", False):
                    break
        yield b""

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            self._body = b"".join([chunk async for chunk in self.stream()])
        return self._body

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body())
        return self._json

    async def is_disconnected(self) -> bool:
        """Has the client gone? Checks for an ``http.disconnect`` *without waiting* for one.

        Like Starlette, a message that is ready is consumed (so call this after reading the
        body); if none is ready, the pending ``receive()`` is cancelled.
        """
        if not self._is_disconnected:
            pending = asyncio.ensure_future(self._receive())
            await asyncio.sleep(0)  # one loop turn: enough for a message that is already there
            if pending.done():
                message = pending.result()
            else:
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await pending
                message = {}
            if message.get("type") == "http.disconnect":
                self._is_disconnected = True
        return self._is_disconnected
