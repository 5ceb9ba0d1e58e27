"""A real Starlette app and a real FastAPI app, as their users write them, for interop tests.

Each factory returns a fresh app (its lifespan state and its background-task event are its
own), so the same code can run on our server and on uvicorn side by side.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import BackgroundTasks, FastAPI
from fastapi import Request as FastAPIRequest
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from chapters.ch04_asgi import ASGIApp


@dataclass
class FrameworkApp:
    app: ASGIApp
    background_done: threading.Event = field(default_factory=threading.Event)


async def parts() -> AsyncIterator[bytes]:
    for i in range(3):
        yield b"part %d\n" % i


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
    yield {"started": "yes"}  # becomes request.state.started in every request


def starlette_app() -> FrameworkApp:
    holder = FrameworkApp(app=None)  # type: ignore[arg-type]

    async def home(request: Request) -> Response:
        return PlainTextResponse("home")

    async def item(request: Request) -> Response:
        return JSONResponse({"id": request.path_params["item_id"], "q": request.query_params.get("q")})

    async def create(request: Request) -> Response:
        data = await request.json()
        return JSONResponse({"created": data}, status_code=201)

    async def stream(request: Request) -> Response:
        return StreamingResponse(parts(), media_type="text/plain")

    async def background(request: Request) -> Response:
        return PlainTextResponse("queued", background=BackgroundTask(holder.background_done.set))

    async def state(request: Request) -> Response:
        return JSONResponse({"started": request.state.started})

    holder.app = Starlette(
        routes=[
            Route("/", home),
            Route("/items/{item_id:int}", item),
            Route("/items", create, methods=["POST"]),
            Route("/stream", stream),
            Route("/background", background),
            Route("/state", state),
        ],
        lifespan=lifespan,
    )
    return holder


class Item(BaseModel):
    name: str
    price: float


def fastapi_app() -> FrameworkApp:
    app = FastAPI(lifespan=lifespan)
    holder = FrameworkApp(app=app)

    @app.get("/")
    def home() -> dict[str, str]:  # a plain def: FastAPI runs it in its thread pool
        return {"hello": "world"}

    @app.get("/items/{item_id}")
    async def read_item(item_id: int, q: str | None = None) -> dict[str, Any]:
        return {"id": item_id, "q": q}

    @app.post("/items", status_code=201)
    async def create_item(item: Item) -> Item:
        return item

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        return StreamingResponse(parts(), media_type="text/plain")

    @app.get("/background")
    async def background(tasks: BackgroundTasks) -> dict[str, str]:
        tasks.add_task(holder.background_done.set)
        return {"status": "queued"}

    @app.get("/state")
    async def state(request: FastAPIRequest) -> dict[str, Any]:
        return {"started": request.state.started}

    return holder


FRAMEWORKS = {"starlette": starlette_app, "fastapi": fastapi_app}
