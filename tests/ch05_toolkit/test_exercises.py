"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from chapters.ch05_toolkit import JSONResponse, PlainTextResponse, Request
from chapters.ch05_toolkit.convertors import CONVERTOR_TYPES, Convertor
from chapters.ch05_toolkit.exercises import (
    ExerciseFailed,
    check_request_id_middleware,
    check_slug_convertor,
    check_value_error_handler,
)
from chapters.ch05_toolkit.headers import MutableHeaders
from chapters.ch05_toolkit.types import ASGIApp, Message, Receive, Scope, Send
from tests.ch05_toolkit import solutions
from tests.ch05_toolkit.solutions import RequestIDMiddleware, SlugConvertor


@pytest.fixture(autouse=True)
def _forget_the_slug_convertor() -> Any:
    """The slug check registers ``{x:slug}`` globally; leave the registry as it was."""
    before = dict(CONVERTOR_TYPES)
    yield
    CONVERTOR_TYPES.clear()
    CONVERTOR_TYPES.update(before)


CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_value_error_handler, solutions.value_error_handler),
    (check_slug_convertor, solutions.SlugConvertor),
    (check_slug_convertor, solutions.SlugConvertor()),  # an instance is accepted too
    (check_request_id_middleware, solutions.RequestIDMiddleware),
]


@pytest.mark.parametrize(
    ("check", "solution"), CHECKS, ids=["handler", "slug-class", "slug-instance", "request-id"]
)
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


def sync_value_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


def test_a_sync_handler_passes_too() -> None:
    assert check_value_error_handler(sync_value_error_handler) == "passed"


# --- placeholders, as the notebook gives them ---------------------------------------------------


async def handler_placeholder(request: Request, exc: Exception) -> JSONResponse:
    raise NotImplementedError  # exercise 1


class SlugPlaceholder(Convertor[str]):
    regex = ""

    def convert(self, value: str) -> str:
        raise NotImplementedError  # exercise 2

    def to_string(self, value: str) -> str:
        raise NotImplementedError  # exercise 2


class SlugHalfDone(SlugPlaceholder):
    regex = "[a-z0-9]+(?:-[a-z0-9]+)*"

    def convert(self, value: str) -> str:
        return value


class RequestIDPlaceholder:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError  # exercise 3


class RequestIDHalfDone(RequestIDPlaceholder):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raise NotImplementedError("the header")


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_value_error_handler, handler_placeholder),
        (check_value_error_handler, None),
        (check_slug_convertor, SlugPlaceholder),
        (check_slug_convertor, SlugHalfDone),
        (check_slug_convertor, None),
        (check_request_id_middleware, RequestIDPlaceholder),
        (check_request_id_middleware, RequestIDHalfDone),
        (check_request_id_middleware, None),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


# --- exercise 1: wrong answers --------------------------------------------------------------------


async def answers_422(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=422)


async def answers_text(request: Request, exc: Exception) -> PlainTextResponse:
    return PlainTextResponse(str(exc), status_code=400)


async def answers_a_dict(request: Request, exc: Exception) -> Any:
    return {"detail": str(exc)}


async def fixed_detail(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "bad request"}, status_code=400)


async def crashes(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, status_code=400)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (answers_422, "expected 400"),
        (answers_text, "return a JSONResponse"),
        (answers_a_dict, "not a response"),
        (fixed_detail, r"str\(exc\)"),
        (crashes, "your handler raised AttributeError"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_wrong_handler_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_value_error_handler(wrong)


# --- exercise 2: wrong answers --------------------------------------------------------------------


def slug(regex: str = SlugConvertor.regex, *, convert: Any = None, strict: bool = True) -> type:
    class Wrong(SlugConvertor):
        def to_string(self, value: str) -> str:
            return super().to_string(value) if strict else str(value)

    Wrong.regex = regex
    if convert is not None:
        Wrong.convert = lambda self, value: convert(value)  # type: ignore[method-assign]
    return Wrong


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (slug("[a-z0-9-]+"), "is not a slug"),
        (slug("[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*"), "'Hello' is not a slug"),
        (slug(r"\w+(?:-\w+)*"), "is not a slug"),
        (slug("[a-z]+(?:-[a-z]+)*"), "'top-10' is a slug"),
        (slug("[a-z0-9]+(?:-[a-z0-9]+"), "not a valid regular expression"),
        (slug(convert=lambda value: value.split("-")), "unchanged"),
        (slug(strict=False), "should raise ValueError"),
    ],
    ids=[
        "hyphens-anywhere",
        "uppercase",
        "underscore",
        "no-digits",
        "bad-regex",
        "splits",
        "builds-anything",
    ],
)
def test_wrong_slug_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_slug_convertor(wrong)


