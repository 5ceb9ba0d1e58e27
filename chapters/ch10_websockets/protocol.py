"""Chapter 04's protocol, taught the Upgrade: after a 101, the connection speaks frames.

Everything up to the end of the handshake request is chapter 04's: its parser, timers and
flow control. One method decides: :meth:`WebSocketProtocol.start_cycle` sends a request that
asks for ``Upgrade: websocket`` to a :class:`WebSocketCycle` instead of an HTTP cycle (a bad
handshake is answered 400 or 426 right here). Once the application accepts, the bytes that
arrive are no longer HTTP: :meth:`data_received` hands them to the cycle's WebSocket
connection instead of chapter 02's parser. Any other request is served exactly as before.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

from chapters.ch02_http.events import Request
from chapters.ch02_http.state import IDLE
from chapters.ch04_asgi.protocol import HTTPProtocol
from chapters.ch10_websockets.config import WebSocketConfig
from chapters.ch10_websockets.cycle import WebSocketCycle
from chapters.ch10_websockets.errors import HandshakeError
from chapters.ch10_websockets.handshake import is_websocket_request, read_handshake
from chapters.ch10_websockets.refusal import refusal
from chapters.ch10_websockets.scope import websocket_scope

if TYPE_CHECKING:
    from chapters.ch04_asgi.server import ServerState


class WebSocketProtocol(HTTPProtocol):
    config: WebSocketConfig

    def __init__(self, config: WebSocketConfig, state: ServerState) -> None:
        super().__init__(config, state)
        self.websocket: WebSocketCycle | None = None

    def start_cycle(self, request: Request) -> None:
        if not is_websocket_request(request):
            super().start_cycle(request)
            return
        self._clear_deadline()  # a WebSocket may stay open and quiet: keep-alive pings watch it
        self.reading_head = False
        try:
            handshake = read_handshake(request)
        except HandshakeError as error:
            self.refuse_handshake(error)
            return
        scope = websocket_scope(
            request,
            subprotocols=handshake.subprotocols,
            server=self.server,
            client=self.client,
            root_path=self.config.root_path,
            state=self.state.app_state,
        )
        self.websocket = WebSocketCycle(
            scope, handshake, self.conn, self.transport, self.flow, self.config
        )
        task = self.loop.create_task(self.websocket.run_asgi(self.config.app))
        self.state.tasks.add(task)
        task.add_done_callback(self.state.tasks.discard)

    def refuse_handshake(self, error: HandshakeError) -> None:
        """A bad handshake: its status (400, 426 with the versions we speak), then close."""
        if self.conn.our_state is IDLE and not self.transport.is_closing():
            status = error.status_hint
            body = f"{status} {HTTPStatus(status).phrase}: {error}\n".encode()
            self.transport.write(refusal(self.conn, status, body, error.headers))
        self.transport.close()

    # -- asyncio's callbacks, routed to the WebSocket once there is one ---------------------

    def data_received(self, data: bytes) -> None:
        websocket = self.websocket
        if websocket is not None and websocket.ws is not None:
            websocket.feed(data)
        else:
            super().data_received(data)

    def eof_received(self) -> bool | None:
        websocket = self.websocket
        if websocket is None:
            return super().eof_received()
        if websocket.ws is not None:
            websocket.feed(b"")  # no Close frame before the FIN: reported as 1006
        return None  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        if self.websocket is not None:
            self.websocket.connection_lost()

    def shutdown(self) -> None:
        if self.websocket is not None:
            self.websocket.shutdown()
        else:
            super().shutdown()
