"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom). What the checks ask is also held against
the real stack: the middleware solutions, plain ASGI, give Starlette's apps the same headers
and log lines, and exercise 2's steps get the same answers from FastAPI running the capstone's
source and the reference ``PATCH`` written for it.
"""

# No ``from __future__ import annotations``: the frameworks resolve the annotations of
# endpoints defined inside the tests' functions, which string annotations would hide.
import logging
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastapi
import pytest
from fastapi.testclient import TestClient as FastAPITestClient
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from chapters.ch04_asgi.types import ASGIApp, Message, Receive, Scope, Send
from chapters.ch08_openapi import APIRouter, BaseModel, Depends, Field, HTTPException
from chapters.ch09_capstone.exercises import (
    LOGGER_NAME,
    ExerciseFailed,
    check_patch_item,
    check_request_id,
    check_server_timing,
)
from chapters.ch09_capstone.exercises import patch_item as patch_check
from chapters.ch09_capstone.main import DB, ITEMS, CurrentUser, ItemOut, require_writer
from chapters.ch09_capstone.storage import Inventory
from tests.ch09_capstone import solutions
from tests.ch09_capstone.servings import load

CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_server_timing, solutions.ServerTiming),
    (check_patch_item, solutions.updates),
    (check_request_id, solutions.RequestID),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=["timing", "patch", "request-id"])
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


# --- placeholders, as the notebook gives them ---------------------------------------------------


class TimingPlaceholder:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError  # exercise 1: your code here


class RequestIDPlaceholder:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError  # exercise 3: your code here


class RequestIDHalfDone(RequestIDPlaceholder):
    """Started, then stopped at the logging: still "not attempted", not a failure."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raise NotImplementedError("the log line")


def patch_placeholder() -> APIRouter:
    """The notebook's cell as given: the route is declared, its endpoint is not written."""
    updates = APIRouter(prefix="/items", tags=["items"])

    class ItemPatch(BaseModel): ...  # exercise 2

    @updates.patch("/{item_id}", response_model=ItemOut, dependencies=[Depends(require_writer)])
    def update_item(item_id: int, patch: ItemPatch, db: DB, user: CurrentUser):  # type: ignore[no-untyped-def]
        raise NotImplementedError  # exercise 2: your code here

    return updates


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_server_timing, TimingPlaceholder),
        (check_server_timing, None),
        (check_patch_item, patch_placeholder()),
        (check_patch_item, APIRouter(prefix="/items")),
        (check_patch_item, None),
        (check_request_id, RequestIDPlaceholder),
        (check_request_id, RequestIDHalfDone),
        (check_request_id, None),
    ],
    ids=[
        "timing", "timing-none", "patch", "patch-no-route", "patch-none", "request-id",
        "request-id-half", "request-id-none",
    ],
)  # fmt: skip
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


# --- exercise 1: wrong answers --------------------------------------------------------------------


def timing(
    *,
    header: Callable[[float], tuple[bytes, bytes]] = lambda ms: (
        b"server-timing",
        f"app;dur={ms:.1f}".encode(),
    ),
    replace_headers: bool = False,
    lifespan_too: bool = False,
    body: bytes | None = None,
) -> type:
    """A ``ServerTiming`` with one thing done wrong, chosen by the keyword arguments."""

    class WrongTiming:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if lifespan_too:
                print(dict(scope["headers"]))  # a lifespan scope has no headers: KeyError
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            start = time.perf_counter()

            async def timed(message: Message) -> None:
                if message["type"] == "http.response.start":
                    kept = [] if replace_headers else message.get("headers", [])
                    added = header((time.perf_counter() - start) * 1000)
                    message = {**message, "headers": [*kept, added]}
                if body is not None and message["type"] == "http.response.body":
                    message = {**message, "body": body}
                await send(message)

            await self.app(scope, receive, timed)

    return WrongTiming


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (timing(header=lambda ms: (b"server-timing", f"app;dur={ms / 1000:.4f}".encode())),
         r"GET /slow takes 50 ms, yet your header says dur=0\.0.*in milliseconds"),
        (timing(header=lambda ms: (b"server-timing", f"app; dur={ms:.1f}ms".encode())),
         r"server-timing header is 'app; dur=.*ms', expected 'app;dur=<milliseconds>'"),
        (timing(header=lambda ms: (b"x-response-time", f"{ms:.1f}".encode())),
         r"GET /fast has 0 server-timing headers, expected one"),
        (timing(replace_headers=True), r"GET /fast lost its content-type header"),
        (timing(lifespan_too=True), r"starting the app's lifespan.*must go to the app unchanged"),
        (timing(body=b"{}"), r"GET /fast's body changed"),
    ],
    ids=["seconds", "format", "other-header", "replaced", "lifespan", "body"],
)  # fmt: skip
def test_wrong_timing_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_server_timing(wrong)


