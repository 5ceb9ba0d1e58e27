"""Exercise 2 (medium): an API-key dependency, as a guard and as a parameter, answering 401."""

# No ``from __future__ import annotations``: the endpoint below declares a ``Depends`` that the
# framework reads at registration, and plain annotations keep that obvious.
from collections.abc import Callable
from typing import Annotated, Any

from chapters.ch07_dependencies import APIRouter, Depends, FastAPI, TestClient
from chapters.ch07_dependencies.exercises.harness import request
from chapters.support.exercises import (
    NotAttempted,
    Result,
    expect,
    guarded,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    with_reproducer,
)

TITLE = "Exercise 2, require_api_key"

#: The keys the API knows, and whose they are (demo values: real keys are secrets, stored hashed).
API_KEYS = {"alpha-key": "alpha", "beta-key": "beta"}

DETAIL = "Invalid or missing API key"
CHALLENGE = "ApiKey"

# (url, headers, why it is refused); every one must be 401 without calling the endpoint
REFUSED: list[tuple[str, dict[str, str], str]] = [
    (
        "/reports",
        {},
        (
            f"no key: raise HTTPException(401, {DETAIL!r}, headers=...); a dependency's return "
            "value is never the response, so returning one lets the request through"
        ),
    ),
    ("/reports", {"X-API-Key": "gamma-key"}, "a key that is not in API_KEYS"),
    ("/reports", {"X-API-Key": ""}, "an empty key is no key"),
    (
        "/reports?x_api_key=alpha-key",
        {},
        "a key in the query string: keys travel in the X-API-Key header, read with Header()",
    ),
    ("/whoami", {"X-API-Key": "ALPHA-KEY"}, "a key in the wrong case: keys are compared exactly"),
    ("/whoami", {}, "no key, on an endpoint that uses the name the dependency returns"),
]

# (url, headers, the JSON expected)
ANSWERED: list[tuple[str, dict[str, str], Any]] = [
    ("/reports", {"X-API-Key": "alpha-key"}, ["q1", "q2"]),
    ("/whoami", {"X-API-Key": "beta-key"}, {"client": "beta"}),
    ("/whoami", {"x-api-key": "alpha-key"}, {"client": "alpha"}),
]


@with_reproducer
def check_api_key_guard(dependency: Callable[..., Any] | None) -> Result:
    """Exercise 2: ``require_api_key`` reads the ``X-API-Key`` header; a key of ``API_KEYS``
    gives the client's name, anything else (no header included) raises a 401 with
    ``{"detail": "Invalid or missing API key"}`` and ``WWW-Authenticate: ApiKey``. The check
    uses it as a router's guard (``dependencies=[Depends(require_api_key)]``) and as a
    parameter (``client: Annotated[str, Depends(require_api_key)]``)."""
    if is_placeholder(dependency):
        return not_attempted(TITLE)
    assert dependency is not None
    calls: list[str] = []
    try:
        app = guarded(lambda: _app(dependency, calls), "registering it as a dependency")
        client = TestClient(app)
        for url, headers, why in REFUSED:
            _check_refused(client, url, headers, why, calls)
        for url, headers, body in ANSWERED:
            _check_answered(client, url, headers, body)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _app(dependency: Callable[..., Any], calls: list[str]) -> FastAPI:
    """``/reports`` behind a router guard, ``/whoami`` with the dependency as a parameter."""
    app = FastAPI()
    reports = APIRouter(prefix="/reports", dependencies=[Depends(dependency)])

    @reports.get("")
    def list_reports() -> list[str]:
        calls.append("/reports")
        return ["q1", "q2"]

    @app.get("/whoami")
    def whoami(client: Annotated[Any, Depends(dependency)]) -> dict[str, Any]:
        calls.append("/whoami")
        return {"client": client}

    app.include_router(reports)
    return app


def _shown(url: str, headers: dict[str, str]) -> str:
    sent = ", ".join(f"{name}: {value!r}" for name, value in headers.items())
    return f"GET {url}" + (f" with {sent}" if sent else " without X-API-Key")


def _check_refused(
    client: TestClient, url: str, headers: dict[str, str], why: str, calls: list[str]
) -> None:
    calls.clear()
    response = request(client, "GET", url, headers=headers)
    shown = _shown(url, headers)
    expect(
        response.status_code != 422,
        f"{shown} answered 422 {response.text!r}: a missing key must be your 401, not a "
        "validation error: make the header optional, Annotated[str | None, Header()] = None, "
        "and raise the 401 yourself.",
    )
    expect(
        response.status_code != 403,
        f"{shown} answered 403: 403 is for a client we know who may not do this; a client "
        "without a valid key is not authenticated: 401.",
    )
    expect(
        response.status_code == 401,
        f"{shown} answered {response.status_code} {response.text!r}, expected 401: {why}.",
    )
    expect(
        not calls,
        f"{shown} answered 401 but the endpoint ran: raise the exception, do not return it.",
    )
    expect(
        json_of(response) == {"detail": DETAIL},
        f"{shown} answered {response.text!r}, expected {{'detail': {DETAIL!r}}}.",
    )
    challenge = response.headers.get("www-authenticate")
    expect(
        challenge == CHALLENGE,
        f"{shown}: the 401 has WWW-Authenticate {challenge!r}, expected {CHALLENGE!r}: a 401 "
        "must say how to authenticate (RFC 9110 §11.6.1); pass "
        f"headers={{'WWW-Authenticate': {CHALLENGE!r}}} to HTTPException.",
    )


def _check_answered(client: TestClient, url: str, headers: dict[str, str], body: Any) -> None:
    response = request(client, "GET", url, headers=headers)
    shown = _shown(url, headers)
    expect(
        response.status_code == 200,
        f"{shown} answered {response.status_code} {response.text!r}, expected 200: the key is "
        "in API_KEYS; read it from the X-API-Key header with x_api_key: "
        "Annotated[str | None, Header()] = None (Header() turns the underscores into hyphens).",
    )
    got = json_of(response)
    hint = (
        "return the client's name, API_KEYS[key]"
        if got != body and url == "/whoami"
        else "the guard must let the endpoint answer"
    )
    if isinstance(got, dict) and isinstance(got.get("client"), dict | list):
        hint = "return the client's name (a str), not a response or the whole mapping"
    expect(got == body, f"{shown} answered {response.text!r}, expected the JSON {body}: {hint}.")
