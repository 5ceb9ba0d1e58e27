"""One request, one cycle: the object that owns ``receive`` and ``send`` for the application.

The protocol (one per connection) parses bytes and hands each request to a new cycle; the
cycle runs the application in its own task and turns its messages into bytes. It also
enforces the order the ASGI spec requires of the application::

    send: http.response.start -> http.response.body (more_body=True)* -> http.response.body

and answers ``receive()`` with ``http.request`` messages while the body lasts, then
``http.disconnect`` once the client is gone or the response is complete.

Failure policy, in one place (:meth:`RequestResponseCycle.run_asgi`): an exception before
``http.response.start`` gives a 500; after it, the connection is closed (the only way left to
tell the client the response is incomplete); an application that returns without a complete
response is treated the same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from chapters.ch02_http.connection import Connection
from chapters.ch02_http.events import Data, EndOfMessage, InformationalResponse, Response
from chapters.ch04_asgi.flow import FlowControl
from chapters.ch04_asgi.types import ASGIApp, Message, Scope

logger = logging.getLogger("chapters.ch04_asgi.error")

INTERNAL_ERROR_BODY = b"Internal Server Error"
INTERNAL_ERROR_HEAD = [
    (b"content-type", b"text/plain; charset=utf-8"),
    (b"content-length", b"%d" % len(INTERNAL_ERROR_BODY)),
    (b"connection", b"close"),
]


class RequestResponseCycle:
    def __init__(
        self,
        scope: Scope,
        conn: Connection,
        transport: asyncio.Transport,
        flow: FlowControl,
        *,
        on_response_complete: Callable[[], None],
        expect_100_continue: bool,
    ) -> None:
        self.scope = scope
        self.conn = conn
        self.transport = transport
        self.flow = flow
        self.on_response_complete = on_response_complete
        # Request body: filled by the protocol as bytes arrive, emptied by receive().
        self.body = b""
        self.more_body = True
        self.request_complete = False  # the last http.request message was handed over
        self.message_event = asyncio.Event()
        # Where the exchange stands.
        self.waiting_for_100_continue = expect_100_continue
        self.disconnected = False
        # The client shut down its sending side (EOF) after its request. It may still read
        # our response (a half-close), so send() goes on; but it will never send again, and
        # an app waiting in receive() for "the client went away" must not wait forever.
        self.client_eof = False
        self.response_started = False
        self.response_complete = False
        self.status_code = 0
        self.pending_head = b""  # the response head, until it is written with the first body

    # -- running the application ----------------------------------------------------------

    async def run_asgi(self, app: ASGIApp) -> None:
        try:
            result = await app(self.scope, self.receive, self.send)  # type: ignore[func-returns-value]  # must be None; checked below
        except Exception:
            logger.exception("Exception in ASGI application")
            self._fail()
            return
        if result is not None:
            logger.error("ASGI callable returned a value (%r) instead of None", result)
        if not self.response_complete and not self.disconnected:
            logger.error("ASGI callable returned without %s", "completing the response" if self.response_started else "starting a response")
            self._fail()

    def _fail(self) -> None:
        """The failure policy: 500 if nothing was sent yet, otherwise close the connection.

        An exception *after* a complete response (Starlette re-raises one after sending its
        own 500 page, so that the server logs it; a background task may fail) leaves the
        connection sound: the client has its whole answer, and closing would only reset a
        request it may already have sent on the kept-alive connection.
        """
        if self.disconnected or self.transport.is_closing() or self.response_complete:
            return
        if self.response_started:
            self.transport.close()
            return
        self.response_started = self.response_complete = True
        self.status_code = 500
        self.transport.write(
            self.conn.send(Response(status_code=500, headers=INTERNAL_ERROR_HEAD))
            + self.conn.send(Data(data=INTERNAL_ERROR_BODY))
            + self.conn.send(EndOfMessage())
        )
        self.message_event.set()
        self.on_response_complete()

    # -- the application's side: send and receive ---------------------------------------

    async def send(self, message: Message) -> None:
        if self.flow.write_paused and not self.disconnected:
            await self.flow.drain()  # the client reads slowly: wait before buffering more
        if self.disconnected:
            return  # the client is gone; the application will notice at its next receive()
        message_type = message["type"]
        if not self.response_started:
            if message_type != "http.response.start":
                raise RuntimeError(f"Expected ASGI message 'http.response.start', but got '{message_type}'.")
            self._start_response(message)
        elif not self.response_complete:
            if message_type != "http.response.body":
                raise RuntimeError(f"Expected ASGI message 'http.response.body', but got '{message_type}'.")
            self._send_body(message.get("body", b""), message.get("more_body", False))
        else:
            raise RuntimeError(f"Unexpected ASGI message '{message_type}' sent, after the response was complete.")

    def _start_response(self, message: Message) -> None:
        status_code = message["status"]
        headers = [(bytes(name), bytes(value)) for name, value in message.get("headers", ())]
        # The head waits for the first body message, which usually follows at once, so that
        # head and body leave in one write (one system call, often one TCP segment). If the
        # body does not come within this turn of the event loop, the head goes alone.
        self.pending_head = self.conn.send(Response(status_code=status_code, headers=headers))  # may raise: then 500
        asyncio.get_running_loop().call_soon(self._flush_head)
        self.response_started = True
        self.status_code = status_code
        self.waiting_for_100_continue = False  # a final answer instead: the body won't come

    def _flush_head(self) -> None:
        if self.pending_head and not self.transport.is_closing():
            self.transport.write(self.pending_head)
        self.pending_head = b""

    def _send_body(self, body: bytes, more_body: bool) -> None:
        data = self.conn.send(Data(data=body)) if body else b""
        if not more_body:
            data += self.conn.send(EndOfMessage())
            self.response_complete = True
        if self.pending_head:
            data = self.pending_head + data
            self.pending_head = b""
        if data:
            self.transport.write(data)
        if not more_body:
            self.message_event.set()  # a receive() still waiting now gets http.disconnect
            self.on_response_complete()

    async def receive(self) -> Message:
        if self.waiting_for_100_continue and not self.transport.is_closing():
            # The client holds its body back until we say "go": say it now that the
            # application asks for the body (RFC 9110 §10.1.1).
            self.transport.write(self.conn.send(InformationalResponse(status_code=100)))
            self.waiting_for_100_continue = False
        if not self.disconnected and not self.response_complete:
            self.flow.resume_reading()
            while not self._message_ready():
                await self.message_event.wait()
                self.message_event.clear()
        if self.disconnected or self.response_complete or (self.request_complete and self.client_eof):
            return {"type": "http.disconnect"}
        message = {"type": "http.request", "body": self.body, "more_body": self.more_body}
        self.body = b""
        self.request_complete = not self.more_body
        return message

    def _message_ready(self) -> bool:
        if self.disconnected or self.response_complete:
            return True
        if self.request_complete:
            return self.client_eof  # the whole body was given: only a disconnect can come next
        return bool(self.body) or not self.more_body
