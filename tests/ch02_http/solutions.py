"""Reference solutions to the exercises of ``notebooks/02_http.ipynb`` (the answer key).

``tests/ch02_http/test_exercises.py`` runs every check of ``chapters/ch02_http/exercises/``
against these.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from chapters.ch02_http import Connection, RemoteProtocolError, Request
from chapters.ch02_http.app import make_app
from chapters.ch02_http.messages import Handler, HTTPRequest, HTTPResponse
from chapters.ch02_http.static import StaticFiles

# --- exercise 1: GET /time -------------------------------------------------------------------


def make_app_with_time(directory: str | os.PathLike[str] | None = None) -> Handler:
    """The chapter's app, with one more route in front of it (a wrapper, not a copy)."""
    app = make_app(directory)

    def app_with_time(request: HTTPRequest) -> HTTPResponse:
        if request.path != "/time":
            return app(request)
        if request.method not in ("GET", "HEAD"):
            return HTTPResponse(status=405, headers=[(b"allow", b"GET, HEAD")])
        return HTTPResponse.text(datetime.now(UTC).isoformat() + "\n")

    return app_with_time


# --- exercise 2: ETag and If-None-Match ---------------------------------------------------------


def opaque_tag(etag: bytes) -> bytes:
    """The part of an entity-tag that the weak comparison looks at: ``W/"x"`` -> ``"x"``."""
    return etag.strip().removeprefix(b"W/")


class ETagStaticFiles(StaticFiles):
    """Static files with an ETag built from modification time and size, as nginx does."""

    def file(self, path: Path, *, send_body: bool) -> HTTPResponse:
        response = super().file(path, send_body=send_body)
        stat = path.stat()
        response.headers.append((b"etag", b'"%x-%x"' % (stat.st_mtime_ns, stat.st_size)))
        return response

    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        response = super().__call__(request)
        etag = next((value for name, value in response.headers if name == b"etag"), None)
        wanted = request.header("if-none-match")
        if response.status != 200 or etag is None or wanted is None:
            return response
        tags = [opaque_tag(tag.encode("latin-1")) for tag in wanted.split(",")]
        if b"*" in tags or opaque_tag(etag) in tags:  # the weak comparison, RFC 9110 §13.1.2
            close = getattr(response.body, "close", None)
            if close is not None:
                close()  # the file was opened for nothing
            return HTTPResponse(status=304, headers=[(b"etag", etag)])
        return response


# --- exercise 3: max_header_count ----------------------------------------------------------------


class LimitedConnection(Connection):
    """A :class:`Connection` that refuses more than ``max_header_count`` header lines (431)."""

    def __init__(self, *, max_header_count: int = 100, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.max_header_count = max_header_count

    def check_request(self, request: Request) -> None:
        # Called by next_event() with each new request head: an error raised here marks the
        # client ERROR, exactly like the checks Connection makes itself.
        if len(request.headers) > self.max_header_count:
            raise RemoteProtocolError(
                f"more than {self.max_header_count} header lines", status_hint=431
            )
        super().check_request(request)
