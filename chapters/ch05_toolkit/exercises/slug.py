"""Exercise 2 (medium): a ``{name:slug}`` path convertor."""

from __future__ import annotations

import re
from typing import Any

from chapters.ch05_toolkit import (
    JSONResponse,
    Match,
    NoMatchFound,
    Request,
    Route,
    Starlette,
    TestClient,
)
from chapters.ch05_toolkit.convertors import Convertor, register_url_convertor
from chapters.ch05_toolkit.exercises.harness import NotAttempted, guarded, http_scope, untouched
from chapters.support.exercises import (
    ExerciseFailed,
    Result,
    expect,
    forget_request,
    not_attempted,
    passed,
    sent,
    with_reproducer,
)

TITLE = "Exercise 2, SlugConvertor"
SLUGS = ["hello-world", "top-10", "a", "2024", "python-3-13"]
NOT_SLUGS = ["Hello", "hello_world", "-hello", "hello-", "hello--world", "hello.html", "héllo"]


async def _post(request: Request) -> JSONResponse:
    return JSONResponse({"slug": request.path_params["slug"]})


@with_reproducer
def check_slug_convertor(convertor: type[Convertor[Any]] | Convertor[Any] | None) -> Result:
    """Exercise 2: ``SlugConvertor`` matches lowercase words of letters and digits joined by
    single hyphens, gives the endpoint the text unchanged, and refuses to build a URL from
    anything else (``to_string`` raises ``ValueError``)."""
    if convertor is None or untouched(
        convertor if isinstance(convertor, type) else type(convertor), "convert", "to_string"
    ):
        return not_attempted(TITLE)
    try:
        instance = guarded(
            lambda: convertor() if isinstance(convertor, type) else convertor, "SlugConvertor()"
        )
        _check_regex(instance)
        register_url_convertor("slug", instance)
        route = guarded(
            lambda: Route("/posts/{slug:slug}", _post, name="post"),
            "Route('/posts/{slug:slug}', ...)",
        )
        _check_matching(route)
        _check_app()
        _check_url_building(route)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _check_regex(instance: Convertor[Any]) -> None:
    regex = getattr(instance, "regex", "")
    expect(
        isinstance(regex, str) and regex != "",
        f"SlugConvertor.regex is {regex!r}: set it to a regular expression (a str) for one slug.",
    )
    try:
        re.compile(regex)
    except re.error as error:
        raise ExerciseFailed(
            f"SlugConvertor.regex {regex!r} is not a valid regular expression: {error}"
        ) from None


def _matches(route: Route, path: str) -> tuple[Match, dict[str, Any]]:
    return guarded(lambda: route.matches(http_scope(path)), f"matching {path}")  # type: ignore[no-any-return]


def _check_matching(route: Route) -> None:
    for slug in SLUGS:
        match, child = _matches(route, f"/posts/{slug}")
        expect(
            match is Match.FULL,
            f"/posts/{slug} gave {match}, expected Match.FULL: {slug!r} is a slug "
            "(lowercase letters and digits, words joined by single hyphens).",
        )
        value = child["path_params"]["slug"]
        expect(
            value == slug and type(value) is str,
            f"for /posts/{slug} the endpoint got path_params['slug'] = {value!r}, expected the "
            f"text {slug!r} unchanged: convert() returns its argument.",
        )
    for text in NOT_SLUGS:
        match, _ = _matches(route, f"/posts/{text}")
        expect(
            match is Match.NONE,
            f"/posts/{text} gave {match}, expected Match.NONE: {text!r} is not a slug. The "
            "route's regex is '^/posts/' + your regex + '$'; build it from words "
            "[a-z0-9]+ with '-' only between two of them.",
        )


def _check_app() -> None:
    client = TestClient(Starlette(routes=[Route("/posts/{slug:slug}", _post)]))
    found = sent(client, "GET", "/posts/hello-world")
    expect(
        found.status_code == 200 and found.json() == {"slug": "hello-world"},
        f"in an application, GET /posts/hello-world answered {found.status_code} {found.text!r}, "
        "expected 200 {'slug': 'hello-world'}.",
    )
    missing = sent(client, "GET", "/posts/Hello-World")
    expect(
        missing.status_code == 404,
        f"GET /posts/Hello-World answered {missing.status_code}, expected 404 (no route matches).",
    )


def _check_url_building(route: Route) -> None:
    forget_request()  # building URLs sends no request
    built = guarded(
        lambda: str(route.url_path_for("post", slug="top-10")),
        "url_path_for('post', slug='top-10')",
    )
    expect(
        built == "/posts/top-10",
        f"url_path_for('post', slug='top-10') gave {built!r}, expected '/posts/top-10'.",
    )
    for text in ("Not a slug", "a/b", ""):
        try:
            built = route.url_path_for("post", slug=text)
        except NotImplementedError:
            raise NotAttempted from None
        except ValueError:
            continue
        except NoMatchFound as error:
            raise ExerciseFailed(f"url_path_for('post', slug={text!r}) raised {error!r}") from error
        raise ExerciseFailed(
            f"url_path_for('post', slug={text!r}) built {str(built)!r}, a URL that this very route "
            "would not match: to_string() should raise ValueError for anything that is not a slug."
        )
