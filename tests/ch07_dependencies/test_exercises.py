"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom). The checks' tables are also held against
real FastAPI, so that an exercise never asks for something it would not do.
"""

# No ``from __future__ import annotations``: the FastAPI apps below are built inside test
# functions, and FastAPI resolves string annotations in the module's globals only.
import inspect
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import fastapi
import pytest

from chapters.ch07_dependencies import (
    Depends,
    Header,
    HTTPException,
    JSONResponse,
    Query,
    Request,
)
from chapters.ch07_dependencies.exercises import (
    API_KEYS,
    ExerciseFailed,
    Ledger,
    check_api_key_guard,
    check_audited_transaction,
    check_page_dependency,
    get_ledger,
)
from chapters.ch07_dependencies.exercises import api_key as api_key_check
from chapters.ch07_dependencies.exercises import pagination as pagination_check
from chapters.ch07_dependencies.exercises import transaction as transaction_check
from tests.ch07_dependencies import solutions

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient as StarletteTestClient

CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_page_dependency, solutions.Page),
    (check_api_key_guard, solutions.require_api_key),
    (check_audited_transaction, solutions.transaction),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=["page", "api-key", "transaction"])
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


async def async_api_key(x_api_key: Annotated[str | None, Header()] = None) -> str:
    if x_api_key not in API_KEYS:
        raise HTTPException(
            401, "Invalid or missing API key", headers={"WWW-Authenticate": "ApiKey"}
        )
    return API_KEYS[x_api_key]


async def async_transaction(
    request: Request, ledger: Annotated[Ledger, Depends(get_ledger)]
) -> Any:
    """An ``async`` generator works too (blocking the loop a little: sqlite is quick)."""
    connection = ledger.connect()
    row = "INSERT INTO audit (method, path, outcome) VALUES (?, ?, ?)"
    try:
        yield connection
        connection.execute(row, (request.method, request.url.path, "committed"))
    except HTTPException as exc:
        connection.rollback()
        connection.execute(
            row, (request.method, request.url.path, f"rolled back: {exc.status_code}")
        )
        raise
    except Exception as exc:
        connection.rollback()
        connection.execute(
            row, (request.method, request.url.path, f"rolled back: {type(exc).__name__}")
        )
        raise
    finally:
        connection.commit()
        connection.close()


class DefaultForm:
    """``= Query(...)`` defaults instead of ``Annotated``: the same dependency."""

    def __init__(self, page: int = Query(1, ge=1), size: int = Query(20, ge=1, le=50)) -> None:
        self.offset, self.limit = (page - 1) * size, size


@pytest.mark.parametrize(
    ("check", "other"),
    [
        (check_page_dependency, DefaultForm),
        (check_api_key_guard, async_api_key),
        (check_audited_transaction, async_transaction),
    ],
    ids=["page-default-form", "async-api-key", "async-transaction"],
)
def test_other_correct_forms_pass(check: Callable[..., str], other: Any) -> None:
    assert check(other) == "passed"


# --- placeholders, as the notebook gives them ---------------------------------------------------


class PagePlaceholder:
    def __init__(self) -> None:
        raise NotImplementedError  # exercise 1


def api_key_placeholder():  # type: ignore[no-untyped-def]
    raise NotImplementedError  # exercise 2


def api_key_half_done(x_api_key: Annotated[str | None, Header()] = None) -> str:
    if x_api_key:
        return API_KEYS[x_api_key]
    raise NotImplementedError("the 401")


def transaction_placeholder(request: Request, ledger: Annotated[Ledger, Depends(get_ledger)]):  # type: ignore[no-untyped-def]
    raise NotImplementedError  # exercise 3


def transaction_half_done(
    request: Request, ledger: Annotated[Ledger, Depends(get_ledger)]
) -> Iterator[sqlite3.Connection]:
    connection = ledger.connect()
    try:
        yield connection
        raise NotImplementedError("the audit")
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_page_dependency, PagePlaceholder),
        (check_page_dependency, None),
        (check_api_key_guard, api_key_placeholder),
        (check_api_key_guard, api_key_half_done),
        (check_api_key_guard, None),
        (check_audited_transaction, transaction_placeholder),
        (check_audited_transaction, transaction_half_done),
        (check_audited_transaction, None),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


# --- exercise 1: wrong answers --------------------------------------------------------------------


def page_class(
    *,
    page: Any = Query(ge=1),
    size: Any = Query(ge=1, le=50),
    page_default: int = 1,
    offset: Callable[[int, int], int] = lambda page, size: (page - 1) * size,
    names: tuple[str, str] = ("offset", "limit"),
    size_first: bool = False,
) -> type:
    """``Page`` with one thing done wrong, chosen by the keyword arguments."""

    def __init__(self: Any, **values: int) -> None:
        setattr(self, names[0], offset(values["page"], values["size"]))
        setattr(self, names[1], values["size"])

    parameters = [
        inspect.Parameter(
            "page",
            inspect.Parameter.KEYWORD_ONLY,
            default=page_default,
            annotation=Annotated[int, page],
        ),
        inspect.Parameter(
            "size", inspect.Parameter.KEYWORD_ONLY, default=20, annotation=Annotated[int, size]
        ),
    ]
    if size_first:
        parameters.reverse()
    self_param = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    __init__.__signature__ = inspect.Signature([self_param, *parameters])  # type: ignore[attr-defined]
    __init__.__annotations__ = {p.name: p.annotation for p in parameters}
    return type("Page", (), {"__init__": __init__})


def page_function(
    page: Annotated[int, Query(ge=1)] = 1, size: Annotated[int, Query(ge=1, le=50)] = 20
) -> dict[str, int]:
    return {"offset": (page - 1) * size, "limit": size}


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (page_class(page_default=0), r"GET /items gave .*'offset': -20.*page defaults to 1"),
        (page_class(page=Query(gt=1)), r"page=1&size=1 answered 422.*ge=1"),
        (page_class(size=Query(ge=1, le=100)), r"size=51 answered 200.*le=50"),
        (page_class(size=Query(ge=0, le=50)), r"size=0 answered 200.*at least one item"),
        (page_class(offset=lambda page, size: page * size), r"gave .*'offset': 20.*offset = \(page - 1\)"),
        (page_class(names=("skip", "take")), r"no attribute offset or limit"),
        (page_class(size_first=True), r"page=-1&size=x gave .*order of Page's parameters"),
        (page_function, "is not a class"),
    ],
    ids=["default-0", "gt", "le-100", "size-0", "offset", "names", "order", "function"],
)  # fmt: skip
def test_wrong_page_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_page_dependency(wrong)


def test_page_table_is_fastapis() -> None:
    """Every request of the check's table answers the same on real FastAPI."""

    class Page:
        def __init__(
            self,
            page: Annotated[int, fastapi.Query(ge=1)] = 1,
            size: Annotated[int, fastapi.Query(ge=1, le=50)] = 20,
        ) -> None:
            self.offset, self.limit = (page - 1) * size, size

    app = fastapi.FastAPI()

    @app.get("/items")
    def items(page: Annotated[Page, fastapi.Depends()]) -> dict[str, int]:
        return {"offset": page.offset, "limit": page.limit}

    @app.get("/search")
    def search(q: str, page: Annotated[Page, fastapi.Depends()]) -> dict[str, Any]:
        return {"q": q, "offset": page.offset}

    client = StarletteTestClient(app)
    for url, body, _ in pagination_check.ANSWERED:
        response = client.get(url)
        assert (response.status_code, response.json()) == (200, body)
    for url, errors, _ in pagination_check.REFUSED:
        response = client.get(url)
        assert response.status_code == 422
        assert [(e["type"], tuple(e["loc"])) for e in response.json()["detail"]] == errors


