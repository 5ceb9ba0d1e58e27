"""One WebSocket, one cycle: the object that owns ``receive`` and ``send`` for the application.

Chapter 04's cycle turns one request into ``http.*`` messages; this one turns one WebSocket
into the messages of the ASGI spec's WebSocket section. It lives in two phases:

1. the *handshake*: ``receive()`` gives ``websocket.connect``; the application answers with
   ``websocket.accept`` (we send ``101 Switching Protocols``), ``websocket.close`` (we refuse
   with ``403``) or ``websocket.http.response.start`` (a response of its own, the "denial");
2. the *connection*: frames come in through :class:`WebSocketConnection` and are queued as
   ``websocket.receive`` messages; ``websocket.send`` and ``websocket.close`` go out as frames;
   ``websocket.disconnect`` (with the close code) ends it.

Failure policy, in one place (:meth:`WebSocketCycle.run_asgi`): an exception, or a return
without an answer, during the handshake gives a ``500``; after the accept, an exception closes
with 1011 ("internal error"), and a plain return closes with 1000 if the application did not.

The cycle decides *when*; the rules of each policy live in a unit of their own, named after
what it does: the HTTP answers other than ``101`` (:mod:`.refusal`), messages waiting for
``receive()`` and read-side flow control (:mod:`.inbox`), the closing handshake
(:mod:`.closing`) and keep-alive pings (:mod:`.keepalive`).
"""

from __future__ import annotations

import asyncio
import enum
import logging

from chapters.ch02_http.connection import Connection
from chapters.ch04_asgi.cycle import INTERNAL_ERROR_BODY
from chapters.ch04_asgi.flow import FlowControl
from chapters.ch04_asgi.types import ASGIApp, Message, Scope
from chapters.ch10_websockets.closing import ClosingHandshake
from chapters.ch10_websockets.config import WebSocketConfig
from chapters.ch10_websockets.connection import WebSocketConnection
from chapters.ch10_websockets.errors import RemoteProtocolError
from chapters.ch10_websockets.events import NEED_DATA, BinaryMessage, Close, Ping, Pong, TextMessage
from chapters.ch10_websockets.frames import CloseCode
from chapters.ch10_websockets.handshake import Handshake, accept_response
from chapters.ch10_websockets.inbox import Inbox
from chapters.ch10_websockets.keepalive import KeepAlive
from chapters.ch10_websockets.refusal import denial_body, denial_start, refusal
from chapters.ch10_websockets.state import OPEN

logger = logging.getLogger("chapters.ch04_asgi.error")
access_logger = logging.getLogger("chapters.ch04_asgi.access")


class Phase(enum.Enum):
    HANDSHAKE = "HANDSHAKE"  # waiting for the application's answer to the handshake
    RESPONSE = "RESPONSE"  # sending the application's own HTTP response (a denial)
    CONNECTED = "CONNECTED"  # accepted: frames both ways
    REFUSED = "REFUSED"  # answered with an HTTP response: nothing more to send


HANDSHAKE, RESPONSE, CONNECTED, REFUSED = Phase


class ClientDisconnected(OSError):
    """``send()`` after the WebSocket closed (the ASGI spec asks for an ``OSError`` subclass)."""


