"""What the chapter 09 checks share: "not attempted", safe calls, and a small app to wrap.

A check that failed on a request ends with ``reproduce, with client = TestClient(app):
client.get(...)``: for the middleware exercises ``app`` is ``small_app(YourMiddleware)``, and
the client is entered (``with TestClient(app) as client:``) so that the lifespan runs; for
the PATCH exercise it is the inventory app of ``_inventory`` (``raise_server_exceptions=False``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from chapters.ch08_openapi import BaseModel, FastAPI, HTTPException, Request, TestClient
from chapters.support.exercises import forget_request, guarded

#: How long ``GET /slow`` takes, in seconds: long enough to tell milliseconds from seconds.
SLOW = 0.05


LIFESPAN_HINT = (
    " (a scope whose type is not 'http', such as 'lifespan', must go to the app unchanged: "
    "`await self.app(scope, receive, send)` and return)"
)


@contextmanager
def running(app: Any, **options: Any) -> Iterator[TestClient]:
    """A client for ``app`` with its lifespan started (and stopped), through the middleware."""
    client = TestClient(app, **options)
    forget_request()  # a failure to start or stop the lifespan is about no request
    guarded(client.__enter__, "starting the app's lifespan through your middleware", LIFESPAN_HINT)
    try:
        yield client
    except BaseException:
        _stop(client)
        raise
    forget_request()
    _stop(client)


def _stop(client: TestClient) -> None:
    guarded(
        lambda: client.__exit__(None, None, None),
        "stopping the app's lifespan through your middleware",
        LIFESPAN_HINT,
    )


class Pen(BaseModel):
    name: str
    price: float


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, str]]:
    """A lifespan with state: a middleware that mishandles non-HTTP scopes breaks it."""
    yield {"greeting": "hello"}


def small_app(middleware: Any) -> FastAPI:
    """A few routes answering 200, 201, 404, 418 and 422, and one crashing, behind ``middleware``."""
    app = FastAPI(title="Check", version="1.0.0", lifespan=lifespan)

    @app.get("/fast")
    def fast(request: Request) -> dict[str, Any]:
        return {"ok": True, "greeting": request.state.greeting}

    @app.get("/slow")
    async def slow() -> dict[str, bool]:
        await asyncio.sleep(SLOW)
        return {"ok": True}

    @app.post("/pens", status_code=201)
    def add_pen(pen: Pen) -> Pen:
        return pen

    @app.get("/teapot")
    def teapot() -> None:
        raise HTTPException(418, "I'm a teapot", headers={"X-Tea": "green"})

    @app.get("/whoami")
    def whoami(request: Request) -> dict[str, Any]:
        return {"request_id": getattr(request.state, "request_id", None)}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    app.add_middleware(middleware)
    return app
