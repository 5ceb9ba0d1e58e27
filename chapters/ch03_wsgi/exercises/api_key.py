"""Exercise 2: middleware that lets a request through only with the right ``X-API-Key``."""

from __future__ import annotations

from collections.abc import Callable

from chapters.ch03_wsgi.apps import hello_app
from chapters.ch03_wsgi.exercises.harness import fetch, serving
from chapters.ch03_wsgi.types import WSGIApplication
from chapters.support.exercises import Result, expect, is_placeholder, not_attempted, passed

KEY = "s3cret"


def check_require_api_key(
    require_api_key: Callable[[WSGIApplication, str], WSGIApplication] | None,
) -> Result:
    """``require_api_key(app, key)`` answers 401 unless the request's X-API-Key is ``key``."""
    title = "Exercise 2, require_api_key"
    if is_placeholder(require_api_key):
        return not_attempted(title)
    assert require_api_key is not None
    with serving(require_api_key(hello_app, KEY)) as base:
        allowed = fetch(base, "/", headers={"X-API-Key": KEY})
        expect(
            allowed.status_code == 200 and allowed.content == b"Hello, WSGI!\n",
            f"with the right key the app's own answer must come through; got {allowed.status_code} {allowed.content[:60]!r}.",
        )
        for headers, case in (
            ({}, "without X-API-Key"),
            ({"X-API-Key": "wrong"}, "with a wrong key"),
        ):
            refused = fetch(base, "/", headers=headers)
            expect(
                refused.status_code == 401,
                f"{case} the answer must be 401, got {refused.status_code}. "
                "Hint: the header arrives as environ['HTTP_X_API_KEY'].",
            )
            expect(
                b"Hello" not in refused.content,
                f"{case} the wrapped app must not run (its body came back).",
            )
    return passed(title)