# --- exercise 2: wrong answers --------------------------------------------------------------------

UNAUTHORIZED = {"headers": {"WWW-Authenticate": "ApiKey"}}


def api_key(
    *,
    status: int = 401,
    detail: str = "Invalid or missing API key",
    headers: dict[str, str] | None = UNAUTHORIZED["headers"],
    lookup: Callable[[str], str | None] = API_KEYS.get,
) -> Callable[..., Any]:
    """A ``require_api_key`` with one thing done wrong, chosen by the keyword arguments."""

    def require_api_key(x_api_key: Annotated[str | None, Header()] = None) -> str:
        client = lookup(x_api_key or "")
        if client is None:
            raise HTTPException(status, detail, headers=headers)
        return client

    return require_api_key


def required_header(x_api_key: Annotated[str, Header()]) -> str:
    return solutions.require_api_key(x_api_key)


def from_the_query(x_api_key: str | None = None) -> str:
    return solutions.require_api_key(x_api_key)


def header_with_underscore(
    x_api_key: Annotated[str | None, Header(convert_underscores=False)] = None,
) -> str:
    return solutions.require_api_key(x_api_key)


def returns_the_401(x_api_key: Annotated[str | None, Header()] = None) -> Any:
    if x_api_key not in API_KEYS:
        return JSONResponse({"detail": "Invalid or missing API key"}, status_code=401)
    return API_KEYS[x_api_key]


