"""``GZipMiddleware``: compress responses for clients that say they can decompress them.

Why as middleware: compression is a property of the transfer, not of any one endpoint, so
one layer rewrites every response on its way out. The rules, as in
``starlette.middleware.gzip``:

* only if the request's ``Accept-Encoding`` mentions ``gzip`` (RFC 9110 §12.5.3);
* only from ``minimum_size`` bytes up — below that, the gzip header costs more than it saves
  (decided on the first body chunk; a streamed response is always big enough);
* not if the app already set ``Content-Encoding``, nor for types that are compressed
  already (images, archives) or must not be buffered (``text/event-stream``);
* streamed bodies are compressed chunk by chunk, each chunk flushed (``Z_SYNC_FLUSH``) so
  the client gets it at once; their ``Content-Length`` is dropped, since the compressed
  length is not known up front;
* every response big enough to compress says ``Vary: Accept-Encoding`` (compressed or not),
  so a cache keeps the two forms apart.

The ``http.response.start`` message is held back until the first body chunk, because the
headers depend on the body (its size decides whether to compress at all).
"""

from __future__ import annotations

import zlib

from chapters.ch05_toolkit.headers import Headers, MutableHeaders
from chapters.ch05_toolkit.types import ASGIApp, Message, Receive, Scope, Send

EXCLUDED_CONTENT_TYPES = (
    "application/gzip", "application/zip", "audio/", "font/woff", "image/", "text/event-stream", "video/",
)  # fmt: skip


class GZipMiddleware:
    def __init__(self, app: ASGIApp, minimum_size: int = 500, compresslevel: int = 9) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accepts_gzip = "gzip" in Headers(scope=scope).get("accept-encoding", "")
        level = self.compresslevel if accepts_gzip else None
        await GZipResponder(self.app, self.minimum_size, level)(scope, receive, send)


class GZipResponder:
    """One response's compression state; ``compresslevel=None`` means "client can't gunzip"."""

    def __init__(self, app: ASGIApp, minimum_size: int, compresslevel: int | None) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compressor = None if compresslevel is None else zlib.compressobj(compresslevel, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        self.start: Message = {}
        self.passthrough = False  # send everything as the app gave it
        self.started = False  # the first body chunk (and so the start message) went out

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.send = send
        await self.app(scope, receive, self.send_compressed)

    async def send_compressed(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            self.passthrough = self._must_pass_through(MutableHeaders(scope=message))
            if self.passthrough:
                await self.send(message)
        elif message["type"] != "http.response.body" or self.passthrough:
            await self.send(message)
        elif not self.started:
            self.started = True
            await self._send_first_body(message)
        else:
            message["body"] = self._compress(message.get("body", b""), message.get("more_body", False))
            await self.send(message)

    @staticmethod
    def _must_pass_through(headers: Headers) -> bool:
        content_type = headers.get("content-type", "").partition(";")[0].strip().lower()
        return "content-encoding" in headers or content_type.startswith(EXCLUDED_CONTENT_TYPES)

    async def _send_first_body(self, message: Message) -> None:
        body, more_body = message.get("body", b""), message.get("more_body", False)
        if len(body) >= self.minimum_size or more_body:
            headers = MutableHeaders(scope=self.start)
            headers.add_vary_header("Accept-Encoding")
            if self.compressor is not None:
                message["body"] = self._compress(body, more_body)
                headers["Content-Encoding"] = "gzip"
                if more_body:
                    del headers["Content-Length"]
                else:
                    headers["Content-Length"] = str(len(message["body"]))
        await self.send(self.start)
        await self.send(message)

    def _compress(self, body: bytes, more_body: bool) -> bytes:
        if self.compressor is None:
            return body
        # Z_SYNC_FLUSH pushes out what this chunk compressed to; flush() ends the gzip stream.
        compressed = self.compressor.compress(body)
        return compressed + (self.compressor.flush(zlib.Z_SYNC_FLUSH) if more_body else self.compressor.flush())
