"""The application: default and replaced exception handlers, lifespan, chapter 05's machinery kept."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from chapters.ch05_toolkit import GZipMiddleware, Middleware, Starlette
from chapters.ch05_toolkit import HTTPException as ToolkitHTTPException
from chapters.ch06_framework import (
    FastAPI,
    HTTPException,
    JSONResponse,
    PlainTextResponse,
    Request,
    RequestValidationError,
    TestClient,
    status,
)
from chapters.ch06_framework.exception_handlers import (
    http_exception_handler,
    is_body_allowed_for_status_code,
    request_validation_exception_handler,
)


def test_fastapi_is_a_starlette_and_its_exceptions_are_the_toolkits() -> None:
    assert issubclass(FastAPI, Starlette) and issubclass(HTTPException, ToolkitHTTPException)
    assert HTTPException(404).detail == "Not Found" and HTTPException(400, detail=["a"]).detail == [
        "a"
    ]
    assert status.HTTP_422_UNPROCESSABLE_CONTENT == status.HTTP_422_UNPROCESSABLE_ENTITY == 422


def test_default_handlers_answer_json() -> None:
    app = FastAPI()

    @app.get("/forbidden")
    def forbidden() -> None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail={"need": "admin"}, headers={"X-Why": "role"}
        )

    @app.get("/toolkit")
    def toolkit() -> None:
        raise ToolkitHTTPException(409)  # chapter 05's exception gets the JSON answer too

    @app.get("/unchanged")
    def unchanged() -> None:
        raise HTTPException(304)

    client = TestClient(app)
    forbidden_response = client.get("/forbidden")
    assert (forbidden_response.status_code, forbidden_response.json()) == (
        403,
        {"detail": {"need": "admin"}},
    )
    assert forbidden_response.headers["x-why"] == "role"
    assert client.get("/toolkit").json() == {"detail": "Conflict"}
    not_modified = client.get("/unchanged")
    assert (
        not_modified.status_code,
        not_modified.content,
        "content-type" in not_modified.headers,
    ) == (304, b"", False)
    assert client.get("/missing").json() == {"detail": "Not Found"}
    assert client.post("/forbidden").json() == {"detail": "Method Not Allowed"}


def test_handlers_are_replaceable_by_class_and_by_status() -> None:
    async def plain_422(request: Request, exc: Exception) -> PlainTextResponse:
        assert isinstance(exc, RequestValidationError)
        return PlainTextResponse(f"{len(exc.errors())} errors in {exc.body!r}", status_code=400)

    app = FastAPI(exception_handlers={RequestValidationError: plain_422})

    @app.exception_handler(404)
    def not_found(request: Request, exc: Exception) -> JSONResponse:  # a sync handler works too
        return JSONResponse({"missing": request.url.path}, status_code=404)

    @app.exception_handler(KeyError)
    async def key_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"key": str(exc)}, status_code=410)

    @app.post("/items")
    async def create(count: int, names: list[str]) -> dict[str, Any]:
        return {}

    @app.get("/keys")
    async def keys() -> None:
        raise KeyError("gone")

    client = TestClient(app)
    invalid = client.post("/items?count=x", json=["a", 2])
    assert (invalid.status_code, invalid.text) == (400, "2 errors in ['a', 2]")
    assert client.get("/nowhere").json() == {"missing": "/nowhere"}
    assert client.get("/keys").json() == {"key": "'gone'"}


def test_lifespan_state_reaches_the_endpoints() -> None:
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        events.append("startup")
        yield {"greeting": "hello"}
        events.append("shutdown")

    app = FastAPI(lifespan=lifespan)

    @app.get("/")
    async def home(request: Request) -> dict[str, str]:
        return {"greeting": request.state.greeting}

    with TestClient(app) as client:
        assert client.get("/").json() == {"greeting": "hello"}
        assert events == ["startup"]
    assert events == ["startup", "shutdown"]


def test_middleware_from_chapter_05_wraps_the_typed_routes() -> None:
    app = FastAPI(middleware=[Middleware(GZipMiddleware, minimum_size=10)])

    @app.get("/big")
    def big() -> list[int]:
        return list(range(200))

    response = TestClient(app).get("/big", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content)) == list(range(200))


def test_the_default_handlers_alone() -> None:
    request = Request(
        {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}
    )
    error = RequestValidationError(
        [{"type": "missing", "loc": ("query", "q"), "msg": "Field required", "input": None}]
    )
    response = asyncio.run(request_validation_exception_handler(request, error))
    assert (response.status_code, response.body) == (
        422,
        b'{"detail":[{"type":"missing","loc":["query","q"],"msg":"Field required","input":null}]}',
    )
    response = asyncio.run(http_exception_handler(request, HTTPException(204)))
    assert (response.status_code, response.body) == (204, b"")
    assert [is_body_allowed_for_status_code(code) for code in (None, 101, 200, 204, 304, 404)] == [
        True, False, True, False, False, True,
    ]  # fmt: skip
    assert "1 validation error:" in str(error)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options", "head"])
def test_every_method_decorator(method: str) -> None:
    app = FastAPI()
    getattr(app, method)("/", status_code=202)(lambda: {"ok": True})
    response = TestClient(app).request(method.upper(), "/")
    assert response.status_code == 202
