"""An echo application for the WebSocket scope: every message comes back as it came.

The smallest ASGI WebSocket application, written against the spec's messages alone::

    python -m chapters.ch10_websockets chapters.ch10_websockets.echo:app

It accepts with the first subprotocol the client offers (if any), echoes text as text and
bytes as bytes, and answers the text ``"close <code> <reason>"`` by closing with that code.
Plain HTTP requests get a one-line page saying where to connect.
"""

from __future__ import annotations

from chapters.ch04_asgi.types import Receive, Scope, Send


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        await _page(send)
        return
    if scope["type"] != "websocket":
        return  # lifespan: nothing to set up
    await receive()  # websocket.connect
    subprotocols = scope.get("subprotocols") or []
    await send(
        {"type": "websocket.accept", "subprotocol": subprotocols[0] if subprotocols else None}
    )
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text is not None and text.startswith("close "):
            code, _, reason = text[len("close ") :].partition(" ")
            await send({"type": "websocket.close", "code": int(code), "reason": reason})
            continue  # the disconnect comes once the client answers our Close
        await send({"type": "websocket.send", "text": text, "bytes": message.get("bytes")})


async def _page(send: Send) -> None:
    body = b"WebSocket echo: connect with ws:// to any path.\n"
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", b"%d" % len(body)),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
