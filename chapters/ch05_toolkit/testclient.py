"""``TestClient``: call an ASGI app like a web server would, without a server or a socket.

Why: a test wants ``client.get("/items/1").json()``, and a socket, a port and a server
thread add nothing to what is being tested — the app's behaviour. So the client builds the
``http`` scope itself, feeds the request body through ``receive``, collects ``send``'s
messages into a response, and gives it back with a ``requests``-like API. Same constructor
and behaviour as ``starlette.testclient.TestClient`` (which is built on httpx; we depend on
neither httpx nor anyio):

* ``with TestClient(app) as client:`` runs the lifespan: startup on enter (a failure raises
  there), shutdown on exit. Without ``with``, no lifespan runs, as in Starlette.
* ``raise_server_exceptions=True`` re-raises an exception from the app in the test;
  ``False`` turns it into the 500 response a server would send.
* Cookies set by responses are kept and sent back (one jar per client, ignoring
  ``Domain``/``Path``); redirects are followed unless ``follow_redirects=False``.

The app runs on an event loop in a background thread, never on the caller's thread: so the
client works in plain pytest *and* in Jupyter, whose own loop is already running (and where
``asyncio.run`` would fail). Inside ``with``, one loop thread serves the lifespan and every
request, so what startup creates (connections, locks) belongs to the loop that uses it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit

from chapters.ch05_toolkit.datastructures import Headers
from chapters.ch05_toolkit.testresponse import TestResponse
from chapters.ch05_toolkit.testtransport import Exchange, LoopThread, cancel, encode_body, expired
from chapters.ch05_toolkit.types import ASGIApp, Message, Scope

__all__ = ["TestClient", "TestResponse"]

Params = Mapping[str, Any] | Sequence[tuple[str, Any]] | str | None
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECTS = {301, 302, 303, 307, 308}


class TestClient:
    """Drive ``app`` in-process: ``get``/``post``/... return a :class:`TestResponse`.

    >>> client = TestClient(PlainTextResponse("hi"))          # doctest: +SKIP
    >>> client.get("/").text
    'hi'
    """

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        cookies: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        follow_redirects: bool = True,
    ) -> None:
        self.app = app
        self.base_url = base_url
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.cookies: dict[str, str] = dict(cookies or {})
        self.headers = {
            "user-agent": "testclient",
            **{k.lower(): v for k, v in (headers or {}).items()},
        }
        self.follow_redirects = follow_redirects
        self.app_state: dict[str, Any] = {}  # filled by lifespan startup, copied into each request
        self._loop: LoopThread | None = None
        self._lifespan: asyncio.Task[None] | None = None
        self._lifespan_error: BaseException | None = None
        self._lifespan_queue: asyncio.Queue[Message] | None = None
        self._lifespan_replies: asyncio.Queue[Message] | None = None

    # -- the requests-like API ------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Params = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | str | bytes | None = None,
        content: str | bytes | None = None,
        cookies: Mapping[str, str] | None = None,
        follow_redirects: bool | None = None,
    ) -> TestResponse:
        url = self._full_url(url, params)
        body, body_headers = encode_body(json, data, content)
        follow = self.follow_redirects if follow_redirects is None else follow_redirects
        history: list[TestResponse] = []
        while True:
            response = self._send(
                method.upper(), url, body, {**body_headers, **(headers or {})}, cookies
            )
            if not (
                follow and response.status_code in _REDIRECTS and "location" in response.headers
            ):
                break
            if len(history) >= 20:
                raise RuntimeError(
                    f"More than 20 redirects, last to {response.headers['location']}"
                )
            history.append(response)
            url = urljoin(url, response.headers["location"])
            if response.status_code == 303 or (
                response.status_code in (301, 302) and method.upper() == "POST"
            ):
                method, body, body_headers = "GET", b"", {}  # RFC 9110 §15.4: these switch to GET
        response.history = history
        return response

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> TestResponse:
        return self.request("HEAD", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> TestResponse:
        return self.request("OPTIONS", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> TestResponse:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> TestResponse:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> TestResponse:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> TestResponse:
        return self.request("DELETE", url, **kwargs)

    # -- one exchange -----------------------------------------------------------------------

    def _full_url(self, url: str, params: Params) -> str:
        full = urljoin(self.base_url, url)
        if params:
            query = params if isinstance(params, str) else urlencode(params, doseq=True)
            full += ("&" if urlsplit(full).query else "?") + query
        return full

    def _send(
        self,
        method: str,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        cookies: Mapping[str, str] | None,
    ) -> TestResponse:
        scope = self._scope(method, url, body, headers, {**self.cookies, **(cookies or {})})
        if self._loop is not None:  # inside `with`: the lifespan's loop
            status, raw_headers, chunks = self._loop.run(self._exchange(scope, body))
        else:  # a loop for this request alone, so nothing outlives it
            loop = LoopThread()
            try:
                status, raw_headers, chunks = loop.run(self._exchange(scope, body))
            finally:
                loop.stop()
        response = TestResponse(
            status, Headers(raw=raw_headers), b"" if method == "HEAD" else b"".join(chunks), url
        )
        self._store_cookies(response.headers)
        return response

    def _scope(
        self,
        method: str,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        cookies: dict[str, str],
    ) -> Scope:
        parts = urlsplit(url)
        merged = {
            "host": parts.netloc,
            "accept": "*/*",
            "accept-encoding": "gzip, deflate",
            "connection": "keep-alive",
        }
        merged.update(self.headers)
        merged.update({k.lower(): v for k, v in headers.items()})
        if body or method in ("POST", "PUT", "PATCH"):
            merged.setdefault("content-length", str(len(body)))
        if cookies:
            merged["cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        raw_path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")  # as a client would send it
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": parts.scheme or "http",
            "path": self.root_path + unquote(raw_path),
            "raw_path": (self.root_path + raw_path).encode("latin-1"),
            "root_path": self.root_path,
            "query_string": parts.query.encode("latin-1"),
            "headers": [(k.encode("latin-1"), str(v).encode("latin-1")) for k, v in merged.items()],
            "client": ("testclient", 50000),
            "server": (
                parts.hostname or "testserver",
                parts.port or _DEFAULT_PORTS.get(parts.scheme, 80),
            ),
            "extensions": {"http.response.debug": {}},
            "state": self.app_state.copy(),
        }

    async def _exchange(
        self, scope: Scope, body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], list[bytes]]:
        """Run the app for one request; apply the failure policy of a server."""
        exchange = Exchange(body)
        try:
            await self.app(scope, exchange.receive, exchange.send)
        except BaseException:
            if self.raise_server_exceptions:
                raise
            if exchange.status is None:  # nothing sent yet: a server would answer 500
                return (
                    500,
                    [(b"content-type", b"text/plain; charset=utf-8")],
                    [b"Internal Server Error"],
                )
        finally:
            exchange.complete.set()  # release a receive() still waiting for the disconnect
        if exchange.status is None:
            if self.raise_server_exceptions:
                raise RuntimeError("The application returned without sending a response")
            return 500, [], []
        return exchange.status, exchange.headers, exchange.chunks

    def _store_cookies(self, headers: Headers) -> None:
        for header in headers.getlist("set-cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if (
                    morsel["max-age"] in ("0", 0)
                    or morsel["expires"] in ("0", 0)
                    or expired(morsel["expires"])
                ):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    # -- lifespan ---------------------------------------------------------------------------

    def __enter__(self) -> TestClient:  # noqa: PYI034  # Starlette's annotation
        self._loop = LoopThread()
        try:
            self._loop.run(self._start_lifespan())
            self._expect("lifespan.startup.complete", "lifespan.startup.failed")
        except BaseException:
            self._stop_loop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._lifespan_queue is not None and self._loop is not None:
                self._loop.run(self._lifespan_queue.put({"type": "lifespan.shutdown"}))
                self._expect("lifespan.shutdown.complete", "lifespan.shutdown.failed")
        finally:
            self._stop_loop()

    async def _start_lifespan(self) -> None:
        self._lifespan_queue, self._lifespan_replies = asyncio.Queue(), asyncio.Queue()
        await self._lifespan_queue.put({"type": "lifespan.startup"})
        scope = {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.0"},
            "state": self.app_state,
        }
        self._lifespan_error = None
        self._lifespan = asyncio.create_task(
            self._run_lifespan(scope, self._lifespan_queue, self._lifespan_replies)
        )

    async def _run_lifespan(
        self, scope: Scope, queue: asyncio.Queue[Message], replies: asyncio.Queue[Message]
    ) -> None:
        try:
            await self.app(scope, queue.get, replies.put)
        except Exception as exc:  # noqa: BLE001  # re-raised in the test's thread by _expect()
            self._lifespan_error = exc
        finally:
            await replies.put({"type": "lifespan.app.returned"})

    def _expect(self, done: str, failed: str) -> None:
        """Wait for the app's answer to a lifespan event; raise what it raised or reported."""
        assert self._loop is not None and self._lifespan_replies is not None
        message = self._loop.run(self._lifespan_replies.get())
        if message["type"] == "lifespan.app.returned":
            if self._lifespan_error is not None:
                raise self._lifespan_error
            raise RuntimeError(f"The application returned instead of sending {done!r}")
        if message["type"] == failed:
            raise RuntimeError(message.get("message") or failed)

    def _stop_loop(self) -> None:
        if self._loop is not None:
            if self._lifespan is not None:
                self._loop.run(cancel(self._lifespan))
            self._loop.stop()
        self._loop = self._lifespan = self._lifespan_queue = self._lifespan_replies = None

    def close(self) -> None:
        """Stop the loop thread if ``__exit__`` did not (for clients used without ``with``)."""
        self._stop_loop()
