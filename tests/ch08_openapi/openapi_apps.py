"""FastAPI apps written once, as FastAPI users write them, to compare OpenAPI documents.

``test_differential.py`` loads this file as written (real FastAPI and pydantic) and with its
``from fastapi ...``/``from pydantic ...`` lines pointed at ``chapters.ch08_openapi``. Each
app exercises what the document must say: metadata (title, version, description, tags,
summaries, docstrings, deprecation), models (nested, optional, enums, unions, lists, dicts,
defaults, constraints, aliases, descriptions), status codes and extra responses, routes
hidden from the schema, and dependencies whose parameters belong to the operations using them.
"""

from enum import Enum
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Cookie, Depends, FastAPI, Header, Path, Query
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, Field


class Size(str, Enum):
    small = "small"
    large = "large"


class Dimensions(BaseModel):
    """Outer measures, in centimetres."""

    width: float = Field(gt=0, description="Left to right")
    height: float = Field(gt=0)
    depth: float | None = None


class Product(BaseModel):
    """Something the shop sells."""

    name: str = Field(min_length=1, max_length=40, examples=["Hammer"])
    price: float = Field(gt=0, le=10_000)
    size: Size = Size.small
    tags: set[str] = set()
    dimensions: Dimensions | None = None
    ratings: dict[str, int] = {}
    code: str = Field("x-1", alias="productCode", pattern="^[a-z]-[0-9]+$")
    kind: Literal["tool", "toy"] = "tool"
    weight: int | float = 1


class Message(BaseModel):
    detail: str


class Page(BaseModel):
    items: list[Product]
    total: int
    next: str | None = None


def metadata_app() -> FastAPI:
    app = FastAPI(
        title="Shop API",
        version="2.5.0",
        description="Sells *things*.",
        summary="A shop",
        openapi_tags=[{"name": "products", "description": "What we sell"}],
    )

    @app.get("/", tags=["meta"], summary="Say hello")
    def root():
        return {"hello": "world"}

    @app.get("/described", description="Given explicitly.", deprecated=True)
    async def described():
        """Not used: the description argument wins."""
        return {}

    @app.get("/documented")
    def documented_endpoint():
        """First line.

        More text, indented in the source.
        \f
        Everything after the form feed stays private.
        """
        return {}

    @app.get("/custom-id", operation_id="my_custom_id", response_description="It worked")
    def custom():
        return {}

    @app.get("/hidden", include_in_schema=False)
    def hidden(q: int = 0):
        return {}

    @app.get("/page", response_class=HTMLResponse)
    def page():
        return "<p>hi</p>"

    @app.get("/text", response_class=PlainTextResponse, status_code=202)
    def text():
        return "accepted"

    return app


def models_app() -> FastAPI:
    app = FastAPI()
    products = APIRouter(prefix="/products", tags=["products"])

    @products.post("", status_code=201, response_model=Product)
    def create_product(product: Product):
        return product

    @products.get("", response_model=Page)
    def list_products(
        size: Size | None = None,
        limit: Annotated[int, Query(ge=1, le=100, description="Page size")] = 20,
        sort: Literal["name", "price"] = "name",
        tags: Annotated[list[str] | None, Query()] = None,
    ):
        return {"items": [], "total": 0}

    @products.get(
        "/{product_id}",
        response_model=Product,
        responses={404: {"model": Message, "description": "No such product"}, 418: {}},
    )
    def read_product(
        product_id: Annotated[int, Path(gt=0, description="The product's number")],
        x_request_id: Annotated[str | None, Header(max_length=36)] = None,
    ):
        return {}

    @products.put("/{product_id}/dimensions", response_model=Dimensions)
    def set_dimensions(
        product_id: int,
        dimensions: Dimensions,
        reason: Annotated[str, Body(min_length=3)],
        notify: Annotated[bool, Body()] = False,
    ):
        return dimensions

    @products.patch("/{product_id}/price")
    def set_price(product_id: int, price: Annotated[float, Body(embed=True, gt=0)]):
        return {"price": price}

    @products.delete("/{product_id}", status_code=204)
    def delete_product(product_id: int):
        return None

    @products.post("/bulk", response_model=list[Product])
    def bulk(items: list[Product], dry_run: bool = False):
        return items

    app.include_router(products, prefix="/v2")
    return app


class Pagination:
    def __init__(self, offset: int = 0, limit: Annotated[int, Query(ge=1, le=50)] = 10):
        self.offset, self.limit = offset, limit


def api_key(x_api_key: Annotated[str, Header()]):
    return x_api_key


def current_user(key: Annotated[str, Depends(api_key)], session: str | None = Cookie(None)):
    return {"key": key, "session": session}


def audit(reason: Annotated[str | None, Query(max_length=50)] = None):
    return reason


def payload(note: Annotated[Dimensions, Body()]):
    return note


def dependencies_app() -> FastAPI:
    app = FastAPI(dependencies=[Depends(audit)])
    users = APIRouter(prefix="/users", dependencies=[Depends(api_key)])

    @users.get("")
    def list_users(page: Annotated[Pagination, Depends()], q: str | None = None):
        return {"offset": page.offset}

    @users.get("/{user_id}")
    def read_user(user_id: int, user: Annotated[dict, Depends(current_user)]):
        return user

    @users.post("/{user_id}/notes")
    def add_note(
        user_id: int,
        note: Annotated[Dimensions, Depends(payload)],
        user: Annotated[dict, Depends(current_user)],
        priority: Annotated[int, Body(ge=0)] = 0,
    ):
        return {}

    @app.get("/plain", dependencies=[Depends(current_user)])
    def plain():
        return {}

    app.include_router(users)
    return app


APPS = {"metadata": metadata_app, "models": models_app, "dependencies": dependencies_app}
