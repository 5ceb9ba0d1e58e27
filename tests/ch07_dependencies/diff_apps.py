"""Small FastAPI apps with dependencies, written once as FastAPI users write them.

``test_differential.py`` loads this file twice: as written (real FastAPI and pydantic) and
with its ``from fastapi ...``/``from pydantic ...`` lines changed to
``from chapters.ch07_dependencies import ...``. Nothing else may differ. What the
dependencies did (how often each was called, when each teardown ran) is part of the
answers: the apps record it in a list that ``GET /log`` returns and clears.
"""

import sqlite3
from typing import Annotated

from fastapi import (
    APIRouter,
    Body,
    Cookie,
    Depends,
    FastAPI,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
)
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field


class Item(BaseModel):
    name: str = Field(min_length=2)
    price: float = Field(gt=0)


class OwnError(Exception):
    pass


def add_log(app: FastAPI, log: list[str]) -> None:
    @app.get("/log")
    def read_log():
        seen = list(log)
        log.clear()
        return seen


# -- parameters of dependencies, classes, callable instances, sub-dependencies ----------------


def common_parameters(
    q: str | None = None, skip: int = 0, limit: Annotated[int, Query(le=100)] = 100
):
    return {"q": q, "skip": skip, "limit": limit}


class CommonQueryParams:
    def __init__(self, q: str | None = None, skip: int = 0, limit: int = 100):
        self.q = q
        self.skip = skip
        self.limit = limit


class FixedContentQueryChecker:
    def __init__(self, fixed_content: str):
        self.fixed_content = fixed_content

    def __call__(self, q: str = ""):
        return self.fixed_content in q


class AsyncChecker:
    async def __call__(self, x_probe: Annotated[int, Header()]):
        return x_probe * 2


def query_extractor(q: str | None = None):
    return q


def query_or_cookie_extractor(
    q: Annotated[str | None, Depends(query_extractor)],
    last_query: Annotated[str | None, Cookie()] = None,
):
    return q or last_query


def item_from_path(item_id: Annotated[int, Path(gt=0)], x_key: Annotated[str, Header()]):
    return {"item_id": item_id, "key": x_key}


async def body_item(item: Item):
    return item


def request_path(request: Request):
    return request.url.path


def params_app() -> FastAPI:
    app = FastAPI()

    @app.get("/items")
    async def read_items(commons: Annotated[dict, Depends(common_parameters)]):
        return commons

    @app.get("/users")
    def read_users(commons: dict = Depends(common_parameters)):  # noqa: B008  # the default form
        return commons

    @app.get("/class")
    def read_class(commons: Annotated[CommonQueryParams, Depends()]):
        return {"q": commons.q, "skip": commons.skip, "limit": commons.limit}

    @app.get("/class-default")
    async def read_class_default(commons: CommonQueryParams = Depends(CommonQueryParams)):  # noqa: B008
        return {"q": commons.q, "skip": commons.skip, "limit": commons.limit}

    @app.get("/sub")
    def read_sub(query_or_default: Annotated[str | None, Depends(query_or_cookie_extractor)]):
        return {"q_or_cookie": query_or_default}

    @app.get("/checker")
    def read_checker(
        fixed: Annotated[bool, Depends(FixedContentQueryChecker("bar"))],
        doubled: Annotated[int, Depends(AsyncChecker())],
    ):
        return {"fixed": fixed, "doubled": doubled}

    @app.get("/items/{item_id}")
    def read_item(
        item: Annotated[dict, Depends(item_from_path)],
        q: int,
        path: Annotated[str, Depends(request_path)],
        z: Annotated[int | None, Query(ge=0)] = None,
    ):
        return {"item": item, "q": q, "z": z, "path": path}

    @app.post("/body")
    def body_in_dependency(item: Annotated[Item, Depends(body_item)]):
        return item

    @app.post("/body-embed")
    def body_embedded(
        item: Annotated[Item, Depends(body_item)], importance: Annotated[int, Body(gt=0)]
    ):
        return {"item": item, "importance": importance}

    @app.post("/body-shared")
    def body_shared(via_dependency: Annotated[Item, Depends(body_item)], item: Item):
        return {"same": via_dependency == item, "item": item}

    return app


# -- the cache: each dependency once per request, unless use_cache=False --------------------


def cache_app() -> FastAPI:
    app = FastAPI()
    log: list[str] = []
    add_log(app, log)

    def counted():
        log.append("counted")
        return len(log)

    async def uses_counted(value: Annotated[int, Depends(counted)]):
        log.append("uses_counted")
        return value

    def needs_query(n: int):
        log.append("needs_query")
        return n

    @app.get("/cached")
    def cached(
        a: Annotated[int, Depends(counted)],
        b: Annotated[int, Depends(uses_counted)],
        c: Annotated[int, Depends(counted)],
    ):
        return {"a": a, "b": b, "c": c}

    @app.get("/uncached")
    async def uncached(
        a: Annotated[int, Depends(counted, use_cache=False)],
        b: Annotated[int, Depends(uses_counted)],
        c: Annotated[int, Depends(counted, use_cache=False)],
    ):
        return {"a": a, "b": b, "c": c}

    @app.get("/partly-invalid")
    def partly_invalid(
        first: Annotated[int, Depends(needs_query)],
        other: Annotated[int, Depends(counted)],
        second: Annotated[int, Depends(needs_query)],
        own: int,
    ):
        return {"first": first, "other": other, "second": second, "own": own}

    return app


