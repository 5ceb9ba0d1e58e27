"""The chapter's demo application: what ``python -m chapters.ch05_toolkit`` serves.

Written exactly as for Starlette (only the imports differ): a hello route, typed path
parameters, JSON, a streamed response, and CORS and GZip middleware around them all.
Try ``curl -i localhost:8000/users/42``, ``curl -i --compressed localhost:8000/count/500``
or ``curl -i -X DELETE localhost:8000/`` (a 405 with ``Allow``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from chapters.ch05_toolkit import (
    CORSMiddleware,
    GZipMiddleware,
    JSONResponse,
    Middleware,
    PlainTextResponse,
    Request,
    Route,
    Starlette,
    StreamingResponse,
)


async def hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Hello, world!")


async def user(request: Request) -> JSONResponse:
    user_id: int = request.path_params["user_id"]  # already an int: the {user_id:int} convertor
    return JSONResponse({"id": user_id, "url": str(request.url_for("user", user_id=user_id))})


def echo(request: Request) -> JSONResponse:  # a sync endpoint: run in a worker thread
    return JSONResponse({"query": dict(request.query_params), "path": request.url.path})


async def count(request: Request) -> StreamingResponse:
    """Numbers 1..n, one line each, streamed as they are produced."""

    async def numbers(n: int) -> AsyncIterator[str]:
        for i in range(1, n + 1):
            yield f"{i}\n"
            if i % 100 == 0:
                await asyncio.sleep(0)  # let other requests run between chunks

    return StreamingResponse(numbers(request.path_params["n"]), media_type="text/plain")


app = Starlette(
    routes=[
        Route("/", hello),
        Route("/users/{user_id:int}", user),
        Route("/echo", echo, methods=["GET", "POST"]),
        Route("/count/{n:int}", count),
    ],
    middleware=[
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"]),
        Middleware(GZipMiddleware, minimum_size=500),
    ],
)
