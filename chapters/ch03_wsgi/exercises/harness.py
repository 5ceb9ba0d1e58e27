"""What the chapter 03 checks share: serving the reader's app, and one request to it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from wsgiref.validate import validator

import requests

from chapters.ch03_wsgi.server import make_server
from chapters.ch03_wsgi.types import WSGIApplication
from chapters.support import serve_in_background
from chapters.support.exercises import ExerciseFailed


@contextmanager
def serving(app: WSGIApplication) -> Iterator[str]:
    """The app, validated, on our server; yields its base URL; stopped on exit."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with serve_in_background(make_server("127.0.0.1", 0, validator(app))) as server:
            yield f"http://127.0.0.1:{server.port}"


def fetch(base: str, path: str, **options: object) -> requests.Response:
    """GET ``path``; a 500 means the app raised (or broke PEP 3333): say so plainly."""
    response = requests.get(base + path, timeout=5, **options)  # type: ignore[arg-type]
    if response.status_code == 500:
        raise ExerciseFailed(
            f"GET {path} answered 500: your app raised an exception, or broke a PEP 3333 rule "
            "that wsgiref's validator checks (the server's log above says which)."
        )
    return response
