"""Reference solutions to the notebook's exercises (the answer key the checks are tested on)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qs

from chapters.ch03_wsgi import Environ, StartResponse, WSGIApplication


def greet_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    name = parse_qs(environ.get("QUERY_STRING", "")).get("name", ["world"])[0]
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [f"Hello, {name}!".encode()]


def require_api_key(app: WSGIApplication, key: str) -> WSGIApplication:
    def guarded(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("HTTP_X_API_KEY") != key:
            start_response("401 Unauthorized", [("Content-Type", "text/plain")])
            return [b"a valid X-API-Key is required\n"]
        return app(environ, start_response)

    return guarded


def gzip_middleware(app: WSGIApplication) -> WSGIApplication:
    def compressing(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
            return app(environ, start_response)

        def gzip_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: object = None
        ) -> object:
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            return start_response(
                status,
                [*headers, ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")],
                exc_info,
            )

        return GzipBody(app(environ, gzip_start_response))

    return compressing


class GzipBody:
    def __init__(self, body: Iterable[bytes]) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        compressor = zlib.compressobj(wbits=31)  # 31: the gzip container
        for data in self.body:
            yield compressor.compress(data)
        yield compressor.flush()

    def close(self) -> None:
        close = getattr(self.body, "close", None)
        if close is not None:
            close()
