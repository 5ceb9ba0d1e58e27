"""Responses: objects that know how to send themselves as ASGI messages.

Why objects: an endpoint returns "JSON, status 201, this cookie"; turning that into a
``http.response.start`` message (status, header byte pairs) and ``http.response.body``
messages is the same every time. A :class:`Response` is itself an ASGI application —
``await response(scope, receive, send)`` — so the router simply calls what the endpoint
returned, and a test can use a response as the whole app.

Names, signatures and headers mirror ``starlette.responses``: ``Content-Length`` is computed
from the rendered body (not for 1xx/204/304), ``Content-Type`` gets ``; charset=utf-8`` for
``text/*`` types, and headers passed in win over the computed ones. One deliberate
difference: to a ``HEAD`` request we send the headers and an empty body (RFC 9110 §9.3.2),
where Starlette sends the body and relies on the server to drop it.
"""

from __future__ import annotations

import functools
import hashlib
import http.cookies
import json
import os
import stat
from collections.abc import AsyncIterable, Iterable, Mapping
from datetime import datetime
from email.utils import format_datetime, formatdate
from mimetypes import guess_type
from typing import Any, Literal
from urllib.parse import quote

from chapters.ch05_toolkit.background import BackgroundTask
from chapters.ch05_toolkit.concurrency import (
    first_completed,
    iterate_in_threadpool,
    run_in_threadpool,
)
from chapters.ch05_toolkit.datastructures import URL, MutableHeaders
from chapters.ch05_toolkit.types import Receive, Scope, Send

__all__ = [
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "PlainTextResponse",
    "RedirectResponse",
    "Response",
    "StreamingResponse",
]


@functools.lru_cache(maxsize=64)
def content_type_value(media_type: str, charset: str) -> bytes:
    """``text/plain`` -> ``b"text/plain; charset=utf-8"``: text needs its charset said.

    Cached: a handful of media types serve every response of an app.
    """
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        media_type += f"; charset={charset}"
    return media_type.encode("latin-1")


def is_head(scope: Scope) -> bool:
    return scope.get("type") == "http" and scope.get("method") == "HEAD"  # ASGI: uppercase


class Response:
    """A complete response whose body is known up front.

    Subclasses set ``media_type`` and override :meth:`render` (content -> bytes).
    """

    media_type: str | None = None
    charset = "utf-8"

    def __init__(
        self,
        content: Any = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.body = self.render(content)
        self.init_headers(headers)

    def render(self, content: Any) -> bytes:
        if content is None:
            return b""
        if isinstance(content, (bytes, memoryview)):
            return bytes(content)
        return content.encode(self.charset)

    def init_headers(self, headers: Mapping[str, str] | None = None) -> None:
        """Build ``raw_headers``: the given ones, then Content-Length and Content-Type
        unless given. A body-less status (1xx, 204, 304) gets no Content-Length
        (RFC 9110 §8.6); a subclass without a ``body`` (streaming) gets none either."""
        raw: list[tuple[bytes, bytes]] = []
        given: set[bytes] = set()
        if headers:  # most responses give none: skip the work (this runs for every response)
            raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
            given = {name for name, _ in raw}
        body = getattr(self, "body", None)
        bodiless_status = self.status_code < 200 or self.status_code in (204, 304)
        if body is not None and b"content-length" not in given and not bodiless_status:
            raw.append((b"content-length", b"%d" % len(body)))
        if self.media_type is not None and b"content-type" not in given:
            raw.append((b"content-type", content_type_value(self.media_type, self.charset)))
        self.raw_headers = raw

    @property
    def headers(self) -> MutableHeaders:
        """The headers to send, editable in place (middleware and endpoints add to them)."""
        if not hasattr(self, "_headers"):
            self._headers = MutableHeaders(raw=self.raw_headers)
        return self._headers

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: int | None = None,
        expires: datetime | str | int | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
    ) -> None:
        """Add a ``Set-Cookie`` header (RFC 6265 §4.1), quoted by ``http.cookies``."""
        if samesite is not None and samesite.lower() not in ("strict", "lax", "none"):
            raise ValueError("samesite must be 'strict', 'lax' or 'none'")
        cookie: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
        cookie[key] = value
        morsel = cookie[key]
        if isinstance(expires, datetime):
            expires = format_datetime(expires, usegmt=True)
        attributes = {
            "max-age": max_age,
            "expires": expires,
            "path": path,
            "domain": domain,
            "samesite": samesite,
        }
        for name, attribute in attributes.items():
            if attribute is not None:
                morsel[name] = attribute
        if secure:
            morsel["secure"] = True
        if httponly:
            morsel["httponly"] = True
        self.raw_headers.append((b"set-cookie", cookie.output(header="").strip().encode("latin-1")))

    def delete_cookie(
        self,
        key: str,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
    ) -> None:
        """Ask the client to forget a cookie: same name and scope, expired now."""
        self.set_cookie(
            key,
            max_age=0,
            expires=0,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        await send({"type": "http.response.body", "body": b"" if is_head(scope) else self.body})
        if self.background is not None:
            await self.background()


class HTMLResponse(Response):
    media_type = "text/html"


class PlainTextResponse(Response):
    media_type = "text/plain"


class JSONResponse(Response):
    """JSON in its compact form, UTF-8 rather than ``\\uXXXX`` escapes, and no NaN (which
    JSON does not have: ``allow_nan=False`` raises instead of sending invalid JSON)."""

    media_type = "application/json"

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        super().__init__(content, status_code, headers, media_type, background)

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
        ).encode()


