"""Exercise 1: a bare-spec WSGI app that greets the name given in the query string."""

from __future__ import annotations

from chapters.ch03_wsgi.exercises.harness import fetch, serving
from chapters.ch03_wsgi.types import WSGIApplication
from chapters.support.exercises import Result, expect, is_placeholder, not_attempted, passed

CASES = [
    ("/", "Hello, world!"),
    ("/?name=Ada", "Hello, Ada!"),
    ("/?name=Jos%C3%A9", "Hello, José!"),
    ("/other?name=Bo", "Hello, Bo!"),
]


def check_greet_app(app: WSGIApplication | None) -> Result:
    """``GET /?name=Ada`` answers ``Hello, Ada!`` as UTF-8 text; no name means ``world``."""
    title = "Exercise 1, greet_app"
    if is_placeholder(app):
        return not_attempted(title)
    assert app is not None
    with serving(app) as base:
        for path, text in CASES:
            response = fetch(base, path)
            expect(
                response.status_code == 200,
                f"GET {path} answered {response.status_code}, expected 200.",
            )
            expect(
                response.content == text.encode(),
                f"GET {path} answered {response.content!r}, expected {text.encode()!r}. "
                "Hint: urllib.parse.parse_qs(environ['QUERY_STRING']) decodes %C3%A9 for you.",
            )
            content_type = response.headers.get("content-type", "")
            expect(
                content_type.startswith("text/plain"),
                f"Content-Type is {content_type!r}, expected text/plain; charset=utf-8.",
            )
    return passed(title)
