"""WSGI middleware: a WSGI application that wraps a WSGI application.

To the server, middleware is an application; to the application, it is a server. It can
rewrite the environ on the way in, and the status, headers and body on the way out, by
passing its own ``start_response`` to the app. This is how Flask's debugger, Werkzeug's
``ProxyFix`` and Sentry's integration plug into any framework.

The one rule that is easy to get wrong: a middleware that wraps the response iterable must
pass ``close()`` on to the iterable it wraps (PEP 3333), or the app's cleanup never runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator

from chapters.ch03_wsgi.types import (
    Environ,
    ExcInfo,
    ResponseHeaders,
    StartResponse,
    Write,
    WSGIApplication,
)

access_logger = logging.getLogger("chapters.ch03_wsgi.access")


class Timing:
    """Add ``Server-Timing: app;dur=<ms>``: the time the app took to call ``start_response``.

    (W3C Server Timing: browsers show it in their developer tools.)
    """

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        start = time.perf_counter()

        def timed_start_response(
            status: str, headers: ResponseHeaders, exc_info: ExcInfo | None = None
        ) -> Write:
            duration = (time.perf_counter() - start) * 1000
            return start_response(
                status, [*headers, ("Server-Timing", f"app;dur={duration:.3f}")], exc_info
            )

        return self.app(environ, timed_start_response)


class RequestLogging:
    """Log one line per request once its body is sent: ``GET /path 200 13B 0.4ms``.

    The line is written in ``close()``, because only then is the response really over: a
    streamed body may take minutes after ``start_response`` was called.
    """

    def __init__(self, app: WSGIApplication, logger: logging.Logger = access_logger) -> None:
        self.app = app
        self.logger = logger

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        start = time.perf_counter()
        status = ["-"]

        def logging_start_response(
            status_line: str, headers: ResponseHeaders, exc_info: ExcInfo | None = None
        ) -> Write:
            status[0] = status_line.split(" ", 1)[0]
            return start_response(status_line, headers, exc_info)

        def log(sent: int) -> None:
            duration = (time.perf_counter() - start) * 1000
            path = environ.get("RAW_URI") or environ.get("PATH_INFO", "")
            self.logger.info(
                "%s %s %s %dB %.1fms", environ["REQUEST_METHOD"], path, status[0], sent, duration
            )

        return CountingBody(self.app(environ, logging_start_response), on_close=log)


class CountingBody:
    """Wrap a response iterable: count the bytes it yields, call ``on_close`` when closed."""

    def __init__(self, iterable: Iterable[bytes], on_close: Callable[[int], None]) -> None:
        self.iterable = iterable
        self.on_close = on_close
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for data in self.iterable:
            self.sent += len(data)
            yield data

    def close(self) -> None:
        try:
            close = getattr(self.iterable, "close", None)
            if close is not None:
                close()  # the wrapped app's cleanup first, whatever we do
        finally:
            self.on_close(self.sent)
