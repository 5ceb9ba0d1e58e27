"""Exercise 1 (easy): a ``SignUp`` model whose constraints are declared with ``Field(...)``."""

# No ``from __future__ import annotations`` here: the endpoint in ``_check_as_a_body`` is
# annotated with the reader's class, a local name that a string annotation could not resolve.
from typing import Any

from chapters.ch06_framework import BaseModel, FastAPI, TestClient, ValidationError
from chapters.ch06_framework.exercises.harness import error_summary, request
from chapters.support.exercises import (
    ExerciseFailed,
    NotAttempted,
    Result,
    expect,
    json_of,
    not_attempted,
    passed,
    with_reproducer,
)

TITLE = "Exercise 1, SignUp"
FIELDS = ["username", "password", "age", "newsletter"]
GOOD = {"username": "ada_99", "password": "correct horse", "age": 20}

Errors = list[tuple[str, tuple[str, ...]]]

# (input, the values it gives or the errors it raises as (type, loc), a hint when it doesn't)
VALID: list[tuple[dict[str, Any], dict[str, Any], str]] = [
    (
        {"username": "ada_99", "password": "correct horse", "age": "36", "newsletter": "yes"},
        {"username": "ada_99", "password": "correct horse", "age": 36, "newsletter": True},
        (
            "lax mode turns '36' into the int 36 and 'yes' into True: annotate age as int and "
            "newsletter as bool"
        ),
    ),
    (
        {"username": "bob", "password": "12345678", "age": 13},
        {"username": "bob", "password": "12345678", "age": 13, "newsletter": False},
        (
            "13 is old enough (ge=13, not gt=13), 3 characters make a username, 8 a password, and "
            "newsletter defaults to False"
        ),
    ),
    (
        {"username": "a" * 20, "password": "x" * 8, "age": 130},
        {"username": "a" * 20, "password": "x" * 8, "age": 130, "newsletter": False},
        "20 characters is still a valid username (max_length=20), and there is no upper age limit",
    ),
]
INVALID: list[tuple[dict[str, Any], Errors, str]] = [
    (
        {**GOOD, "username": "al"},
        [("string_too_short", ("username",))],
        "a username has at least 3 characters: min_length=3",
    ),
    (
        {**GOOD, "username": "a" * 21},
        [("string_too_long", ("username",))],
        "a username has at most 20 characters: max_length=20",
    ),
    (
        {**GOOD, "username": "Ada"},
        [("string_pattern_mismatch", ("username",))],
        (
            "only lowercase letters, digits and _ are allowed: pattern=r'^[a-z0-9_]+$'; without ^ "
            "and $ a pattern matches anywhere in the string ('da' is inside 'Ada')"
        ),
    ),
    (
        {**GOOD, "username": "ada!"},
        [("string_pattern_mismatch", ("username",))],
        "the pattern must match the whole username: end it with $",
    ),
    (
        {**GOOD, "password": "short"},
        [("string_too_short", ("password",))],
        "a password has at least 8 characters: min_length=8",
    ),
    (
        {**GOOD, "age": "12"},
        [("greater_than_equal", ("age",))],
        "age must be 13 or more: Field(ge=13)",
    ),
    (
        {},
        [("missing", ("username",)), ("missing", ("password",)), ("missing", ("age",))],
        "username, password and age are required (no default), newsletter is not (= False)",
    ),
    (
        {"username": "A", "password": "x", "age": "twelve", "newsletter": "maybe"},
        [
            ("string_too_short", ("username",)),
            ("string_too_short", ("password",)),
            ("int_parsing", ("age",)),
            ("bool_parsing", ("newsletter",)),
        ],
        (
            "each field gets its error, in the order the fields are declared: username, password, "
            "age, newsletter"
        ),
    ),
]


