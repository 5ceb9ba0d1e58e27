"""``app.openapi()`` on its own: what the document says, and that it stays a valid OpenAPI 3.1."""

from __future__ import annotations

import warnings
from enum import Enum
from typing import Annotated, Any

import pytest
from openapi_spec_validator import validate

from chapters.ch06_framework import FastAPI as UndocumentedFastAPI
from chapters.ch08_openapi import (
    APIRouter,
    BaseModel,
    Body,
    Depends,
    FastAPI,
    Field,
    Header,
    Query,
    get_openapi,
)
from chapters.ch08_openapi.demo import app as demo_app


class Kind(str, Enum):
    a = "a"
    b = "b"


class Inner(BaseModel):
    kind: Kind = Kind.a


class Outer(BaseModel):
    inner: Inner
    others: list[Inner] = Field(default_factory=list)
    note: str | None = Field(None, description="Free text")


def document(app: FastAPI) -> dict[str, Any]:
    result = app.openapi()
    validate(result)  # every document built in these tests is valid OpenAPI 3.1
    return result


def test_the_demo_document_is_valid_and_describes_every_route() -> None:
    result = document(demo_app)
    assert result["openapi"] == "3.1.0"
    assert result["info"]["title"] == "Shop" and result["info"]["version"] == "1.0.0"
    assert sorted(result["paths"]) == ["/calculate", "/items", "/items/{item_id}"]
    assert [tag["name"] for tag in result["tags"]] == ["items", "tools"]


def test_document_is_built_once_and_cached() -> None:
    app = FastAPI()

    @app.get("/one")
    def one() -> None: ...

    first = app.openapi()
    assert app.openapi() is first and app.openapi_schema is first

    @app.get("/two")
    def two() -> None: ...

    assert "/two" not in app.openapi()["paths"]  # as FastAPI: routes after the first call wait
    app.openapi_schema = None
    assert "/two" in app.openapi()["paths"]


def test_nested_models_enums_unions_and_optionals_are_components() -> None:
    app = FastAPI()

    @app.post("/outer", response_model=list[Outer])
    def post(outer: Outer) -> list[Outer]:
        return [outer]

    result = document(app)
    schemas = result["components"]["schemas"]
    assert sorted(schemas) == ["HTTPValidationError", "Inner", "Kind", "Outer", "ValidationError"]
    assert schemas["Outer"]["properties"]["inner"] == {"$ref": "#/components/schemas/Inner"}
    assert schemas["Outer"]["properties"]["note"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "description": "Free text",
        "title": "Note",
    }  # no "default": null, as in FastAPI's documents
    assert schemas["Kind"] == {"enum": ["a", "b"], "title": "Kind", "type": "string"}
    assert schemas["Inner"]["properties"]["kind"] == {
        "$ref": "#/components/schemas/Kind",
        "default": "a",
    }
    operation = result["paths"]["/outer"]["post"]
    assert operation["requestBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Outer"}}},
        "required": True,
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "items": {"$ref": "#/components/schemas/Outer"},
        "title": "Response Post Outer Post",
        "type": "array",
    }


def test_parameters_carry_required_schema_description_and_constraints() -> None:
    app = FastAPI()

    @app.get("/search/{area}")
    def search(
        area: int,
        q: Annotated[str, Query(min_length=2, description="Words to find")],
        limit: Annotated[int, Query(ge=1, le=10)] = 5,
        x_trace: Annotated[str | None, Header()] = None,
        hidden: Annotated[int, Query(include_in_schema=False)] = 0,
    ) -> None: ...

    parameters = document(app)["paths"]["/search/{area}"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("area", "path", True),
        ("q", "query", True),
        ("limit", "query", False),
        ("x-trace", "header", False),
    ]
    assert parameters[1]["description"] == "Words to find"
    assert parameters[1]["schema"]["minLength"] == 2
    assert parameters[2]["schema"] == {
        "default": 5,
        "maximum": 10,
        "minimum": 1,
        "title": "Limit",
        "type": "integer",
    }


def token(x_token: Annotated[str, Header()]) -> str:
    return x_token


