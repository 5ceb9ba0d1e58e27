"""A FastAPI app with WebSocket endpoints, written as FastAPI users write it.

``test_framework.py`` runs it on real FastAPI and, imports swapped (:mod:`.loading`), on
chapter 10's ``FastAPI``. Parameters come from the path, the query and the headers;
dependencies (with ``yield``, guards, overrides) are solved as for HTTP. What they did is
kept in ``LOG``, served at ``GET /log``.
"""

from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    Header,
    Query,
    WebSocket,
    WebSocketDisconnect,
    WebSocketException,
    status,
)

LOG: list[object] = []


async def resource():
    LOG.append("resource opened")
    try:
        yield "db"
    finally:
        LOG.append("resource closed")


def token(token: Annotated[str | None, Query()] = None) -> str:
    if token != "secret":
        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION, reason="bad token")
    LOG.append("token checked")
    return token


def who(websocket: WebSocket, name: str = "anonymous") -> str:
    return f"{name}@{websocket.url.path}"


app = FastAPI()


@app.get("/log")
def read_log() -> list[object]:
    entries = list(LOG)
    LOG.clear()
    return entries


@app.websocket("/items/{item_id}")
async def item(
    websocket: WebSocket,
    item_id: int,
    db: Annotated[str, Depends(resource)],
    q: Annotated[list[int], Query()] = [],  # noqa: B006  # FastAPI copies defaults
    x_token: Annotated[str | None, Header()] = None,
) -> None:
    await websocket.accept()
    await websocket.send_json({"item_id": item_id, "q": q, "x_token": x_token, "db": db})
    LOG.append("endpoint done")
    await websocket.close()


@app.websocket("/private", dependencies=[Depends(token)])
async def private(websocket: WebSocket, user: Annotated[str, Depends(who)]) -> None:
    await websocket.accept()
    await websocket.send_text(f"welcome {user}")
    try:
        await websocket.receive_text()
    except WebSocketDisconnect as disconnect:
        LOG.append(["private left", disconnect.code])


@app.websocket("/limited")
async def limited(websocket: WebSocket, size: Annotated[int, Query(gt=0, le=3)]) -> None:
    await websocket.accept()
    for number in range(size):
        await websocket.send_text(str(number))
    await websocket.close(code=4000 + size)


@app.websocket("/taken/{name}")
async def taken(websocket: WebSocket, name: str) -> None:
    await websocket.accept()
    if name == "admin":
        raise WebSocketException(code=4001, reason=f"{name} is taken")
    await websocket.close()


router = APIRouter(prefix="/rooms", dependencies=[Depends(token)])


@router.websocket("/{room}")
async def room(websocket: WebSocket, room: str, user: Annotated[str, Depends(who)]) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"{user} in {room}: {text}")


@router.get("/{room}/info")
def room_info(room: str) -> dict[str, str]:
    return {"room": room}


app.include_router(router, prefix="/v1")
