"""One connection: an ``asyncio.Protocol`` driving chapter 02's sans-IO parser.

Why a Protocol rather than streams (``asyncio.start_server``)? A Protocol is called back with
whatever bytes arrived (``data_received``) and never waits itself, which is exactly the shape
of a sans-IO parser: bytes in, events out. It is also the fast path of asyncio (uvicorn uses
it too): no reader task per connection, no extra buffering layer.

The protocol parses; each request it finds becomes a :class:`RequestResponseCycle` running
the application in its own task. Between requests a timer watches the connection: an idle
keep-alive connection is closed after ``timeout_keep_alive``; a request head that starts but
does not finish within ``timeout_request_head`` gets a 408 (the slowloris attack).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING

from chapters.ch02_http.connection import Connection
from chapters.ch02_http.errors import RemoteProtocolError
from chapters.ch02_http.events import (
    NEED_DATA,
    PAUSED,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Request,
    Response,
)
from chapters.ch02_http.state import IDLE, MUST_CLOSE
from chapters.ch04_asgi.config import Config
from chapters.ch04_asgi.cycle import RequestResponseCycle
from chapters.ch04_asgi.flow import FlowControl
from chapters.ch04_asgi.scope import http_scope

if TYPE_CHECKING:
    from chapters.ch04_asgi.server import ServerState

access_logger = logging.getLogger("chapters.ch04_asgi.access")


class HTTPProtocol(asyncio.Protocol):
    def __init__(self, config: Config, state: ServerState) -> None:
        self.config = config
        self.state = state
        self.loop = asyncio.get_running_loop()
        self.cycle: RequestResponseCycle | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.deadline: float | None = None  # loop time at which on_deadline() runs
        self.on_deadline: Callable[[], None] = self._close
        self.closing = False  # the server shuts down: close after the current response
        self.reading_head = False  # a request head has started: its deadline is running

    # -- asyncio's callbacks ----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        # Without TCP_NODELAY the kernel holds back the body's segment until the client ACKs
        # the head's, and the client delays that ACK: 40 ms per response. asyncio sets it only
        # when the listening socket was created with proto=IPPROTO_TCP, so we say it here.
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.flow = FlowControl(transport)
        self.conn = Connection(max_header_size=self.config.max_header_size, max_body_size=self.config.max_body_size)
        self.server = _address(transport.get_extra_info("sockname"))
        self.client = _address(transport.get_extra_info("peername"))
        self.state.connections.add(self)
        self._set_deadline(self.config.timeout_keep_alive, self._close)

    def connection_lost(self, exc: Exception | None) -> None:
        self.state.connections.discard(self)
        self._cancel_timer()
        cycle = self.cycle
        if cycle is not None:
            if not cycle.response_complete:
                cycle.disconnected = True  # receive() now returns http.disconnect
            cycle.message_event.set()
        self.flow.resume_writing()  # wake a send() waiting in drain(): it will see the disconnect

    def eof_received(self) -> bool | None:
        # The client half-closed (it will send nothing more). Let a response in progress
        # finish, but tell the app: its receive() now ends with http.disconnect once the
        # request body is handed over (else an app waiting for the disconnect, as a long poll
        # does, would wait until shutdown). With no response in progress, returning None
        # closes the transport.
        self.conn.receive_data(b"")
        self.handle_events()
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            cycle.client_eof = True
            cycle.message_event.set()
            return True
        return None

    def data_received(self, data: bytes) -> None:
        self.conn.receive_data(data)
        self.handle_events()

    def pause_writing(self) -> None:
        self.flow.pause_writing()

    def resume_writing(self) -> None:
        self.flow.resume_writing()

    # -- parsing ----------------------------------------------------------------------------

    def handle_events(self) -> None:
        """Turn every event the parser can give now into cycle state."""
        while True:
            try:
                event = self.conn.next_event()
            except RemoteProtocolError as error:
                self.send_error(error.status_hint, str(error))
                return
            if event is NEED_DATA:
                if self.cycle is None and not self.reading_head and self.conn.trailing_data[0]:
                    # The first bytes of a head: from now on it must be complete within
                    # timeout_request_head, however slowly its bytes trickle in.
                    self.reading_head = True
                    self._set_deadline(self.config.timeout_request_head, self._request_head_timed_out)
                return
            if event is PAUSED:
                if self.conn.trailing_data[0]:
                    self.flow.pause_reading()  # pipelined requests: read no more until answered
                return
            event_type = type(event)
            if event_type is Request:
                self.start_cycle(event)  # type: ignore[arg-type]
            elif event_type is Data:
                self._receive_body(event.data)  # type: ignore[union-attr]
            elif event_type is EndOfMessage:
                if self.cycle is not None:
                    self.cycle.more_body = False
                    self.cycle.message_event.set()
            elif event_type is ConnectionClosed:
                self.transport.close()
                return

    def start_cycle(self, request: Request) -> None:
        self._clear_deadline()  # no time limit while the application works
        self.reading_head = False
        scope = http_scope(
            request, server=self.server, client=self.client, root_path=self.config.root_path, state=self.state.app_state
        )
        self.cycle = RequestResponseCycle(
            scope,
            self.conn,
            self.transport,
            self.flow,
            on_response_complete=self.on_response_complete,
            expect_100_continue=self.conn.they_are_waiting_for_100_continue,
        )
        task = self.loop.create_task(self.cycle.run_asgi(self.config.app))
        self.state.tasks.add(task)
        task.add_done_callback(self.state.tasks.discard)

    def _receive_body(self, data: bytes) -> None:
        cycle = self.cycle
        if cycle is None or cycle.response_complete:
            return  # the app answered without reading the body: drop it
        cycle.body += data
        if len(cycle.body) > self.config.high_water:
            self.flow.pause_reading()  # resumed by the next receive()
        cycle.message_event.set()

    # -- the end of a request -----------------------------------------------------------------

    def on_response_complete(self) -> None:
        cycle = self.cycle
        if cycle is not None and self.config.access_log and access_logger.isEnabledFor(logging.INFO):
            scope = cycle.scope
            query = "?" + scope["query_string"].decode("latin-1") if scope["query_string"] else ""
            access_logger.info(
                '%s:%d - "%s %s%s HTTP/%s" %d',
                *(self.client or ("-", 0)), scope["method"], scope["path"], query, scope["http_version"], cycle.status_code,
            )
        if self.conn.our_state is MUST_CLOSE or self.closing:
            self.transport.close()
            return
        self.cycle = None
        self.flow.resume_reading()
        self._set_deadline(self.config.timeout_keep_alive, self._close)
        if self.conn.trailing_data[0]:
            self.handle_events()  # a pipelined request is already here

    def send_error(self, status_code: int, detail: str) -> None:
        """Answer a protocol error with its status, if no response has started; then close."""
        cycle = self.cycle
        if cycle is not None:
            cycle.disconnected = True  # the app's receive() gets http.disconnect
            cycle.message_event.set()
        if self.conn.our_state is IDLE and not self.transport.is_closing():
            body = f"{status_code} {HTTPStatus(status_code).phrase}: {detail}\n".encode()
            headers = [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", b"%d" % len(body)),
                (b"connection", b"close"),
            ]
            self.transport.write(
                self.conn.send(Response(status_code=status_code, headers=headers))
                + self.conn.send(Data(data=body))
                + self.conn.send(EndOfMessage())
            )
        self.transport.close()

    def _close(self) -> None:
        self.transport.close()

    def shutdown(self) -> None:
        """Server shutdown: close now if idle, else right after the current response."""
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()
        else:
            self.closing = True

    # -- timers -------------------------------------------------------------------------------
    # One deadline per connection, watched by at most one timer. Moving the deadline later
    # (every request does) costs an assignment, not a timer: the timer, when it fires, finds
    # the deadline moved and sleeps again. Thousands of requests a second would otherwise
    # each create and cancel a TimerHandle in the event loop's heap.

    def _set_deadline(self, seconds: float, on_expiry: Callable[[], None]) -> None:
        self.deadline = self.loop.time() + seconds
        self.on_deadline = on_expiry
        if self.timer is None or self.timer.when() > self.deadline:
            self._cancel_timer()
            self.timer = self.loop.call_at(self.deadline, self._check_deadline)

    def _clear_deadline(self) -> None:
        self.deadline = None  # a pending timer will find nothing to do

    def _check_deadline(self) -> None:
        self.timer = None
        if self.deadline is None:
            return
        if self.loop.time() < self.deadline:
            self.timer = self.loop.call_at(self.deadline, self._check_deadline)
            return
        self.deadline = None
        self.on_deadline()

    def _request_head_timed_out(self) -> None:
        if self.conn.trailing_data[0]:
            self.send_error(408, "request head not received in time")
        else:
            self.transport.close()  # idle: nothing to answer

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


def _address(info: object) -> tuple[str, int] | None:
    """``(host, port)`` from a socket address (IPv6 ones have four fields)."""
    if isinstance(info, tuple) and len(info) >= 2:
        return str(info[0]), int(info[1])
    return None
