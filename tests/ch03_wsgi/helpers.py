"""Helpers for the chapter 03 tests: a server to test, and a watch on wsgiref's validator.

``wsgiref.validate.validator`` checks both sides of PEP 3333 around an application. Some of
its complaints are exceptions inside the app (our server turns them into a 500 and logs
them), some are warnings, and one (an iterable never closed) is raised from ``__del__``,
where Python only reports it to ``sys.unraisablehook``. :func:`validator_watch` collects all
three, so a test can assert that there were none.
"""

from __future__ import annotations

import gc
import logging
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.validate import WSGIWarning

from chapters.ch03_wsgi import WSGIApplication, make_server
from chapters.support import serve_in_background

HOST = "127.0.0.1"


@contextmanager
def running(app: WSGIApplication, **options: Any) -> Iterator[Any]:
    """Our WSGI server on a free port of 127.0.0.1, stopped (and joined) on exit."""
    with serve_in_background(make_server(HOST, 0, app, **options)) as server:
        yield server


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


@contextmanager
def validator_watch() -> Iterator[list[str]]:
    """Collect every validator complaint (and any server error log) raised inside the block."""
    problems: list[str] = []
    collector = _Collector()
    logger = logging.getLogger("chapters.ch03_wsgi")
    logger.addHandler(collector)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: problems.append(f"unraisable: {unraisable.exc_value!r}")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", WSGIWarning)
            yield problems
            gc.collect()  # run the validator's __del__ checks now, inside the watch
        problems.extend(
            f"warning: {w.message}" for w in caught if issubclass(w.category, WSGIWarning)
        )
        problems.extend(f"server log: {line}" for line in collector.records)
    finally:
        sys.unraisablehook = previous_hook
        logger.removeHandler(collector)
