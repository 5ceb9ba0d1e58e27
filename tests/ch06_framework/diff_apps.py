"""Small FastAPI apps, written once as FastAPI users write them, for the differential tests.

``test_differential.py`` loads this file twice: as written (real FastAPI and pydantic) and
with its ``from fastapi ...``/``from pydantic ...`` lines changed to
``from chapters.ch06_framework import ...``. Nothing else may differ, so each app is built by
a function (a fresh app per load) that uses only names both frameworks export.
"""

import datetime
import decimal
import uuid
from enum import Enum, IntEnum
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Cookie, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field


class Color(str, Enum):
    red = "red"
    blue = "blue"


class Level(IntEnum):
    low = 1
    high = 2


class Image(BaseModel):
    url: str
    width: int = Field(gt=0)


class Item(BaseModel):
    name: str = Field(min_length=2, max_length=10)
    price: float = Field(gt=0)
    tags: list[str] = []
    image: Image | None = None


class User(BaseModel):
    username: str
    full_name: str | None = None


class ItemOut(BaseModel):
    name: str
    price: float


class ItemWithSecret(ItemOut):
    secret: str = "hidden"


def params_app() -> FastAPI:
    app = FastAPI()

    @app.get("/items/{item_id}")
    def read_item(item_id: int, q: str | None = None, short: bool = False):
        return {"item_id": item_id, "q": q, "short": short}

    @app.get("/search")
    def search(
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
        tags: Annotated[list[int], Query()] = [],  # noqa: B006  # FastAPI copies defaults
        color: Color | None = None,
        level: Level = Level.low,
        mode: Literal["fast", "slow"] = "fast",
        name: str = Query(None, min_length=3, pattern="^[a-z]+$"),
        item_query: str = Query("x", alias="item-query"),
    ):
        return {
            "limit": limit,
            "tags": tags,
            "color": color,
            "level": level,
            "mode": mode,
            "name": name,
            "iq": item_query,
        }

    @app.get("/files/{file_id}/{version}")
    async def file(
        file_id: Annotated[int, Path(gt=0, le=1000)],
        version: float,
        when: datetime.date | None = None,
    ):
        return {"file_id": file_id, "version": version, "when": when}

    @app.get("/headers")
    def headers(
        user_agent: str = Header(),
        x_token: Annotated[list[str] | None, Header()] = None,
        strange_header: Annotated[str | None, Header(convert_underscores=False)] = None,
        session: str | None = Cookie(None),
        count: Annotated[int, Cookie()] = 0,
    ):
        return {
            "ua": user_agent,
            "x_token": x_token,
            "strange": strange_header,
            "session": session,
            "count": count,
        }

    @app.get("/required")
    async def required(needed: int, uid: uuid.UUID, when: datetime.datetime):
        return {"needed": needed, "uid": uid, "when": when}

    @app.get("/request")
    async def with_request(request: Request, q: int = 0):
        return {"path": request.url.path, "q": q}

    return app


def body_app() -> FastAPI:
    app = FastAPI()

    @app.post("/items")
    def create_item(item: Item):
        return item

    @app.post("/items/{item_id}")
    async def update_item(
        item_id: int, item: Item, user: User, importance: Annotated[int, Body(gt=0)]
    ):
        return {"item_id": item_id, "item": item, "user": user, "importance": importance}

    @app.post("/embed")
    def embed(item: Annotated[Item, Body(embed=True)]):
        return {"got": item}

    @app.post("/many")
    def many(items: list[Item]):
        return {"count": len(items), "names": [item.name for item in items]}

    @app.post("/scalar")
    def scalar(value: Annotated[int, Body()]):
        return {"value": value}

    @app.post("/optional")
    def optional(item: Item | None = None):
        return {"item": item}

    @app.post("/mapping")
    def mapping(weights: dict[str, float]):
        return weights

    return app


def response_app() -> FastAPI:
    app = FastAPI()

    @app.get("/filtered", response_model=ItemOut)
    def filtered():
        return {"name": "hammer", "price": 3, "secret": "dropped"}

    @app.get("/annotated")
    def annotated() -> ItemOut:
        return ItemOut(name="saw", price=2.5)

    @app.get("/subclass", response_model=ItemOut)
    def subclass():
        return ItemWithSecret(name="saw", price=2.5)  # the secret must not leak

    @app.get("/list", response_model=list[ItemOut])
    def as_list():
        return [{"name": "a", "price": 1}, {"name": "b", "price": 2, "extra": True}]

    @app.post("/created", status_code=201)
    def created():
        return {"created": True}

    @app.delete("/gone", status_code=204)
    def gone():
        return None

    @app.get("/values")
    def values():
        return {
            "when": datetime.datetime(2024, 1, 2, 3, 4, 5),
            "day": datetime.date(2024, 1, 2),
            "uid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
            "color": Color.red,
            "level": Level.high,
            "whole": decimal.Decimal(3),
            "fraction": decimal.Decimal("2.50"),
            "set": {1},
            "tuple": (1, "a"),
            "model": User(username="ann"),
            "none": None,
            "text": "héllo",
        }

    @app.get("/text")
    def text() -> str:
        return "plain string"

    @app.get("/nothing")
    def nothing():
        return None

    @app.get("/raw")
    def raw():
        return PlainTextResponse("as is", status_code=202, headers={"X-Raw": "1"})

    @app.get("/teapot")
    def teapot():
        raise HTTPException(
            status_code=418, detail={"reason": "short and stout"}, headers={"X-Tea": "earl grey"}
        )

    @app.get("/unauthorized")
    async def unauthorized():
        raise HTTPException(
            status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"}
        )

    @app.get("/not-modified")
    async def not_modified():
        raise HTTPException(status_code=304)

    return app


class OutOfStock(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def handlers_app() -> FastAPI:
    app = FastAPI()

    @app.exception_handler(OutOfStock)
    async def out_of_stock(request: Request, exc: OutOfStock):
        return JSONResponse(status_code=409, content={"message": f"{exc.name} is out of stock"})

    @app.exception_handler(RequestValidationError)
    async def as_400(request: Request, exc: RequestValidationError):
        fields = [".".join(str(part) for part in error["loc"]) for error in exc.errors()]
        return JSONResponse(status_code=400, content={"invalid": fields, "body": exc.body})

    @app.exception_handler(404)
    async def not_found(request: Request, exc: HTTPException):
        return PlainTextResponse(f"nothing at {request.url.path}", status_code=404)

    @app.get("/stock/{name}")
    def stock(name: str):
        raise OutOfStock(name)

    @app.post("/validate")
    def validate(count: int, item: Item):
        return {"count": count}

    @app.get("/only-get")
    def only_get():
        return "ok"

    return app


def router_app() -> FastAPI:
    app = FastAPI()
    users = APIRouter(prefix="/users", tags=["users"])

    @users.get("/")
    def list_users(limit: int = 2):
        return [{"id": i} for i in range(limit)]

    @users.get("/{user_id}")
    def read_user(user_id: int):
        if user_id > 10:
            raise HTTPException(status_code=404, detail="User not found")
        return {"id": user_id}

    @users.put("/{user_id}", response_model=User)
    def replace_user(user_id: int, user: User):
        return user

    @users.api_route("/{user_id}/ping", methods=["GET", "POST"])
    def ping(user_id: int):
        return Response(content=f"pong {user_id}", media_type="text/plain")

    app.include_router(users, prefix="/v1")
    return app


APPS = {
    "params": params_app,
    "body": body_app,
    "response": response_app,
    "handlers": handlers_app,
    "router": router_app,
}