def test_str_headers_fail_with_what_raised() -> None:
    """Headers as str, not bytes: the toolkit cannot encode them, and the check says so."""
    with pytest.raises(ExerciseFailed, match=r"GET /fast raised"):
        check_server_timing(timing(header=lambda ms: ("server-timing", f"app;dur={ms}")))  # type: ignore[arg-type,return-value]


# --- exercise 2: wrong answers --------------------------------------------------------------------


class ItemPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=50)
    price: float | None = Field(default=None, gt=0)
    quantity: int | None = Field(default=None, ge=0)


class LooseItemPatch(BaseModel):
    name: str | None = None
    price: float | None = None
    quantity: int | None = None


class RequiredItemPatch(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: float = Field(gt=0)
    quantity: int = Field(ge=0)


def patched(
    *,
    model: type = ItemPatch,
    guard: bool = True,
    owner_only: bool = True,
    found_check: bool = True,
    unset: bool = True,
    catch: bool = True,
    path: str = "/{item_id}",
) -> APIRouter:
    """A PATCH route with one thing done wrong, chosen by the keyword arguments."""
    updates = APIRouter(prefix="/items", tags=["items"])
    dependencies = [Depends(require_writer)] if guard else []

    @updates.patch(path, response_model=ItemOut, dependencies=dependencies)
    def update_item(item_id: int, patch: model, db: DB, user: CurrentUser):  # type: ignore[no-untyped-def,valid-type]
        row = db.execute("SELECT owner_id FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None and found_check:
            raise HTTPException(404, f"Item {item_id} not found")
        if owner_only and row["owner_id"] != user.id:
            raise HTTPException(403, f"Item {item_id} is not yours")
        changes = patch.model_dump(exclude_unset=unset)
        try:
            for name, value in changes.items():
                db.execute(f"UPDATE items SET {name} = ? WHERE id = ?", (value, item_id))
        except sqlite3.IntegrityError:
            if not catch:
                raise
            raise HTTPException(409, "exists") from None
        return dict(db.execute(f"{ITEMS} WHERE items.id = ?", (item_id,)).fetchone())

    return updates


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (patched(guard=False), r"\(a reader\) answered 403 .*Item 1 is not yours.*require_writer"),
        (patched(unset=False), r"\(one field\) answered 409.*exclude_unset=True"),
        (patched(model=LooseItemPatch), r"\(three bad fields\) answered 200.*ItemIn's constraints"),
        (patched(model=RequiredItemPatch), r"\(one field\) answered 422.*exclude_unset"),
        (patched(owner_only=False), r"\(someone else's\) answered 200.*403"),
        (patched(found_check=False), r"\(no such item\) answered 500.*404"),
        (patched(catch=False), r"\(a name taken\) answered 500.*409"),
        (patched(path="/{item_id}/"), r"path is '/items/\{item_id\}/', expected '/items/\{item_id\}'"),
    ],
    ids=["no-guard", "all-fields", "no-constraints", "required", "not-owner", "no-404",
         "no-409", "path"],
)  # fmt: skip
def test_wrong_patch_fails_with_a_plain_message(wrong: APIRouter, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_patch_item(wrong)


def test_a_patch_committed_after_a_conflict_is_refused() -> None:
    """Writing the fields one by one and answering 200 for the taken name leaves a half-update."""
    updates = APIRouter(prefix="/items", tags=["items"])

    @updates.patch("/{item_id}", response_model=ItemOut, dependencies=[Depends(require_writer)])
    def update_item(item_id: int, patch: ItemPatch, db: DB, user: CurrentUser):  # type: ignore[no-untyped-def]
        row = db.execute("SELECT owner_id FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise HTTPException(404, "missing")
        if row["owner_id"] != user.id:
            raise HTTPException(403, "not yours")
        for name, value in patch.model_dump(exclude_unset=True).items():
            try:
                db.execute(f"UPDATE items SET {name} = ? WHERE id = ?", (value, item_id))
            except sqlite3.IntegrityError:
                continue  # skip the taken name, keep going: the client hears 200
        return dict(db.execute(f"{ITEMS} WHERE items.id = ?", (item_id,)).fetchone())

    with pytest.raises(ExerciseFailed, match=r"\(a name taken\) answered 200.*expected 409"):
        check_patch_item(updates)


# --- exercise 2 on FastAPI: the same steps, the same answers ------------------------------------


@pytest.fixture
def fastapi_inventory(tmp_path: Path) -> Iterator[FastAPITestClient]:
    """The capstone's source on FastAPI, with the reference PATCH written for FastAPI's names."""
    module = load("fastapi", "patch oracle")
    database = Inventory(tmp_path / "fastapi.db")
    module.app.dependency_overrides[module.get_database] = lambda: database

    class FastAPIItemPatch(module.BaseModel):  # type: ignore[name-defined,misc]
        name: str | None = module.Field(default=None, min_length=1, max_length=50)
        price: float | None = module.Field(default=None, gt=0)
        quantity: int | None = module.Field(default=None, ge=0)

    @module.app.patch(
        "/items/{item_id}",
        response_model=module.ItemOut,
        dependencies=[fastapi.Depends(module.require_writer)],
    )
    def update_item(item_id: int, patch: FastAPIItemPatch, db: module.DB, user: module.CurrentUser):  # type: ignore[no-untyped-def,name-defined]
        try:
            return solutions.update_item(item_id, patch, db, user)
        except HTTPException as error:  # ours, from the answer key: FastAPI answers its own
            raise fastapi.HTTPException(error.status_code, error.detail) from None

    client = FastAPITestClient(module.app, raise_server_exceptions=False)
    for item, who in ((patch_check.PEN, patch_check.ALICE), (patch_check.INK, patch_check.BOB)):
        body = {key: item[key] for key in ("name", "price", "quantity")}
        assert client.post("/items", json=body, headers=who).status_code == 201
    yield client
    client.close()


def test_patch_steps_are_fastapis(fastapi_inventory: FastAPITestClient) -> None:
    for shows, headers, path, body, status, after, _ in patch_check.STEPS:
        response = fastapi_inventory.patch(path, json=body, headers=headers)
        assert response.status_code == status, shows
        if status == 200:
            assert response.json() == after, shows
        if shows == "three bad fields":
            found = sorted((e["loc"], e["type"]) for e in response.json()["detail"])
            assert found == patch_check.BAD_FIELDS
        assert fastapi_inventory.get("/items/1").json() == after, shows


# --- exercise 3: wrong answers --------------------------------------------------------------------


def request_id(
    *,
    trust: bool = False,
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    state: bool = True,
    header: bool = True,
    log_crash: bool = True,
    swallow: bool = False,
    level: int = logging.INFO,
    line: str = "{id} {method} {path} {status}",
    on_self: bool = False,
    initial_status: int = 500,
) -> type:
    """A ``RequestID`` with one thing done wrong, chosen by the keyword arguments."""
    logger = logging.getLogger(LOGGER_NAME)

    class WrongRequestID:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            sent = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
            good = solutions.VALID_ID.fullmatch(sent) or (trust and sent)
            if on_self:
                self.request_id = getattr(self, "request_id", None) or new_id()
            the_id = sent if good else (self.request_id if on_self else new_id())
            if state:
                scope.setdefault("state", {})["request_id"] = the_id
            status = initial_status

            async def with_id(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    if header:
                        added = (b"x-request-id", the_id.encode())
                        message = {**message, "headers": [*message.get("headers", []), added]}
                await send(message)

            def log() -> None:
                fields = {"id": the_id, "method": scope["method"], "path": scope["path"]}
                logger.log(level, line.format(status=status, **fields))

            try:
                await self.app(scope, receive, with_id)
            except Exception:
                if log_crash:
                    log()
                if swallow:
                    return
                raise
            log()

    return WrongRequestID


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (request_id(trust=True), r"X-Request-ID: 'x{65}'.*is replaced by a new uuid4"),
        (request_id(new_id=lambda: str(uuid.uuid4())), r"yet the request got '[0-9a-f-]{36}'.*uuid4\(\)\.hex"),
        (request_id(on_self=True), r"Two requests got the same id"),
        (request_id(state=False), r"request.state.request_id = None.*scope's state"),
        (request_id(header=False), r"has 0 x-request-id headers"),
        (request_id(line="{id} {path} {status}"), r"logged '[0-9a-f]{32} /whoami 200', expected"),
        (request_id(level=logging.WARNING), r"logged its line at WARNING, expected INFO"),
        (request_id(log_crash=False), r"GET /boom .* logged \[\] .*expected one line"),
        (request_id(swallow=True), r"your middleware swallowed the exception"),
    ],
    ids=["trust", "uuid-str", "on-self", "no-state", "no-header", "line", "level", "crash-log",
         "swallow"],
)  # fmt: skip
def test_wrong_request_id_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_request_id(wrong)


def test_a_lost_line_on_crash_names_the_status() -> None:
    """Starting from 200 rather than 500 logs a crash as a success: caught too."""
    with pytest.raises(ExerciseFailed, match=r"logged '[0-9a-f]{32} GET /boom 200'.*GET /boom 500"):
        check_request_id(request_id(initial_status=200))


# --- the middleware solutions on Starlette ------------------------------------------------------


def starlette_app(middleware: type) -> Starlette:
    async def whoami(request: Any) -> JSONResponse:
        return JSONResponse({"request_id": request.state.request_id})

    app = Starlette(routes=[Route("/whoami", whoami)])
    app.add_middleware(middleware)
    return app


def test_the_middleware_solutions_are_plain_asgi_for_starlette(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    app = starlette_app(solutions.RequestID)
    app.add_middleware(solutions.ServerTiming)
    with FastAPITestClient(app) as client:
        response = client.get("/whoami", headers={"X-Request-ID": "abc-123"})
        missing = client.get("/nowhere")
    assert response.json() == {"request_id": "abc-123"}
    assert response.headers["x-request-id"] == "abc-123"
    assert response.headers["server-timing"].startswith("app;dur=")
    assert missing.status_code == 404
    assert len(missing.headers["x-request-id"]) == 32
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME] == [
        "abc-123 GET /whoami 200",
        f"{missing.headers['x-request-id']} GET /nowhere 404",
    ]


# --- the line to reproduce a failed request -------------------------------------------------------

REPRODUCE = "  reproduce, with client = TestClient(app): "


@pytest.mark.parametrize(
    ("check", "wrong", "line"),
    [
        (
            check_server_timing,
            timing(header=lambda ms: (b"x-response-time", f"{ms:.1f}".encode())),
            "client.get('/fast')",
        ),
        (
            check_patch_item,
            patched(owner_only=False),
            "client.patch('/items/1', json={'price': 9}, headers={'Authorization': 'Bearer bob-token'})",
        ),
    ],
    ids=["timing", "patch"],
)
def test_a_failed_request_ends_with_the_line_to_send_it_again(
    check: Callable[..., str], wrong: Any, line: str
) -> None:
    with pytest.raises(ExerciseFailed) as failed:
        check(wrong)
    assert str(failed.value).splitlines()[-1] == REPRODUCE + line


def test_a_failure_that_is_no_request_names_none() -> None:
    with pytest.raises(ExerciseFailed, match="lifespan") as failed:
        check_server_timing(timing(lifespan_too=True))
    assert "reproduce" not in str(failed.value)