# --- exercise 3: wrong answers --------------------------------------------------------------------


def request_id(
    *,
    reuse: str = "valid",
    state: bool = True,
    header: Callable[[str], Any] = lambda rid: (b"x-request-id", rid.encode()),
    replace: bool = False,
    make_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    http_only: bool = True,
) -> type:
    """A ``RequestIDMiddleware`` with one thing done wrong, chosen by the keyword arguments."""

    class Wrong(RequestIDMiddleware):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if http_only and scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            given = dict(scope["headers"]).get(b"x-request-id", b"").decode()
            valid = {"valid": solutions.VALID_ID.fullmatch(given), "any": given, "never": False}[
                reuse
            ]
            rid = given if valid else make_id()
            if state:
                scope.setdefault("state", {})["request_id"] = rid

            async def tagged(message: Message) -> None:
                if message["type"] == "http.response.start":
                    extra = [header(rid)]
                    message = {
                        **message,
                        "headers": extra if replace else [*message["headers"], *extra],
                    }
                await send(message)

            await self.app(scope, receive, tagged)

    return Wrong


class AddsTheHeaderTwice(RequestIDMiddleware):
    """Wrong: sets the header, then appends a second one."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["x-request-id"] = "fixed"
                MutableHeaders(scope=message).append("x-request-id", "again")
            await send(message)

        await self.app(scope, receive, tagged)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (request_id(header=lambda rid: ("x-request-id", rid)), "not a pair of bytes"),
        (request_id(header=lambda rid: (b"X-Request-ID", rid.encode())), "lowercase"),
        (request_id(state=False), "store the same id"),
        (request_id(make_id=lambda: "always-the-same"), "same id"),
        (request_id(make_id=lambda: str(uuid.uuid4()) * 2), "1 to 64"),
        (request_id(reuse="never"), "reuse a valid id"),
        (request_id(reuse="any"), "must be replaced"),
        (request_id(replace=True), "don't replace them"),
        (request_id(http_only=False), "lifespan"),
        (AddsTheHeaderTwice, "appears 2 times"),
        (lambda app: app, "no b'x-request-id' header"),
    ],
    ids=[
        "str-header", "capitalised", "no-state", "constant", "too-long", "never-reuses",
        "echoes-anything", "replaces-headers", "lifespan", "twice", "does-nothing",
    ],
)  # fmt: skip
def test_wrong_request_id_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_request_id_middleware(wrong)


# --- the line to reproduce a failed request -------------------------------------------------------

REPRODUCE = "  reproduce, with client = TestClient(app): "


@pytest.mark.parametrize(
    ("check", "wrong", "line"),
    [
        (check_value_error_handler, answers_422, "client.get('/number', params={'n': 'abc'})"),
        (
            check_request_id_middleware,
            request_id(reuse="any"),
            "client.get('/', headers={'x-request-id': '<script>alert(1)</script>'})",
        ),
        (check_request_id_middleware, AddsTheHeaderTwice, "client.get('/')"),  # sent by hand
    ],
    ids=["handler", "request-id", "by-hand"],
)
def test_a_failed_request_ends_with_the_line_to_send_it_again(
    check: Callable[..., str], wrong: Any, line: str
) -> None:
    with pytest.raises(ExerciseFailed) as failed:
        check(wrong)
    assert str(failed.value).splitlines()[-1] == REPRODUCE + line


@pytest.mark.parametrize(
    ("check", "wrong"),
    [
        (check_slug_convertor, slug(strict=False)),  # url_path_for, after two requests
        (check_request_id_middleware, request_id(http_only=False)),  # the lifespan, after many
    ],
    ids=["url-building", "lifespan"],
)
def test_a_failure_that_is_no_request_names_none(check: Callable[..., str], wrong: Any) -> None:
    with pytest.raises(ExerciseFailed) as failed:
        check(wrong)
    assert "reproduce" not in str(failed.value)
