"""A chat in rooms: ``ws://host/ws/{room}?name=alice``, and a page at ``GET /`` to try it.

Why this demo: it is what WebSockets are for and HTTP alone cannot do — the server speaks
*first*, whenever someone else in the room says something. Every member of a room gets, as
JSON text messages::

    {"type": "join",    "name": "bob", "members": ["alice", "bob"]}
    {"type": "message", "name": "alice", "text": "hi bob"}
    {"type": "leave",   "name": "bob", "members": ["alice"]}

The endpoint is a framework one: ``room`` comes from the path, ``name`` from the query
(both validated: a bad one is refused before the handshake completes), and the
:class:`Rooms` from a dependency that finds them on ``app.state``, so each app built by
:func:`create_app` (a test's, the notebook's) has its own. A name already
taken in the room is refused with :class:`WebSocketException` (1008, hence a 403).

Robustness is the point of :meth:`Rooms.broadcast`: a member that vanished (its socket
dead before the server noticed) must not break the broadcast to the others, so a send that
fails drops that member instead of raising; its own endpoint then ends with a
``WebSocketDisconnect`` and announces the leave.

``create_app()`` builds a fresh app (tests and the notebook each take one); ``app`` is the
one ``python -m chapters.ch10_websockets`` and ``uvicorn chapters.ch10_websockets.chat:app``
serve.
"""

from __future__ import annotations

from typing import Annotated, Any

from chapters.ch08_openapi import Depends, HTMLResponse, Path, Query, status
from chapters.ch10_websockets.applications import FastAPI
from chapters.ch10_websockets.exceptions import WebSocketException
from chapters.ch10_websockets.websockets import WebSocket, WebSocketDisconnect

__all__ = ["PAGE", "Rooms", "create_app", "get_rooms"]

NAME = r"^[\w .-]+$"  # letters, digits, spaces, dots and dashes: safe to show anywhere


class Rooms:
    """Who is in which room: ``{room: {name: websocket}}``, on the event loop only."""

    def __init__(self) -> None:
        self.rooms: dict[str, dict[str, WebSocket]] = {}

    def members(self, room: str) -> list[str]:
        return sorted(self.rooms.get(room, {}))

    async def join(self, room: str, name: str, websocket: WebSocket) -> None:
        self.rooms.setdefault(room, {})[name] = websocket
        await self.broadcast(room, {"type": "join", "name": name, "members": self.members(room)})

    async def leave(self, room: str, name: str, websocket: WebSocket) -> None:
        """Forget ``name`` (if it is still this connection) and tell the others."""
        members = self.rooms.get(room, {})
        if members.get(name) is not websocket:
            return
        del members[name]
        if not members:
            del self.rooms[room]
        await self.broadcast(room, {"type": "leave", "name": name, "members": self.members(room)})

    async def broadcast(self, room: str, message: dict[str, Any]) -> None:
        """Send ``message`` to every member; one that cannot be reached is dropped, not fatal."""
        for name, websocket in list(self.rooms.get(room, {}).items()):
            try:
                await websocket.send_json(message)
            except (WebSocketDisconnect, OSError, RuntimeError):  # gone, or closing already
                self.rooms.get(room, {}).pop(name, None)


def get_rooms(websocket: WebSocket) -> Rooms:
    """The dependency: the rooms of the application serving this connection."""
    return websocket.app.state.rooms


def create_app(rooms: Rooms | None = None) -> FastAPI:
    """A chat application with its own :class:`Rooms` (or the given ones)."""
    app = FastAPI(title="Chat", docs_url=None, redoc_url=None)
    app.state.rooms = Rooms() if rooms is None else rooms

    @app.get("/", response_class=HTMLResponse)
    async def page() -> HTMLResponse:
        return HTMLResponse(PAGE)

    @app.websocket("/ws/{room}")
    async def chat(
        websocket: WebSocket,
        room: Annotated[str, Path(pattern=NAME, max_length=32)],
        name: Annotated[str, Query(pattern=NAME, min_length=1, max_length=32)],
        rooms: Annotated[Rooms, Depends(get_rooms)],
    ) -> None:
        if name in rooms.members(room):
            raise WebSocketException(status.WS_1008_POLICY_VIOLATION, f"{name} is taken")
        await websocket.accept()
        await rooms.join(room, name, websocket)
        try:
            async for text in websocket.iter_text():
                await rooms.broadcast(room, {"type": "message", "name": name, "text": text})
        finally:  # a close, a vanished client, or an error: the others must hear of it
            await rooms.leave(room, name, websocket)

    return app


#: The page at ``GET /``: plain DOM and the browser's own ``WebSocket``, nothing to download.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Chat</title>
<link rel="icon" href="data:,">
<style>
  body { font-family: sans-serif; max-width: 40em; margin: 2em auto; }
  #log { list-style: none; padding: 0.5em; border: 1px solid #ccc; height: 20em; overflow: auto; }
  .join, .leave { color: #777; font-style: italic; }
</style>
</head>
<body>
<h1>Chat</h1>
<form id="join">
  <input id="room" value="lobby" placeholder="room" required>
  <input id="name" placeholder="your name" required>
  <button>Join</button> <span id="status">not connected</span>
</form>
<ul id="log"></ul>
<form id="say">
  <input id="text" placeholder="say something" autocomplete="off" disabled>
  <button id="send" disabled>Send</button>
</form>
<script>
"use strict";
let socket = null;
const $ = (id) => document.getElementById(id);

function show(kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;  // textContent, never innerHTML: what others type stays text
  $("log").append(item);
  item.scrollIntoView();
}

function connect(room, name) {
  if (socket) socket.close();
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = new URLSearchParams({ name });
  socket = new WebSocket(`${scheme}://${location.host}/ws/${encodeURIComponent(room)}?${query}`);
  socket.onopen = () => {
    $("status").textContent = `in ${room} as ${name}`;
    $("text").disabled = $("send").disabled = false;
    $("text").focus();
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "message") show("message", `${message.name}: ${message.text}`);
    else show(message.type, `${message.name} ${message.type}s (${message.members.join(", ")})`);
  };
  socket.onclose = (event) => {
    $("status").textContent = `closed (${event.code})`;
    $("text").disabled = $("send").disabled = true;
  };
}

$("join").onsubmit = (event) => {
  event.preventDefault();
  connect($("room").value, $("name").value);
};
$("say").onsubmit = (event) => {
  event.preventDefault();
  if ($("text").value) socket.send($("text").value);
  $("text").value = "";
};
</script>
</body>
</html>
"""

app = create_app()