# -- yield: teardown after the response, in reverse order, with the endpoint's exception -----


def yield_app() -> FastAPI:
    app = FastAPI()
    log: list[str] = []
    add_log(app, log)

    def sync_resource():
        log.append("sync setup")
        try:
            yield "S"
        except HTTPException as exc:
            log.append(f"sync saw {exc.status_code}")
            raise
        except OwnError:
            log.append("sync saw OwnError")
            raise
        finally:
            log.append("sync teardown")

    async def async_resource(s: Annotated[str, Depends(sync_resource)]):
        log.append("async setup")
        try:
            yield s + "A"
        finally:
            log.append("async teardown")

    def refuse():
        log.append("refuse setup")
        raise HTTPException(
            status_code=401, detail="go away", headers={"WWW-Authenticate": "Bearer"}
        )
        yield "never"

    @app.exception_handler(OwnError)
    async def own_error(request: Request, exc: OwnError):
        return JSONResponse({"own": True}, status_code=400)

    @app.get("/ok")
    async def ok(value: Annotated[str, Depends(async_resource)]):
        log.append("endpoint")
        return {"value": value}

    @app.get("/http-error")
    def http_error(value: Annotated[str, Depends(async_resource)]):
        log.append("endpoint")
        raise HTTPException(status_code=409, detail="conflict")

    @app.get("/own-error")
    def own(value: Annotated[str, Depends(async_resource)]):
        raise OwnError()

    @app.get("/refused")
    def refused(value: Annotated[str, Depends(sync_resource)], _: Annotated[str, Depends(refuse)]):
        log.append("endpoint")
        return {"value": value}

    def early_resource():
        log.append("early setup")
        try:
            yield "E"
        except HTTPException as exc:
            log.append(f"early saw {exc.status_code}")
            raise
        finally:
            log.append("early teardown")

    @app.get("/scoped")
    def scoped(
        late: Annotated[str, Depends(async_resource)],
        early: Annotated[str, Depends(early_resource, scope="function")],
        fail: bool = False,
    ):
        log.append("endpoint")
        if fail:
            raise HTTPException(status_code=418, detail="teapot")
        return {"value": late + early}

    @app.get("/invalid")
    def invalid(value: Annotated[str, Depends(sync_resource)], n: int):
        return {"value": value}

    return app


# -- guards: dependencies=[...] on the app, a router, include_router and a route ------------


def guards_app() -> FastAPI:
    log: list[str] = []

    def make_guard(name: str):
        def guard():
            log.append(name)
            return name

        return guard

    def verify_token(x_token: Annotated[str, Header()]):
        if x_token != "secret":
            raise HTTPException(status_code=401, detail="X-Token header invalid")

    def verify_key(x_key: Annotated[str, Header()]):
        if x_key != "key":
            raise HTTPException(status_code=403, detail="X-Key header invalid")
        return x_key

    app = FastAPI(dependencies=[Depends(make_guard("app"))])
    add_log(app, log)
    router = APIRouter(prefix="/r", dependencies=[Depends(make_guard("router"))])

    @router.get("/x", dependencies=[Depends(make_guard("route"))])
    def guarded():
        log.append("endpoint")
        return {"ok": True}

    app.include_router(router, dependencies=[Depends(make_guard("include"))])

    @app.get("/protected", dependencies=[Depends(verify_token), Depends(verify_key)])
    def protected(limit: int = 10):
        return {"limit": limit}

    return app


# -- a real database: commit, or roll back when the endpoint failed --------------------------


def get_path() -> str:
    raise RuntimeError("no database: the tests override get_path")


def get_connection(path: Annotated[str, Depends(get_path)]):
    connection = sqlite3.connect(path, check_same_thread=False)
    connection.execute("CREATE TABLE IF NOT EXISTS notes (title TEXT PRIMARY KEY)")
    try:
        yield connection
        connection.commit()
    except Exception:
        connection.rollback()
        raise
    finally:
        connection.close()


def sqlite_app() -> FastAPI:
    app = FastAPI()

    @app.exception_handler(sqlite3.IntegrityError)
    async def conflict(request: Request, exc: sqlite3.IntegrityError):
        return JSONResponse({"detail": str(exc)}, status_code=409)

    @app.post("/notes", status_code=201)
    def add_notes(
        titles: list[str], connection: Annotated[sqlite3.Connection, Depends(get_connection)]
    ):
        for title in titles:
            connection.execute("INSERT INTO notes (title) VALUES (?)", (title,))
        return {"added": len(titles)}

    @app.get("/notes")
    def list_notes(connection: Annotated[sqlite3.Connection, Depends(get_connection)]):
        return [row[0] for row in connection.execute("SELECT title FROM notes ORDER BY title")]

    return app


APPS = {
    "params": params_app,
    "cache": cache_app,
    "yield": yield_app,
    "guards": guards_app,
    "sqlite": sqlite_app,
}