@with_reproducer
def check_signup_model(model: type[BaseModel] | None) -> Result:
    """Exercise 1: ``SignUp`` has ``username`` (3 to 20 lowercase letters, digits or ``_``),
    ``password`` (at least 8 characters), ``age`` (an int, 13 or more) and ``newsletter`` (a
    bool, ``False`` by default); every refused input gives the errors pydantic would."""
    if model is None or (isinstance(model, type) and not getattr(model, "model_fields", None)):
        return not_attempted(TITLE)
    expect(
        isinstance(model, type) and issubclass(model, BaseModel),
        f"{model!r} is not a subclass of BaseModel: `class SignUp(BaseModel):`, with BaseModel "
        "imported from chapters.ch06_framework.",
    )
    names = list(model.model_fields)
    expect(
        sorted(names) == sorted(FIELDS),
        f"SignUp has the fields {names}, expected {FIELDS}.",
    )
    try:
        for data, values, hint in VALID:
            _check_valid(model, data, values, hint)
        for data, errors, hint in INVALID:
            _check_invalid(model, data, errors, hint)
        _check_as_a_body(model)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _validate(model: type[BaseModel], data: dict[str, Any]) -> tuple[Any, Errors | None]:
    """The instance and ``None``, or ``None`` and the errors as ``(type, loc)``."""
    try:
        return model.model_validate(data), None
    except ValidationError as error:
        return None, error_summary(error.errors())  # type: ignore[arg-type]
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:
        raise ExerciseFailed(f"SignUp.model_validate({data!r}) raised {error!r}") from error


def _typed(values: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """Values with their types: 36.0 == 36 and True == 1, but they are not what was asked."""
    return {name: (value, type(value).__name__) for name, value in values.items()}


def _check_valid(
    model: type[BaseModel], data: dict[str, Any], values: dict[str, Any], hint: str
) -> None:
    instance, errors = _validate(model, data)
    expect(
        errors is None,
        f"SignUp.model_validate({data!r}) refused it with {errors} (as (type, loc)), but it is "
        f"valid: {hint}.",
    )
    got = {name: getattr(instance, name, None) for name in FIELDS}
    expect(
        _typed(got) == _typed(values),
        f"SignUp.model_validate({data!r}) gave {got}, expected {values}: {hint}.",
    )


def _check_invalid(
    model: type[BaseModel], data: dict[str, Any], expected: Errors, hint: str
) -> None:
    instance, errors = _validate(model, data)
    expect(
        errors is not None,
        f"SignUp.model_validate({data!r}) accepted it ({instance!r}), expected the errors "
        f"{expected} (as (type, loc)): {hint}.",
    )
    assert errors is not None
    expect(
        sorted(errors) != sorted(expected) or errors == expected,
        f"SignUp.model_validate({data!r}) reported the right errors in the order {errors}; "
        "pydantic reports them in the order the fields are declared: declare username, "
        "password, age, newsletter in that order.",
    )
    expect(
        errors == expected,
        f"SignUp.model_validate({data!r}) reported {errors}, expected {expected} (as (type, "
        f"loc)): {hint}.",
    )


def _check_as_a_body(model: type[BaseModel]) -> None:
    """The same model, as an endpoint's body: its errors become the 422's, under ``body``."""
    app = FastAPI()

    @app.post("/signup", status_code=201)
    async def sign_up(user: model) -> dict[str, str]:  # type: ignore[valid-type]
        return {"welcome": user.username}  # type: ignore[attr-defined]

    client = TestClient(app)
    data = {"username": "ada", "password": "correct horse", "age": 12}
    response = request(client, "POST", "/signup", json=data)
    detail = (json_of(response) or {}).get("detail")
    locs = [error.get("loc") for error in detail] if isinstance(detail, list) else None
    expect(
        response.status_code == 422 and locs == [["body", "age"]],
        f"POST /signup with {data} answered {response.status_code} {response.text!r}, expected "
        "422 with one error at ['body', 'age'].",
    )
    response = request(client, "POST", "/signup", json={**data, "age": 13})
    expect(
        response.status_code == 201 and json_of(response) == {"welcome": "ada"},
        f"POST /signup with age 13 answered {response.status_code} {response.text!r}, expected "
        "201 {'welcome': 'ada'}.",
    )
