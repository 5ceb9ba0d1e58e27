"""Reference solutions to the exercises of ``notebooks/09_capstone.ipynb`` (the answer key).

``test_exercises.py`` runs each check in ``chapters/ch09_capstone/exercises/`` against these.
"""

import logging
import re
import sqlite3
import time
import uuid

from chapters.ch04_asgi.types import ASGIApp, Message, Receive, Scope, Send
from chapters.ch08_openapi import APIRouter, BaseModel, Depends, Field, HTTPException, status
from chapters.ch09_capstone.main import DB, ITEMS, CurrentUser, ItemOut, require_writer

# --- exercise 1: Server-Timing ------------------------------------------------------------------


class ServerTiming:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                duration = (time.perf_counter() - start) * 1000
                header = (b"server-timing", f"app;dur={duration:.1f}".encode())
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, send_with_timing)


# --- exercise 2: PATCH /items/{item_id} ---------------------------------------------------------


class ItemPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=50)
    price: float | None = Field(default=None, gt=0)
    quantity: int | None = Field(default=None, ge=0)


updates = APIRouter(prefix="/items", tags=["items"])


@updates.patch("/{item_id}", response_model=ItemOut, dependencies=[Depends(require_writer)])
def update_item(item_id: int, patch: ItemPatch, db: DB, user: CurrentUser):
    row = db.execute("SELECT owner_id FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Item {item_id} not found")
    if row["owner_id"] != user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"Item {item_id} is not yours")
    changes = patch.model_dump(exclude_unset=True)
    if changes:
        columns = ", ".join(
            f"{name} = ?" for name in changes
        )  # names from the model, not the client
        try:
            db.execute(f"UPDATE items SET {columns} WHERE id = ?", (*changes.values(), item_id))
        except sqlite3.IntegrityError:
            raise HTTPException(status.HTTP_409_CONFLICT, f"{changes['name']!r} exists") from None
    return dict(db.execute(f"{ITEMS} WHERE items.id = ?", (item_id,)).fetchone())


# --- exercise 3: a request id in the logs and the responses -------------------------------------

logger = logging.getLogger("capstone.requests")
VALID_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class RequestID:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = sent if VALID_ID.fullmatch(sent) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status_code = 500  # unless the app starts a response

        async def send_with_id(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                header = (b"x-request-id", request_id.encode())
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info("%s %s %s %d", request_id, scope["method"], scope["path"], status_code)