class RedirectResponse(Response):
    """``307 Temporary Redirect`` by default: unlike 302, the client must repeat the same
    method and body (RFC 9110 §15.4.8). The URL is percent-encoded where it must be."""

    def __init__(
        self,
        url: str | URL,
        status_code: int = 307,
        headers: Mapping[str, str] | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        super().__init__(
            content=b"", status_code=status_code, headers=headers, background=background
        )
        self.headers["location"] = quote(str(url), safe=":/%#?=@[]!$&'()*+,;")


Content = str | bytes | memoryview


class StreamingResponse(Response):
    """A body produced piece by piece: each item of ``content`` is one body message.

    ``content`` may be an async iterable or a plain one; a plain iterator is advanced in a
    worker thread, so a blocking generator (reading a file, a slow query) does not stall the
    loop. There is no Content-Length: the server frames the body with chunked encoding.
    While streaming we also listen for ``http.disconnect`` and stop early when the client
    leaves (Starlette does the same for ASGI servers older than spec version 2.4).
    """

    def __init__(
        self,
        content: AsyncIterable[Content] | Iterable[Content],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        if isinstance(content, AsyncIterable):
            self.body_iterator: AsyncIterable[Content] = content
        else:
            self.body_iterator = iterate_in_threadpool(content)
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.init_headers(headers)

    async def stream_response(self, send: Send, *, head: bool = False) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        if not head:
            async for chunk in self.body_iterator:
                if isinstance(chunk, str):
                    chunk = chunk.encode(self.charset)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    @staticmethod
    async def listen_for_disconnect(receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass  # a request body nobody read: drain it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await first_completed(
            self.stream_response(send, head=is_head(scope)), self.listen_for_disconnect(receive)
        )
        if self.background is not None:
            await self.background()


class FileResponse(Response):
    """A file from disk, streamed in ``chunk_size`` pieces read in a worker thread.

    Headers, as Starlette sets them: Content-Type guessed from the file name,
    Content-Length, Last-Modified and an ETag from the file's ``stat()`` (size and mtime, so
    it changes when the file does), and ``Content-Disposition`` when ``filename`` is given
    (RFC 6266; ``filename*`` with UTF-8 percent-encoding for non-ASCII names). ``stat()``
    happens when the response is sent, unless a ``stat_result`` is passed in.

    ``method`` (older Starlette versions) forces the request method; otherwise the scope's
    is used. Left out: ``Range`` requests (206), so no ``Accept-Ranges`` is advertised, and
    conditional requests (304), which Starlette leaves to ``StaticFiles``.
    """

    chunk_size = 64 * 1024

    def __init__(
        self,
        path: str | os.PathLike[str],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
        filename: str | None = None,
        stat_result: os.stat_result | None = None,
        method: str | None = None,
        content_disposition_type: str = "attachment",
    ) -> None:
        self.path = path
        self.status_code = status_code
        self.filename = filename
        self.send_header_only = method is not None and method.upper() == "HEAD"
        self.media_type = (
            media_type or guess_type(filename or path)[0] or "application/octet-stream"
        )
        self.background = background
        self.init_headers(headers)
        if filename is not None:
            quoted = quote(filename)
            disposition = (
                f'{content_disposition_type}; filename="{filename}"'
                if quoted == filename
                else f"{content_disposition_type}; filename*=utf-8''{quoted}"
            )
            self.headers.setdefault("content-disposition", disposition)
        self.stat_result = stat_result
        if stat_result is not None:
            self.set_stat_headers(stat_result)

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        version = f"{stat_result.st_mtime}-{stat_result.st_size}".encode()
        self.headers.setdefault("content-length", str(stat_result.st_size))
        self.headers.setdefault("last-modified", formatdate(stat_result.st_mtime, usegmt=True))
        self.headers.setdefault(
            "etag", f'"{hashlib.md5(version, usedforsecurity=False).hexdigest()}"'
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.stat_result is None:
            try:
                stat_result = await run_in_threadpool(os.stat, self.path)
            except FileNotFoundError:
                raise RuntimeError(f"File at path {self.path} does not exist.") from None
            if not stat.S_ISREG(stat_result.st_mode):
                raise RuntimeError(f"File at path {self.path} is not a file.")
            self.set_stat_headers(stat_result)
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        if self.send_header_only or is_head(scope):
            await send({"type": "http.response.body", "body": b""})
        else:
            await first_completed(
                self.send_file(send), StreamingResponse.listen_for_disconnect(receive)
            )
        if self.background is not None:
            await self.background()

    async def send_file(self, send: Send) -> None:
        file = await run_in_threadpool(open, self.path, "rb")
        try:
            more_body = True
            while more_body:
                chunk = await run_in_threadpool(file.read, self.chunk_size)
                more_body = len(chunk) == self.chunk_size
                await send({"type": "http.response.body", "body": chunk, "more_body": more_body})
        finally:
            await run_in_threadpool(file.close)
