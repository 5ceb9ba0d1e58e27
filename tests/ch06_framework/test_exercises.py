"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom). The checks' tables are also held against
real pydantic and FastAPI, so that an exercise never asks for something they would not do.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Annotated, Any

import fastapi
import pydantic
import pytest

from chapters.ch06_framework import (
    BaseModel,
    FastAPI,
    Field,
    Header,
    JSONResponse,
    Path,
    PlainTextResponse,
    Query,
    Request,
    RequestValidationError,
    TestClient,
)
from chapters.ch06_framework.exercises import (
    ExerciseFailed,
    check_posts_endpoint,
    check_problem_details_handler,
    check_signup_model,
)
from chapters.ch06_framework.exercises import posts as posts_check
from chapters.ch06_framework.exercises import signup as signup_check
from tests.ch06_framework import solutions

CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_signup_model, solutions.SignUp),
    (check_posts_endpoint, solutions.list_posts),
    (check_problem_details_handler, solutions.problem_details),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=["signup", "posts", "problem"])
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


def sync_list_posts(
    user_id: Annotated[int, Path(gt=0)],
    x_token: str = Header(),
    limit: int = Query(10, ge=1, le=50),
    tag: list[str] = Query([]),
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def test_a_plain_def_endpoint_with_default_markers_passes_too() -> None:
    assert check_posts_endpoint(sync_list_posts) == "passed"


# --- placeholders, as the notebook gives them ---------------------------------------------------


class SignUpPlaceholder(BaseModel): ...  # exercise 1


def posts_placeholder():  # type: ignore[no-untyped-def]
    raise NotImplementedError  # exercise 2


def posts_half_done(user_id: int, x_token: str = Header()) -> Any:
    if user_id:
        raise NotImplementedError("the rest")
    return {}


async def problem_placeholder(request: Request, exc: RequestValidationError) -> JSONResponse:
    raise NotImplementedError  # exercise 3


async def problem_half_done(request: Request, exc: RequestValidationError) -> JSONResponse:
    if exc.errors():
        raise NotImplementedError("the body")
    return JSONResponse({})


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_signup_model, SignUpPlaceholder),
        (check_signup_model, None),
        (check_posts_endpoint, posts_placeholder),
        (check_posts_endpoint, posts_half_done),
        (check_posts_endpoint, None),
        (check_problem_details_handler, problem_placeholder),
        (check_problem_details_handler, problem_half_done),
        (check_problem_details_handler, None),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


# --- exercise 1: wrong answers --------------------------------------------------------------------

REFERENCE_FIELDS: dict[str, tuple[Any, Any]] = {
    "username": (str, Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")),
    "password": (str, Field(min_length=8)),
    "age": (int, Field(ge=13)),
    "newsletter": (bool, False),
}


def signup(base: type = BaseModel, field: Any = Field, **changes: tuple[Any, Any] | None) -> type:
    """``SignUp`` with the fields in ``changes`` replaced (``None`` drops one, new names add)."""
    fields = {**REFERENCE_FIELDS, **changes}
    if field is not Field:  # another library's Field: rebuild the constraints with it
        fields = {
            name: (kind, field(**value.constraints) if hasattr(value, "constraints") else value)
            for name, (kind, value) in REFERENCE_FIELDS.items()
        }
    namespace: dict[str, Any] = {"__annotations__": {}}
    for name, spec in fields.items():
        if spec is not None:
            namespace["__annotations__"][name] = spec[0]
            namespace[name] = spec[1]
    return type("SignUp", (base,), namespace)


def reordered(*names: str) -> type:
    namespace: dict[str, Any] = {"__annotations__": {}}
    for name in names:
        namespace["__annotations__"][name], namespace[name] = REFERENCE_FIELDS[name]
    return type("SignUp", (BaseModel,), namespace)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (signup(age=(int, Field(gt=13))), r"refused it .*ge=13"),
        (signup(age=(float, Field(ge=13))), r"gave .*36\.0"),
        (signup(newsletter=(bool, Field())), r"missing.*newsletter defaults to False"),
        (signup(username=(str, Field(min_length=3, max_length=20))), r"accepted it.*pattern"),
        (
            signup(username=(str, Field(min_length=3, max_length=20, pattern="[a-z0-9_]+"))),
            r"'Ada'.*accepted it.*without \^",
        ),
        (
            signup(username=(str, Field(min_length=3, max_length=20, pattern="^[a-z0-9_]+"))),
            r"'ada!'.*end it with \$",
        ),
        (signup(username=(str, Field(max_length=20, pattern="^[a-z0-9_]+$"))), "min_length=3"),
        (signup(username=(str, Field(min_length=3, max_length=21, pattern="^[a-z0-9_]+$"))), "max_length=20"),
        (signup(password=(str, Field())), "min_length=8"),
        (signup(password=(str, Field(min_length=8)), email=(str, Field())), "has the fields"),
        (signup(newsletter=None), "has the fields"),
        (reordered("age", "username", "password", "newsletter"), "declared: declare username"),
        (signup(pydantic.BaseModel, pydantic.Field), "not a subclass of BaseModel"),
    ],
    ids=[
        "gt", "float", "no-default", "no-pattern", "unanchored", "no-end-anchor", "no-min-length",
        "max-21", "short-password", "extra-field", "missing-field", "order", "pydantic",
    ],
)  # fmt: skip
def test_wrong_signup_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_signup_model(wrong)


