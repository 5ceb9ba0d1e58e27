"""The notebook's exercise checks against the answer key and against wrong answers."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from chapters.ch03_wsgi import Environ, StartResponse, WSGIApplication
from chapters.ch03_wsgi.exercises import (
    ExerciseFailed,
    check_greet_app,
    check_gzip_middleware,
    check_require_api_key,
)
from tests.ch03_wsgi import solutions

CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_greet_app, solutions.greet_app),
    (check_require_api_key, solutions.require_api_key),
    (check_gzip_middleware, solutions.gzip_middleware),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


def greet_placeholder(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    raise NotImplementedError


def middleware_placeholder(app: WSGIApplication, key: str = "") -> WSGIApplication:
    """Your middleware here."""
    raise NotImplementedError


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_greet_app, greet_placeholder),
        (check_require_api_key, middleware_placeholder),
        (check_gzip_middleware, middleware_placeholder),
    ],
)
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


def greet_without_decoding(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    query = environ.get("QUERY_STRING", "")
    name = query.split("=", 1)[1] if "=" in query else "world"
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [f"Hello, {name}!".encode()]


def greet_returning_str(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return ["Hello, world!"]  # type: ignore[list-item]


def key_checked_after_the_app(app: WSGIApplication, key: str) -> WSGIApplication:
    def guarded(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        return body if environ.get("HTTP_X_API_KEY") == key else [b"no"]

    return guarded


def gzip_forgetting_close(app: WSGIApplication) -> WSGIApplication:
    def compressing(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
            return app(environ, start_response)

        def patched(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> object:
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            return start_response(status, [*headers, ("Content-Encoding", "gzip")], exc_info)

        return [gzip.compress(b"".join(app(environ, patched)))]  # never closes the app's body

    return compressing


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (check_greet_app, greet_without_decoding, "parse_qs"),
        (check_greet_app, greet_returning_str, "answered 500"),
        (check_require_api_key, key_checked_after_the_app, "must be 401"),
        (check_gzip_middleware, gzip_forgetting_close, "never closed"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_a_wrong_answer_fails_with_a_useful_message(
    check: Callable[..., str], wrong: Any, message: str
) -> None:
    with pytest.raises(ExerciseFailed, match=message):
        check(wrong)