class WebSocketCycle:
    def __init__(
        self,
        scope: Scope,
        handshake: Handshake,
        http_conn: Connection,
        transport: asyncio.Transport,
        flow: FlowControl,
        config: WebSocketConfig,
    ) -> None:
        self.scope = scope
        self.handshake = handshake
        self.http_conn = http_conn  # chapter 02's parser: it writes the 101 or the refusal
        self.transport = transport
        self.flow = flow
        self.config = config
        self.phase = HANDSHAKE
        self.ws: WebSocketConnection | None = None  # once accepted
        self.connect_sent = False
        self.inbox = Inbox(flow, config.high_water)  # received, not yet given to the app
        self.close_code: int | None = None  # set once disconnected: what receive() reports
        self.close_reason = ""
        self.keep_alive: KeepAlive | None = None
        self.closing = ClosingHandshake(
            transport, close_timeout=config.ws_close_timeout, on_closed=self._disconnected
        )

    # -- running the application ----------------------------------------------------------

    async def run_asgi(self, app: ASGIApp) -> None:
        try:
            result = await app(self.scope, self.receive, self.send)  # type: ignore[func-returns-value]
        except Exception:
            logger.exception("Exception in ASGI application")
            self._fail(CloseCode.INTERNAL_ERROR)
        else:
            if result is not None:
                logger.error("ASGI callable returned a value (%r) instead of None", result)
            if self.phase is HANDSHAKE and self.close_code is None:
                logger.error("ASGI callable returned without accepting or refusing the WebSocket")
            self._fail(CloseCode.NORMAL_CLOSURE)
        finally:
            if self.keep_alive is not None:
                self.keep_alive.cancel()

    def _fail(self, code: int) -> None:
        """End what the application left open: 500, a cut response, or a Close ``code``."""
        if self.phase is HANDSHAKE and self.close_code is None:
            self._refuse(500, INTERNAL_ERROR_BODY)
        elif self.phase is RESPONSE:
            self.transport.close()  # the denial response is incomplete: only closing says so
        elif self.ws is not None and self.ws.state is OPEN:
            self.closing.start(self.ws, Close(code=code))

    # -- the application's side: receive and send --------------------------------------------

    async def receive(self) -> Message:
        if not self.connect_sent:
            self.connect_sent = True
            return {"type": "websocket.connect"}
        message = await self.inbox.get()
        if message is not None:
            return message
        return {
            "type": "websocket.disconnect",
            "code": self.close_code,
            "reason": self.close_reason,
        }

    async def send(self, message: Message) -> None:
        if self.flow.write_paused and self.close_code is None:
            await self.flow.drain()  # the client reads slowly: wait before buffering more
        message_type = message["type"]
        if self.phase is HANDSHAKE:
            self._answer_handshake(message)
        elif self.phase is RESPONSE:
            if message_type != "websocket.http.response.body":
                raise RuntimeError(
                    f"Expected ASGI message 'websocket.http.response.body', but got '{message_type}'."
                )
            self._denial_body(message)
        elif self.close_code is not None or self.ws is None:
            raise ClientDisconnected(f"can't send '{message_type}': the WebSocket is closed")
        elif self.ws.state is not OPEN:
            raise RuntimeError(
                f"Unexpected ASGI message '{message_type}', after sending 'websocket.close'."
            )
        elif message_type == "websocket.send":
            self._write(self.ws.send(_data_event(message)))
        elif message_type == "websocket.close":
            close = Close(code=message.get("code") or 1000, reason=message.get("reason") or "")
            self.closing.start(self.ws, close)
        else:
            raise RuntimeError(
                f"Expected ASGI message 'websocket.send' or 'websocket.close', but got '{message_type}'."
            )

    def _answer_handshake(self, message: Message) -> None:
        message_type = message["type"]
        if self.close_code is not None:
            raise ClientDisconnected(f"can't send '{message_type}': the client has gone")
        if message_type == "websocket.accept":
            self._accept(message)
        elif message_type == "websocket.close":  # ASGI: closing before accepting is a 403
            self._refuse(403, b"Forbidden")
            self._disconnected(message.get("code") or 1000, message.get("reason") or "")
        elif message_type == "websocket.http.response.start":
            self.transport.write(denial_start(self.http_conn, message))
            self.phase = RESPONSE
        else:
            raise RuntimeError(
                "Expected ASGI message 'websocket.accept', 'websocket.close' or "
                f"'websocket.http.response.start', but got '{message_type}'."
            )

    def _accept(self, message: Message) -> None:
        headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", ())]
        subprotocol = message.get("subprotocol")
        response = accept_response(self.handshake, subprotocol=subprotocol, headers=headers)
        self.transport.write(self.http_conn.send(response))
        self.ws = WebSocketConnection("server", max_message_size=self.config.ws_max_size)
        self.phase = CONNECTED
        if self.config.access_log and access_logger.isEnabledFor(logging.INFO):
            client = self.scope["client"] or ("-", 0)
            access_logger.info('%s:%d - "WebSocket %s" [accepted]', *client, self.scope["path"])
        if self.config.ws_ping_interval is not None:
            self.keep_alive = KeepAlive(
                self.config.ws_ping_interval,
                self.config.ws_ping_timeout,
                ping=self._ping,
                on_timeout=lambda: self.closing.fail(
                    self.ws, CloseCode.INTERNAL_ERROR, "keepalive ping timeout"
                ),
            )
            self.keep_alive.start()
        early_bytes = self.http_conn.trailing_data[0]  # frames sent right behind the request
        self.flow.resume_reading()
        if early_bytes:
            self.feed(early_bytes)

    def _refuse(self, status: int, body: bytes) -> None:
        """Answer the handshake with an HTTP error instead of a 101, then close."""
        self.phase = REFUSED
        if not self.transport.is_closing():
            self.transport.write(refusal(self.http_conn, status, body))
            self.transport.close()

    def _denial_body(self, message: Message) -> None:
        data, complete = denial_body(self.http_conn, message)
        self.transport.write(data)
        if complete:
            self.phase = REFUSED
            self.transport.close()
            self._disconnected(CloseCode.ABNORMAL_CLOSURE)

    # -- the client's side: frames in ------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Bytes from the socket (``b""``: the client closed it), once accepted."""
        assert self.ws is not None
        self.ws.receive_data(data)
        self.handle_events()

    def handle_events(self) -> None:
        ws = self.ws
        assert ws is not None
        while True:
            try:
                event = ws.next_event()
            except RemoteProtocolError as error:  # fail the WebSocket connection (§7.1.7)
                self.closing.fail(ws, error.close_code, str(error))
                return
            if event is NEED_DATA:
                return
            if type(event) is TextMessage:
                self.inbox.put({"type": "websocket.receive", "text": event.data}, len(event.data))
            elif type(event) is BinaryMessage:
                self.inbox.put({"type": "websocket.receive", "bytes": event.data}, len(event.data))
            elif type(event) is Ping:
                if ws.state is OPEN:
                    self._write(ws.send(Pong(payload=event.payload)))
            elif type(event) is Pong:
                if self.keep_alive is not None:
                    self.keep_alive.pong_received(event.payload)
            else:
                assert type(event) is Close
                self.closing.received(ws, event)
                return

    # -- closing -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Server shutdown: close with 1001 ("going away") and tell the application now."""
        if self.phase is CONNECTED and self.ws is not None and self.ws.state is OPEN:
            self.closing.start(self.ws, Close(code=CloseCode.GOING_AWAY))
        elif self.phase is HANDSHAKE:
            self.transport.close()
        self._disconnected(CloseCode.GOING_AWAY)

    def connection_lost(self) -> None:
        self._disconnected(CloseCode.ABNORMAL_CLOSURE)  # unless a Close frame came first

    def _disconnected(self, code: int, reason: str = "") -> None:
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        self.closing.done()
        if self.keep_alive is not None:
            self.keep_alive.connection_closed()
        self.inbox.close()  # what was received is still given, then websocket.disconnect

    # -- writing frames ------------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(data)

    def _ping(self, payload: bytes) -> bool:
        """A keep-alive Ping, if the connection is still open (see :mod:`.keepalive`)."""
        if self.ws is None or self.ws.state is not OPEN or self.close_code is not None:
            return False
        self._write(self.ws.send(Ping(payload=payload)))
        return True


def _data_event(message: Message) -> TextMessage | BinaryMessage:
    """The frame for ``websocket.send``: exactly one of ``bytes`` and ``text`` is set."""
    data, text = message.get("bytes"), message.get("text")
    if (data is None) == (text is None):
        raise RuntimeError("'websocket.send' needs exactly one of 'bytes' and 'text'")
    return BinaryMessage(data=bytes(data)) if data is not None else TextMessage(data=text)  # type: ignore[arg-type]
