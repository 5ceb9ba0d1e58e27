"""APIRoute and APIRouter: options stored, prefixes and tags, response models, swappable classes."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from chapters.ch06_framework import (
    APIRoute,
    APIRouter,
    BaseModel,
    FastAPI,
    FastAPIError,
    PlainTextResponse,
    Request,
    ResponseValidationError,
    TestClient,
)
from chapters.ch06_framework.analysis import ParamSpec, SignatureAnalyzer
from chapters.ch06_framework.solving import RequestSolver


class Item(BaseModel):
    name: str


def test_route_keeps_its_options_for_later_chapters() -> None:
    def read_items() -> list[Item]:
        """List the items.

        Every one of them."""
        return []

    route = APIRoute(
        "/items",
        read_items,
        methods=["get"],
        tags=["items"],
        dependencies=["placeholder"],
        summary="All",
    )
    assert (route.methods, route.tags, route.dependencies, route.summary) == (
        {"GET"},
        ["items"],
        ["placeholder"],
        "All",
    )
    assert route.description == "List the items.\n\nEvery one of them."
    assert route.response_model == list[Item]  # taken from the return annotation
    assert route.name == "read_items" and route.status_code is None


@pytest.mark.parametrize(
    ("annotation", "options", "expected"),
    [
        (Item, {}, Item),
        (Item, {"response_model": None}, None),  # explicitly unchecked
        (PlainTextResponse, {}, None),  # a Response is sent as is
        (None, {}, None),
        (Any, {}, None),
        (dict, {"response_model": list[int]}, list[int]),  # the explicit one wins
    ],
)
def test_response_model_inference(annotation: Any, options: dict[str, Any], expected: Any) -> None:
    def endpoint() -> None: ...

    endpoint.__annotations__["return"] = annotation
    assert APIRoute("/", endpoint, **options).response_model == expected


def test_no_response_model_for_a_204() -> None:
    def endpoint() -> Item: ...

    assert APIRoute("/", endpoint, status_code=204).response_adapter is None


def test_a_response_model_that_cannot_be_compiled_is_refused_at_registration() -> None:
    def endpoint() -> object: ...

    class NotAType:
        pass

    with pytest.raises(FastAPIError, match="response_model=None"):
        APIRoute("/", endpoint, response_model=NotAType())


def test_a_bad_return_value_is_a_server_error() -> None:
    app = FastAPI()

    @app.get("/", response_model=Item)
    def bad() -> dict[str, int]:
        return {"nope": 1}

    with pytest.raises(ResponseValidationError) as caught:
        TestClient(app).get("/")
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [
        ("missing", ("response", "name"))
    ]
    response = TestClient(app, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.text) == (500, "Internal Server Error")


def test_router_prefix_tags_and_include_router() -> None:
    inner = APIRouter(prefix="/items", tags=["items"], dependencies=["router-dep"])

    @inner.get("/{item_id}", tags=["read"])
    def read_item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    @inner.post("", status_code=201)
    def create_item(item: Item) -> Item:
        return item

    app = FastAPI(dependencies=["app-dep"])
    app.include_router(inner, prefix="/v1", tags=["v1"], dependencies=["include-dep"])
    routes = {route.path: route for route in app.routes if isinstance(route, APIRoute)}
    assert set(routes) == {"/v1/items/{item_id}", "/v1/items"}
    read = routes["/v1/items/{item_id}"]
    assert read.tags == ["v1", "items", "read"]
    assert read.dependencies == ["app-dep", "include-dep", "router-dep"]
    client = TestClient(app)
    assert client.get("/v1/items/3").json() == {"item_id": 3}
    created = client.post("/v1/items", json={"name": "saw", "extra": 1})
    assert (created.status_code, created.json()) == (201, {"name": "saw"})


@pytest.mark.parametrize("prefix", ["items", "/items/"])
def test_a_prefix_must_start_and_not_end_with_a_slash(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        APIRouter(prefix=prefix)


def test_api_route_with_several_methods_and_no_implicit_head() -> None:
    app = FastAPI()

    @app.api_route("/ping", methods=["GET", "POST"])
    async def ping(request: Request) -> str:
        return request.method

    client = TestClient(app)
    assert client.get("/ping").json() == "GET" and client.post("/ping").json() == "POST"
    head = client.head("/ping")
    assert (head.status_code, head.headers["allow"]) == (405, "GET, POST")


def test_sync_endpoints_run_in_a_worker_thread_async_ones_on_the_loop() -> None:
    app = FastAPI()
    seen: dict[str, str] = {}

    @app.get("/sync")
    def sync_endpoint() -> None:
        seen["sync"] = threading.current_thread().name

    @app.get("/async")
    async def async_endpoint() -> None:
        asyncio.get_running_loop()  # raises if not on the loop
        seen["async"] = threading.current_thread().name

    client = TestClient(app)
    client.get("/sync")
    client.get("/async")
    assert seen["sync"] != seen["async"]


class RecordingAnalyzer(SignatureAnalyzer):
    """What chapter 07 does: one more rule in front of the inherited ones."""

    def analyze_param(self, name: str, annotation: Any, default: Any) -> ParamSpec:
        if name == "magic":
            return ParamSpec(name, "magic")
        return super().analyze_param(name, annotation, default)


class RecordingSolver(RequestSolver):
    async def solve(self, request: Request, body: Any = None) -> tuple[dict[str, Any], list[Any]]:
        values, errors = await super().solve(request, body)
        values.update({spec.name: 42 for spec in self.spec.params if spec.source == "magic"})
        return values, errors


class MagicRoute(APIRoute):
    analyzer_class = RecordingAnalyzer
    solver_class = RecordingSolver


def test_the_route_class_and_its_analyzer_and_solver_are_swappable() -> None:
    class MagicRouter(APIRouter):
        route_class = MagicRoute

    class MagicApp(FastAPI):
        router_class = MagicRouter

    app = MagicApp()

    @app.get("/")
    def endpoint(q: int, magic: Any) -> dict[str, int]:
        return {"q": q, "magic": magic}

    assert isinstance(app.routes[0], MagicRoute)
    assert TestClient(app).get("/?q=1").json() == {"q": 1, "magic": 42}
    assert FastAPI(route_class=MagicRoute).router.route_class is MagicRoute