def test_signup_table_is_pydantics() -> None:
    """Every row of the check's table is what real pydantic says for the reference model."""

    class SignUp(pydantic.BaseModel):
        username: str = pydantic.Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")
        password: str = pydantic.Field(min_length=8)
        age: int = pydantic.Field(ge=13)
        newsletter: bool = False

    for data, values, _ in signup_check.VALID:
        assert SignUp.model_validate(data).model_dump() == values
    for data, errors, _ in signup_check.INVALID:
        with pytest.raises(pydantic.ValidationError) as raised:
            SignUp.model_validate(data)
        assert [(e["type"], e["loc"]) for e in raised.value.errors()] == errors


# --- exercise 2: wrong answers --------------------------------------------------------------------


def tag_as_str(
    user_id: Annotated[int, Path(gt=0)],
    x_token: Annotated[str, Header()],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: str | None = None,
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def tag_without_query(
    user_id: Annotated[int, Path(gt=0)],
    x_token: Annotated[str, Header()],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: list[str] = [],  # noqa: B006 - the mistake under test: read from the body
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def token_from_query(
    user_id: Annotated[int, Path(gt=0)],
    x_token: str,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def token_keeps_underscore(
    user_id: Annotated[int, Path(gt=0)],
    x_token: Annotated[str, Header(convert_underscores=False)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def any_user_id(
    user_id: int,
    x_token: Annotated[str, Header()],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def limit_up_to_100(
    user_id: Annotated[int, Path(gt=0)],
    x_token: Annotated[str, Header()],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def user_id_as_str(
    user_id: str,
    x_token: Annotated[str, Header()],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


def wrong_key(
    user_id: Annotated[int, Path(gt=0)],
    x_token: Annotated[str, Header()],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tag": tag, "token": x_token}


def user_id_from_query(
    user_id: Annotated[int, Query(gt=0)], x_token: Annotated[str, Header()]
) -> dict[str, object]:
    return {}


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (tag_as_str, r"expected the JSON .*'tags': \[\]"),
        (tag_without_query, r"tag=python.*without Query\(\) is read from the body"),
        (
            token_from_query,
            r"\"loc\":\[\"query\",\"x_token\"\].*declare it Annotated\[str, Header\(\)\]",
        ),
        (token_keeps_underscore, r"a header named x_token .*convert_underscores"),
        (any_user_id, r"/users/0/posts .* answered 200 .*Path\(gt=0\)"),
        (limit_up_to_100, r"limit=51 .* answered 200.*le=50"),
        (user_id_as_str, r"answered .*\"7\".*expected the JSON"),
        (wrong_key, r"expected the JSON"),
        (user_id_from_query, r"registering it .* raised InvalidParameterError"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_wrong_endpoint_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_posts_endpoint(wrong)


def test_posts_table_is_fastapis() -> None:
    """Every request of the check's table answers the same on real FastAPI."""
    with warnings.catch_warnings():  # it warns that Starlette's TestClient will move to httpx2
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    app = fastapi.FastAPI()

    @app.get(posts_check.PATH)
    async def list_posts(
        user_id: Annotated[int, fastapi.Path(gt=0)],
        x_token: Annotated[str, fastapi.Header()],
        limit: Annotated[int, fastapi.Query(ge=1, le=50)] = 10,
        tag: Annotated[list[str], fastapi.Query()] = [],  # noqa: B006
    ) -> dict[str, object]:
        return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}

    client = TestClient(app)
    for url, headers, body, _ in posts_check.ANSWERED:
        response = client.get(url, headers=headers)
        assert (response.status_code, response.json()) == (200, body)
    for url, headers, errors, _ in posts_check.REFUSED:
        response = client.get(url, headers=headers)
        assert response.status_code == 422
        assert [(e["type"], tuple(e["loc"])) for e in response.json()["detail"]] == errors


# --- exercise 3: wrong answers --------------------------------------------------------------------


def problem(
    *,
    status: int = 422,
    media_type: str = "application/problem+json",
    keep: slice = slice(None),
    name: Callable[[tuple[Any, ...]], str] = lambda loc: ".".join(map(str, loc[1:])),
    reason: str = "msg",
    detail: Callable[[int], str] = lambda n: f"{n} validation error{'' if n == 1 else 's'}",
    instance: Callable[[Request], str] = lambda request: request.url.path,
    extra: dict[str, Any] | None = None,
    sync: bool = False,
) -> Callable[..., Any]:
    """A ``problem_details`` handler with one thing done wrong, chosen by the keyword arguments."""

    def handler(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()[keep]
        body = {
            "type": "about:blank",
            "title": "Unprocessable Content",
            "status": 422,
            "detail": detail(len(exc.errors())),
            "instance": instance(request),
            "invalid-params": [
                {"in": e["loc"][0], "name": name(e["loc"]), "reason": e[reason]} for e in errors
            ],
            **(extra or {}),
        }
        return JSONResponse(body, status_code=status, media_type=media_type)

    async def async_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
        return handler(request, exc)

    return handler if sync else async_handler


async def returns_a_dict(request: Request, exc: RequestValidationError) -> Any:
    return {"detail": exc.errors()}


async def answers_text(request: Request, exc: RequestValidationError) -> PlainTextResponse:
    return PlainTextResponse(str(exc), status_code=422)


async def crashes(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"errors": exc.errors()[0]["location"]})  # type: ignore[typeddict-item]


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (problem(status=400), "answered 400, expected 422"),
        (problem(media_type="application/json"), "application/problem\\+json"),
        (problem(keep=slice(0, 1)), r"1 item\(s\), but the request has 2 error\(s\)"),
        (problem(name=lambda loc: ".".join(map(str, loc))), r"'name': 'path.item_id'"),
        (problem(name=lambda loc: "/".join(map(str, loc[1:]))), r"'name': 'lines/0/quantity'"),
        (problem(reason="type"), r"'reason': 'int_parsing'"),
        (problem(detail=lambda n: f"{n} validation errors"), r"'detail' is '1 validation errors'"),
        (problem(instance=lambda request: str(request.url)), r"'instance' is 'http://testserver"),
        (problem(extra={"errors": "see invalid-params"}), "expected exactly"),
        (returns_a_dict, "not a response"),
        (answers_text, "content-type 'text/plain"),
        (crashes, "raised KeyError"),
    ],
    ids=[
        "400", "json", "first-only", "source-in-name", "slashes", "type-as-reason",
        "always-plural", "full-url", "extra-member", "dict", "text", "crashes",
    ],
)  # fmt: skip
def test_wrong_problem_handler_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_problem_details_handler(wrong)


def test_a_sync_problem_handler_passes_too() -> None:
    assert check_problem_details_handler(problem(sync=True)) == "passed"


# --- the line to reproduce a failed request -------------------------------------------------------

REPRODUCE = "  reproduce, with client = TestClient(app): "


def test_a_failed_request_ends_with_a_line_that_sends_it_again() -> None:
    with pytest.raises(ExerciseFailed) as failed:
        check_posts_endpoint(any_user_id)
    message = str(failed.value)
    line = "client.get('/users/0/posts', headers={'X-Token': 'abc'})"
    assert message.splitlines()[-1] == REPRODUCE + line
    app = FastAPI()  # what the check builds around the endpoint
    app.get(posts_check.PATH)(any_user_id)
    client = TestClient(app)
    pasted = message.splitlines()[-1].removeprefix(REPRODUCE)  # as the reader would paste it
    response = eval(pasted, {"client": client})
    assert (response.status_code, response.json()["user_id"]) == (200, 0)  # the failing answer


def test_a_failure_that_is_no_request_names_none() -> None:
    class NoAgeLimit(solutions.SignUp):
        age: int

    with pytest.raises(ExerciseFailed, match=r"model_validate") as failed:
        check_signup_model(NoAgeLimit)
    assert "reproduce" not in str(failed.value)