def user(token_value: Annotated[str, Depends(token)], verbose: bool = False) -> str:
    return token_value


def test_dependencies_parameters_join_the_operation_once() -> None:
    app = FastAPI()

    @app.get("/me", dependencies=[Depends(token)])
    def me(name: Annotated[str, Depends(user)], q: int = 0) -> str:
        return name

    parameters = document(app)["paths"]["/me"]["get"]["parameters"]
    assert [(p["name"], p["in"]) for p in parameters] == [
        ("q", "query"),
        ("verbose", "query"),
        ("x-token", "header"),
    ]


def test_a_route_that_cannot_fail_validation_has_no_422() -> None:
    app = FastAPI()

    @app.get("/static")
    def static() -> dict[str, str]:
        return {}

    @app.post("/body")
    def body(value: Annotated[int, Body()]) -> None: ...

    result = document(app)
    assert sorted(result["paths"]["/static"]["get"]["responses"]) == ["200"]
    assert sorted(result["paths"]["/body"]["post"]["responses"]) == ["200", "422"]
    assert result["paths"]["/static"]["get"]["responses"]["200"]["content"] == {
        "application/json": {"schema": {"additionalProperties": {"type": "string"},
                                        "title": "Response Static Static Get",
                                        "type": "object"}}
    }  # fmt: skip


def test_operation_ids_are_unique_even_for_a_route_with_two_methods() -> None:
    app = FastAPI()
    router = APIRouter(prefix="/v1", tags=["things"])

    @router.api_route("/things/{thing_id}", methods=["GET", "PUT"])
    def thing(thing_id: int) -> None: ...

    app.include_router(router)
    item = document(app)["paths"]["/v1/things/{thing_id}"]
    assert item["get"]["operationId"] == "thing_v1_things__thing_id__get"
    assert item["put"]["operationId"] == "thing_v1_things__thing_id__put"
    assert item["get"]["tags"] == ["things"] and item["get"]["summary"] == "Thing"


def test_an_explicit_operation_id_used_twice_warns() -> None:
    app = FastAPI()

    @app.get("/a", operation_id="same")
    def a() -> None: ...

    @app.get("/b", operation_id="same")
    def b() -> None: ...

    with pytest.warns(UserWarning, match="Duplicate Operation ID same"):
        app.openapi()


def test_hidden_routes_and_the_docs_own_routes_are_not_documented() -> None:
    app = FastAPI()

    @app.get("/shown")
    def shown() -> None: ...

    @app.get("/hidden", include_in_schema=False)
    def hidden() -> None: ...

    hidden_router = APIRouter(include_in_schema=False)

    @hidden_router.get("/internal")
    def internal() -> None: ...

    app.include_router(hidden_router)
    assert list(document(app)["paths"]) == ["/shown"]


def test_get_openapi_documents_an_undocumented_chapter_06_app() -> None:
    """The generator reads chapter 06's routes too: its input is routes, not this app class."""
    app = UndocumentedFastAPI(title="Plain")

    @app.get("/items/{item_id}")
    def read_item(item_id: int, q: str | None = None) -> Outer: ...

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = get_openapi(title=app.title, version=app.version, routes=app.routes)
    validate(result)
    assert [p["name"] for p in result["paths"]["/items/{item_id}"]["get"]["parameters"]] == [
        "item_id",
        "q",
    ]


def test_info_fields_and_servers() -> None:
    app = FastAPI(
        title="T",
        version="9",
        summary="S",
        description="D",
        terms_of_service="https://example.com/terms",
        contact={"name": "Ann", "email": "ann@example.com"},
        license_info={"name": "MIT", "identifier": "MIT"},
        servers=[{"url": "https://api.example.com"}],
    )
    result = document(app)
    assert result["info"] == {
        "title": "T",
        "version": "9",
        "summary": "S",
        "description": "D",
        "termsOfService": "https://example.com/terms",
        "contact": {"name": "Ann", "email": "ann@example.com"},
        "license": {"name": "MIT", "identifier": "MIT"},
    }
    assert result["servers"] == [{"url": "https://api.example.com"}]
    assert result["paths"] == {}
