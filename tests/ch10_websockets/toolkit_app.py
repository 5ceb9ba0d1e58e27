"""A Starlette app with WebSocket routes, written as Starlette users write it.

``test_toolkit.py`` runs it on real Starlette and, imports swapped (:mod:`.loading`), on
chapter 05 + chapter 10; the conversations must be the same. What the endpoints saw of the
client (its close code, the states) is kept in ``LOG``, served at ``GET /log``.
"""

from starlette.applications import Starlette
from starlette.exceptions import WebSocketException
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

LOG: list[object] = []


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"echo: {text}")
    LOG.append(["echo ended", websocket.client_state.name, websocket.application_state.name])


async def echo_bytes(websocket: WebSocket) -> None:
    await websocket.accept()
    async for data in websocket.iter_bytes():
        await websocket.send_bytes(data[::-1])


async def echo_json(websocket: WebSocket) -> None:
    await websocket.accept()
    async for value in websocket.iter_json():
        await websocket.send_json({"got": value, "path": websocket.url.path})


async def room(websocket: WebSocket) -> None:
    await websocket.accept(subprotocol=_chosen(websocket), headers=[(b"x-room", b"yes")])
    params = websocket.path_params
    await websocket.send_json({"params": params, "query": dict(websocket.query_params)})
    await websocket.close(code=4000 + params["number"], reason="done")


def _chosen(websocket: WebSocket) -> str | None:
    offered = websocket.scope.get("subprotocols", [])
    return "chat.v2" if "chat.v2" in offered else None


async def refuse(websocket: WebSocket) -> None:
    await websocket.close(code=1008)


async def refuse_by_exception(websocket: WebSocket) -> None:
    raise WebSocketException(code=1008, reason="not you")


async def close_by_exception(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("hello")
    raise WebSocketException(code=4003, reason="go away")


async def crash(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("about to fail")
    raise ZeroDivisionError("oops")


async def record_close(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect as disconnect:
        LOG.append(["client closed", disconnect.code, disconnect.reason])


async def log(request: object) -> JSONResponse:
    entries = list(LOG)
    LOG.clear()
    return JSONResponse(entries)


async def home(request: object) -> PlainTextResponse:
    return PlainTextResponse("home")


app = Starlette(
    routes=[
        Route("/", home),
        Route("/log", log),
        WebSocketRoute("/echo", echo),
        WebSocketRoute("/bytes", echo_bytes),
        WebSocketRoute("/json", echo_json),
        WebSocketRoute("/rooms/{number:int}", room, name="room"),
        WebSocketRoute("/refuse", refuse),
        WebSocketRoute("/refuse-by-exception", refuse_by_exception),
        WebSocketRoute("/close-by-exception", close_by_exception),
        WebSocketRoute("/crash", crash),
        WebSocketRoute("/record-close", record_close),
        Mount("/sub", routes=[WebSocketRoute("/echo/{word}", echo, name="sub_echo")]),
    ]
)