def returns_nothing(x_api_key: Annotated[str | None, Header()] = None) -> None:
    solutions.require_api_key(x_api_key)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (api_key(status=403), r"answered 403: 403 is for a client we know"),
        (api_key(headers=None), r"WWW-Authenticate None, expected 'ApiKey'"),
        (api_key(detail="Unauthorized"), r"expected \{'detail': 'Invalid or missing API key'\}"),
        (api_key(lookup=lambda key: API_KEYS.get(key.lower())), r"'ALPHA-KEY' answered 200 .*expected 401"),
        (required_header, r"answered 422 .*make the header optional"),
        (from_the_query, r"x_api_key=alpha-key without X-API-Key answered 200.*expected 401: a key in the query"),
        (header_with_underscore, r"'alpha-key' answered 401 .*expected 200.*X-API-Key header"),
        (returns_the_401, r"without X-API-Key answered 200 .*returning one lets the request through"),
        (returns_nothing, r"/whoami .*expected the JSON \{'client': 'beta'\}: return the client's name"),
    ],
    ids=["403", "no-challenge", "detail", "case", "required", "query", "underscore", "returns", "none"],
)  # fmt: skip
def test_wrong_api_key_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_api_key_guard(wrong)


def test_api_key_table_is_fastapis() -> None:
    """The same guard, written for FastAPI, answers the check's table the same way."""

    def require_api_key(x_api_key: Annotated[str | None, fastapi.Header()] = None) -> str:
        if x_api_key not in API_KEYS:
            raise fastapi.HTTPException(
                401, "Invalid or missing API key", headers={"WWW-Authenticate": "ApiKey"}
            )
        return API_KEYS[x_api_key]

    app = fastapi.FastAPI()
    reports = fastapi.APIRouter(prefix="/reports", dependencies=[fastapi.Depends(require_api_key)])

    @reports.get("")
    def list_reports() -> list[str]:
        return ["q1", "q2"]

    @app.get("/whoami")
    def whoami(client: Annotated[str, fastapi.Depends(require_api_key)]) -> dict[str, str]:
        return {"client": client}

    app.include_router(reports)
    client = StarletteTestClient(app)
    for url, headers, _ in api_key_check.REFUSED:
        response = client.get(url, headers=headers)
        assert (response.status_code, response.json()) == (401, {"detail": api_key_check.DETAIL})
        assert response.headers["www-authenticate"] == api_key_check.CHALLENGE
    for url, headers, body in api_key_check.ANSWERED:
        response = client.get(url, headers=headers)
        assert (response.status_code, response.json()) == (200, body)


# --- exercise 3: wrong answers --------------------------------------------------------------------


def transaction(
    *,
    commit: bool = True,
    rollback: bool = True,
    audit_failures: bool = True,
    reraise: bool = True,
    close: bool = True,
    reason: Callable[[Exception], str] = lambda exc: str(
        exc.status_code if isinstance(exc, HTTPException) else type(exc).__name__
    ),
    path: Callable[[Request], str] = lambda request: request.url.path,
) -> Callable[..., Any]:
    """A ``transaction`` with one thing done wrong, chosen by the keyword arguments."""

    def wrong_transaction(
        request: Request, ledger: Annotated[Ledger, Depends(get_ledger)]
    ) -> Iterator[sqlite3.Connection]:
        connection = ledger.connect()
        row = "INSERT INTO audit (method, path, outcome) VALUES (?, ?, ?)"
        try:
            yield connection
            connection.execute(row, (request.method, path(request), "committed"))
            if commit:
                connection.commit()
        except Exception as exc:
            if rollback:
                connection.rollback()
            if audit_failures:
                outcome = f"rolled back: {reason(exc)}"
                connection.execute(row, (request.method, path(request), outcome))
                connection.commit()
            if reraise:
                raise
        finally:
            if close:
                connection.close()

    return wrong_transaction


def not_a_generator(request: Request, ledger: Annotated[Ledger, Depends(get_ledger)]) -> Any:
    return ledger.connect()


