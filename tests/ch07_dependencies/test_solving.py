"""Solving per request: the cache, sync and async dependencies, yield teardown, overrides."""

import asyncio
import threading
from typing import Annotated, Any

import pytest

from chapters.ch04_asgi.types import Message
from chapters.ch07_dependencies import (
    APIRouter,
    Depends,
    FastAPI,
    FastAPIError,
    HTTPException,
    Query,
    TestClient,
)
from tests.ch05_toolkit.asgi_call import http_scope

# -- the cache -----------------------------------------------------------------------------


def counting_app() -> tuple[FastAPI, list[str]]:
    calls: list[str] = []
    app = FastAPI()

    def dep() -> int:
        calls.append("dep")
        return len(calls)

    async def outer(value: Annotated[int, Depends(dep)]) -> int:
        calls.append("outer")
        return value

    @app.get("/cached")
    def cached(
        a: Annotated[int, Depends(dep)],
        b: Annotated[int, Depends(outer)],
        c: Annotated[int, Depends(dep)],
    ) -> list[int]:
        return [a, b, c]

    @app.get("/uncached")
    def uncached(
        a: Annotated[int, Depends(dep, use_cache=False)],
        b: Annotated[int, Depends(dep, use_cache=False)],
    ) -> list[int]:
        return [a, b]

    return app, calls


def test_a_dependency_is_called_once_per_request() -> None:
    app, calls = counting_app()
    client = TestClient(app)
    assert client.get("/cached").json() == [1, 1, 1]
    assert calls == ["dep", "outer"]
    calls.clear()
    assert client.get("/cached").json() == [1, 1, 1]  # a new request, a new cache
    assert calls == ["dep", "outer"]


def test_use_cache_false_calls_it_each_time() -> None:
    app, calls = counting_app()
    assert TestClient(app).get("/uncached").json() == [1, 2]
    assert calls == ["dep", "dep"]


# -- where dependencies run ----------------------------------------------------------------


def test_sync_dependencies_run_in_worker_threads_async_ones_on_the_loop() -> None:
    threads: dict[str, int] = {}
    app = FastAPI()

    def sync_dep() -> None:
        threads["sync"] = threading.get_ident()

    def sync_gen() -> Any:
        threads["sync generator"] = threading.get_ident()
        yield

    async def async_dep(
        a: Annotated[None, Depends(sync_dep)], b: Annotated[None, Depends(sync_gen)]
    ) -> None:
        threads["async"] = threading.get_ident()

    async def async_gen() -> Any:
        threads["async generator"] = threading.get_ident()
        yield

    @app.get("/")
    async def read(
        a: Annotated[None, Depends(async_dep)], b: Annotated[None, Depends(async_gen)]
    ) -> None:
        threads["endpoint"] = threading.get_ident()

    assert TestClient(app).get("/").status_code == 200
    loop = threads["endpoint"]
    assert threads["async"] == threads["async generator"] == loop
    assert threads["sync"] != loop and threads["sync generator"] != loop


def test_async_dependencies_of_one_request_may_wait_without_blocking_others() -> None:
    """Two requests whose async dependencies wait for each other finish: the loop is free."""
    arrived = 0
    both = asyncio.Event()

    async def meet() -> None:
        nonlocal arrived
        arrived += 1
        if arrived == 2:
            both.set()
        await asyncio.wait_for(both.wait(), timeout=5)

    app = FastAPI()

    @app.get("/")
    async def read(_: Annotated[None, Depends(meet)]) -> str:
        return "met"

    async def two_requests() -> list[int]:
        statuses = await asyncio.gather(*(asgi_status(app) for _ in range(2)))
        return list(statuses)

    assert asyncio.run(two_requests()) == [200, 200]


async def asgi_status(app: Any) -> int:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(http_scope("GET", "/"), receive, send)
    return int(sent[0]["status"])


# -- yield: teardown after the response is sent --------------------------------------------


def test_teardown_runs_after_the_response_is_sent_in_reverse_order() -> None:
    events: list[str] = []
    app = FastAPI()

    def first() -> Any:
        events.append("first setup")
        yield "1"
        events.append("first teardown")

    async def second(one: Annotated[str, Depends(first)]) -> Any:
        events.append("second setup")
        yield one + "2"
        events.append("second teardown")

    @app.get("/")
    def read(value: Annotated[str, Depends(second)]) -> str:
        events.append("endpoint")
        return value

    async def run() -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            events.append(message["type"])

        await app(http_scope("GET", "/"), receive, send)

    asyncio.run(run())
    assert events == [
        "first setup",
        "second setup",
        "endpoint",
        "http.response.start",
        "http.response.body",
        "second teardown",
        "first teardown",
    ]


def test_the_endpoints_exception_is_thrown_in_at_the_yield() -> None:
    seen: list[str] = []
    app = FastAPI()

    def transaction() -> Any:
        try:
            yield
        except HTTPException as exc:
            seen.append(f"rolled back after {exc.status_code}")
            raise
        else:
            seen.append("committed")

    @app.get("/{n}")
    def read(n: int, _: Annotated[None, Depends(transaction)]) -> int:
        if n < 0:
            raise HTTPException(400, "negative")
        return n

    client = TestClient(app)
    assert client.get("/3").json() == 3
    assert client.get("/-1").status_code == 400
    assert seen == ["committed", "rolled back after 400"]


