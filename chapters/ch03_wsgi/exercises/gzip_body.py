"""Exercise 3 (stretching): middleware that gzips the body for clients that accept it."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterable, Iterator

from chapters.ch03_wsgi.exercises.harness import fetch, serving
from chapters.ch03_wsgi.types import Environ, StartResponse, WSGIApplication
from chapters.support.exercises import (
    ExerciseFailed,
    Result,
    expect,
    is_placeholder,
    not_attempted,
    passed,
)

TEXT = b"All work and no play makes Jack a dull boy.\n" * 200


class Streamed:
    """A streamed body that remembers whether ``close()`` was called."""

    closed = threading.Event()

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(TEXT), 1000):
            yield TEXT[start : start + 1000]

    def close(self) -> None:
        Streamed.closed.set()


def _app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(TEXT)))])
    return Streamed()


def check_gzip_middleware(
    gzip_middleware: Callable[[WSGIApplication], WSGIApplication] | None,
) -> Result:
    """With ``Accept-Encoding: gzip``: a gzip body, ``Content-Encoding: gzip``, no stale
    Content-Length, and the wrapped body's ``close()`` called. Without it: untouched."""
    title = "Exercise 3, gzip_middleware"
    if is_placeholder(gzip_middleware):
        return not_attempted(title)
    assert gzip_middleware is not None
    with serving(gzip_middleware(_app)) as base:
        Streamed.closed.clear()
        raw = fetch(base, "/", headers={"Accept-Encoding": "gzip"}, stream=True)
        body = raw.raw.read(decode_content=False)
        expect(
            raw.headers.get("content-encoding") == "gzip",
            "with Accept-Encoding: gzip the response needs Content-Encoding: gzip.",
        )
        try:
            expect(
                gzip.decompress(body) == TEXT, "the body, once gunzipped, is not the app's body."
            )
        except (OSError, EOFError):
            raise ExerciseFailed(
                "the body is not valid gzip data (is it still sent as the app gave it?)."
            ) from None
        expect(len(body) < len(TEXT), "the gzip body should be smaller than the original.")
        expect(
            raw.headers.get("content-length") in (None, str(len(body))),
            "Content-Length must be the compressed size, or absent.",
        )
        expect(
            Streamed.closed.wait(2),  # the server closes the body just after sending its end
            "the wrapped app's body was never closed: call its close() from yours (PEP 3333).",
        )
        plain = fetch(base, "/", headers={"Accept-Encoding": "identity"})
        expect(
            plain.headers.get("content-encoding") is None and plain.content == TEXT,
            "without gzip in Accept-Encoding, send the body as it is.",
        )
    return passed(title)