def only_http_errors(
    request: Request, ledger: Annotated[Ledger, Depends(get_ledger)]
) -> Iterator[sqlite3.Connection]:
    connection = ledger.connect()
    row = "INSERT INTO audit (method, path, outcome) VALUES (?, ?, ?)"
    try:
        yield connection
        connection.execute(row, (request.method, request.url.path, "committed"))
        connection.commit()
    except HTTPException as exc:
        connection.rollback()
        connection.execute(
            row, (request.method, request.url.path, f"rolled back: {exc.status_code}")
        )
        connection.commit()
        raise
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (transaction(commit=False), r"POST /entries\?text=milk, the file holds the entries \[\], expected \['milk'\]: .*commit\(\)"),
        (transaction(rollback=False), r"fail=http, the file holds .*'eggs'.*call rollback\(\) first"),
        (transaction(audit_failures=False), r"fail=http, the audit table has no row \('POST', '/entries', 'rolled back: 409'\): after rollback\(\)"),
        (transaction(reraise=False), r"fail=http raised FastAPIError.*end your `except` block with `raise`"),
        (transaction(close=False), r"a connection is still open: close it in a `finally:` block"),
        (transaction(reason=lambda exc: type(exc).__name__), r"'rolled back: HTTPException'.*'rolled back: 409'"),
        (transaction(path=lambda request: str(request.url)), r"http://testserver/entries"),
        (not_a_generator, r"transaction does not yield"),
        (only_http_errors, r"fail=crash, the audit table has no row .*'rolled back: ValueError'"),
    ],
    ids=["no-commit", "no-rollback", "no-failure-audit", "swallowed", "not-closed", "class-name",
         "full-url", "not-a-generator", "only-http-errors"],
)  # fmt: skip
def test_wrong_transaction_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_audited_transaction(wrong)


def test_transaction_steps_are_fastapis(tmp_path: Path) -> None:
    """The reference transaction, on real FastAPI, leaves the file as the check expects."""
    ledger = Ledger(tmp_path / "ledger.db")

    def get_fastapi_ledger() -> Ledger:
        return ledger

    def fastapi_transaction(
        request: fastapi.Request, ledger: Annotated[Ledger, fastapi.Depends(get_fastapi_ledger)]
    ) -> Iterator[sqlite3.Connection]:
        connection = ledger.connect()
        row = "INSERT INTO audit (method, path, outcome) VALUES (?, ?, ?)"
        try:
            yield connection
            connection.execute(row, (request.method, request.url.path, "committed"))
            connection.commit()
        except Exception as exc:
            connection.rollback()
            reason = (
                exc.status_code if isinstance(exc, fastapi.HTTPException) else type(exc).__name__
            )
            connection.execute(row, (request.method, request.url.path, f"rolled back: {reason}"))
            connection.commit()
            raise
        finally:
            connection.close()

    app = fastapi.FastAPI()
    db = Annotated[sqlite3.Connection, fastapi.Depends(fastapi_transaction, scope="function")]

    @app.post("/entries", status_code=201)
    def add_entry(text: str, db: db, fail: str | None = None) -> dict[str, str]:
        db.execute("INSERT INTO entries (text) VALUES (?)", (text,))
        if fail == "http":
            raise fastapi.HTTPException(409, "refused after writing")
        if fail == "crash":
            raise ValueError("the endpoint crashed after writing")
        return {"added": text}

    @app.get("/entries")
    def list_entries(db: db) -> list[str]:
        return [row[0] for row in db.execute("SELECT text FROM entries ORDER BY id")]

    client = StarletteTestClient(app)
    audit = []
    for method, url, expected, entries, outcome, _ in transaction_check.STEPS:
        if isinstance(expected, int):
            assert client.request(method, url).status_code == expected
        else:
            with pytest.raises(expected):
                client.request(method, url)
        assert ledger.read("SELECT text FROM entries ORDER BY id") == entries
        audit.append((method, url.partition("?")[0], outcome))
        assert ledger.read("SELECT method, path, outcome FROM audit ORDER BY id") == audit
    assert all(connection.closed for connection in ledger.opened)


# --- the line to reproduce a failed request -------------------------------------------------------

REPRODUCE = "  reproduce, with client = TestClient(app): "


@pytest.mark.parametrize(
    ("check", "wrong", "line"),
    [
        (
            check_api_key_guard,
            api_key(lookup=lambda key: API_KEYS.get(key.lower())),
            "client.get('/whoami', headers={'X-API-Key': 'ALPHA-KEY'})",
        ),
        # found in the ledger's file, after the request that wrote it
        (
            check_audited_transaction,
            transaction(rollback=False),
            "client.post('/entries?text=eggs&fail=http')",
        ),
    ],
    ids=["api-key", "transaction"],
)
def test_a_failed_request_ends_with_the_line_to_send_it_again(
    check: Callable[..., str], wrong: Any, line: str
) -> None:
    with pytest.raises(ExerciseFailed) as failed:
        check(wrong)
    assert str(failed.value).splitlines()[-1] == REPRODUCE + line


def test_a_failure_that_is_no_request_names_none() -> None:
    with pytest.raises(ExerciseFailed, match="does not yield") as failed:
        check_audited_transaction(not_a_generator)
    assert "reproduce" not in str(failed.value)