def test_an_exception_swallowed_by_a_dependency_is_an_error_not_a_silent_hang() -> None:
    app = FastAPI()

    def swallow() -> Any:
        try:
            yield
        except ValueError:
            pass  # no `raise`: there is no response any more

    @app.get("/")
    def read(_: Annotated[None, Depends(swallow)]) -> None:
        raise ValueError("boom")

    with pytest.raises(FastAPIError, match="without raising it again"):
        TestClient(app).get("/")
    assert TestClient(app, raise_server_exceptions=False).get("/").status_code == 500


def test_an_http_exception_in_a_dependency_is_its_response() -> None:
    app = FastAPI()

    def refuse() -> None:
        raise HTTPException(401, "who are you?", headers={"WWW-Authenticate": "Bearer"})

    @app.get("/", dependencies=[Depends(refuse)])
    def read() -> None:
        raise AssertionError("never called")

    response = TestClient(app).get("/")
    assert (response.status_code, response.json()) == (401, {"detail": "who are you?"})
    assert response.headers["www-authenticate"] == "Bearer"


# -- 422: the dependencies' parameters are in the same list ----------------------------------


def test_a_dependency_query_error_has_its_own_loc_before_the_endpoints() -> None:
    app = FastAPI()

    def paginate(
        offset: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(le=50)] = 10
    ) -> tuple[int, int]:
        return offset, limit

    @app.get("/")
    def read(page: Annotated[tuple[int, int], Depends(paginate)], sort: int) -> None: ...

    detail = TestClient(app).get("/?offset=-1&limit=51&sort=up").json()["detail"]
    assert [(e["loc"], e["type"]) for e in detail] == [
        (["query", "offset"], "greater_than_equal"),
        (["query", "limit"], "less_than_equal"),
        (["query", "sort"], "int_parsing"),
    ]


# -- overrides -------------------------------------------------------------------------------


def get_settings() -> str:
    return "production"


def settings_reader(settings: Annotated[str, Depends(get_settings)]) -> str:
    return f"read {settings}"


def override_app() -> FastAPI:
    app = FastAPI()
    router = APIRouter(prefix="/r")

    @router.get("/")
    def via_router(value: Annotated[str, Depends(settings_reader)]) -> str:
        return value

    @app.get("/")
    def direct(value: Annotated[str, Depends(get_settings)]) -> str:
        return value

    app.include_router(router)
    return app


def test_an_override_replaces_the_dependency_everywhere_until_cleared() -> None:
    app = override_app()
    client = TestClient(app)
    assert client.get("/").json() == "production"
    app.dependency_overrides[get_settings] = lambda: "test"
    assert (client.get("/").json(), client.get("/r/").json()) == ("test", "read test")
    app.dependency_overrides.clear()
    assert client.get("/r/").json() == "read production"


def test_an_override_has_parameters_of_its_own() -> None:
    app = override_app()

    def from_query(env: str = "staging") -> str:
        return env

    app.dependency_overrides[get_settings] = from_query
    client = TestClient(app)
    assert client.get("/?env=dev").json() == "dev"
    assert client.get("/r/").json() == "read staging"
    assert client.get("/?env=").json() == ""


def test_an_override_can_be_a_generator_and_is_torn_down() -> None:
    app = override_app()
    events: list[str] = []

    def fake() -> Any:
        events.append("open")
        yield "fake"
        events.append("close")

    app.dependency_overrides[settings_reader] = fake
    assert TestClient(app).get("/r/").json() == "fake"
    assert events == ["open", "close"]


# -- scope="function": torn down before the response is sent ---------------------------------


def test_a_function_scoped_dependency_is_torn_down_before_the_response_is_sent() -> None:
    events: list[str] = []
    app = FastAPI()

    def late() -> Any:
        yield
        events.append("late teardown")

    def early() -> Any:
        yield
        events.append("early teardown")

    @app.get("/")
    def read(
        a: Annotated[None, Depends(late)], b: Annotated[None, Depends(early, scope="function")]
    ) -> None:
        events.append("endpoint")

    async def run() -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            events.append(message["type"])

        await app(http_scope("GET", "/"), receive, send)

    asyncio.run(run())
    assert events == [
        "endpoint",
        "early teardown",
        "http.response.start",
        "http.response.body",
        "late teardown",
    ]


def test_scopes_are_separate_cache_entries() -> None:
    opened: list[str] = []
    app = FastAPI()

    def resource() -> Any:
        opened.append("open")
        yield len(opened)

    @app.get("/")
    def read(
        a: Annotated[int, Depends(resource)],
        b: Annotated[int, Depends(resource, scope="function")],
        c: Annotated[int, Depends(resource, scope="function")],
    ) -> list[int]:
        return [a, b, c]

    assert TestClient(app).get("/").json() == [1, 2, 2]


def test_a_request_scoped_generator_cannot_need_a_function_scoped_one() -> None:
    from chapters.ch07_dependencies.dependencies import DependencyScopeError

    def early() -> Any:
        yield

    def late(_: Annotated[None, Depends(early, scope="function")]) -> Any:
        yield

    app = FastAPI()
    with pytest.raises(DependencyScopeError, match="late is torn down after the response"):

        @app.get("/")
        def read(_: Annotated[None, Depends(late)]) -> None: ...

    @app.get("/fine")  # when `late` itself is torn down early, the order holds
    def fine(_: Annotated[None, Depends(late, scope="function")]) -> None: ...
