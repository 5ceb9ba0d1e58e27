"""The connection's state machine, as a table.

Each side of the connection (the client, who sends requests, and the server, who sends
responses) has a state. An event moves a side from one state to the next; a step that is not
in the table is illegal and raises an error naming the event and the state. This is how the
parser knows that a second ``Response`` is a bug, or that body bytes after the request head
belong to the body and not to the next request.

A cycle, both sides::

    client: IDLE --Request--> SEND_BODY --EndOfMessage--> DONE
    server: IDLE --Response-> SEND_BODY --EndOfMessage--> DONE   (100 Continue: IDLE -> IDLE)

When both are DONE and the connection is kept alive, both go back to IDLE for the next
request (keep-alive, RFC 9112 §9.3). When a side is DONE but the connection will not be
reused, it moves to MUST_CLOSE instead. Any side can reach CLOSED; a client whose bytes could
not be parsed is in ERROR.
"""

from __future__ import annotations

import enum

from chapters.ch02_http.errors import LocalProtocolError, RemoteProtocolError
from chapters.ch02_http.events import (
    ConnectionClosed,
    Data,
    EndOfMessage,
    InformationalResponse,
    Request,
    Response,
)


class State(enum.Enum):
    IDLE = "IDLE"
    SEND_BODY = "SEND_BODY"
    DONE = "DONE"
    MUST_CLOSE = "MUST_CLOSE"
    CLOSED = "CLOSED"
    ERROR = "ERROR"

    def __repr__(self) -> str:
        return self.value

    __str__ = __repr__
    # Members are singletons compared by identity, so identity is a valid hash; Enum's own
    # __hash__ is Python code, and the transition tables hash a state on every event.
    __hash__ = object.__hash__


IDLE, SEND_BODY, DONE, MUST_CLOSE, CLOSED, ERROR = State

#: (state, event type) -> next state, for what the client sends us.
CLIENT_TRANSITIONS: dict[tuple[State, type], State] = {
    (IDLE, Request): SEND_BODY,
    (SEND_BODY, Data): SEND_BODY,
    (SEND_BODY, EndOfMessage): DONE,
    (IDLE, ConnectionClosed): CLOSED,
    (DONE, ConnectionClosed): CLOSED,
    (MUST_CLOSE, ConnectionClosed): CLOSED,
    (CLOSED, ConnectionClosed): CLOSED,
}

#: (state, event type) -> next state, for what we (the server) send.
SERVER_TRANSITIONS: dict[tuple[State, type], State] = {
    (IDLE, InformationalResponse): IDLE,
    (IDLE, Response): SEND_BODY,
    (SEND_BODY, Data): SEND_BODY,
    (SEND_BODY, EndOfMessage): DONE,
    (IDLE, ConnectionClosed): CLOSED,
    (DONE, ConnectionClosed): CLOSED,
    (MUST_CLOSE, ConnectionClosed): CLOSED,
    (CLOSED, ConnectionClosed): CLOSED,
}


class ConnectionState:
    """Both sides' states, the transition tables, and the keep-alive decision."""

    def __init__(self) -> None:
        self.client = IDLE
        self.server = IDLE
        self.keep_alive = True

    def client_event(self, event_type: type) -> None:
        """Apply an event received from the client."""
        next_state = CLIENT_TRANSITIONS.get((self.client, event_type))
        if next_state is None:
            raise RemoteProtocolError(f"client can't send {event_type.__name__} in state {self.client!r}")
        self.client = next_state
        self._settle()

    def check_server_event(self, event_type: type) -> State:
        """The server's next state after sending ``event_type``; raise if it is illegal."""
        next_state = SERVER_TRANSITIONS.get((self.server, event_type))
        if next_state is None:
            raise LocalProtocolError(f"server can't send {event_type.__name__} in state {self.server!r}")
        return next_state

    def server_event(self, event_type: type) -> None:
        """Apply an event we are sending."""
        self.move_server(self.check_server_event(event_type))

    def move_server(self, next_state: State) -> None:
        """Move the server to a state :meth:`check_server_event` returned."""
        self.server = next_state
        self._settle()

    def server_error(self) -> None:
        """Our own code broke the protocol: nothing more can be sent on this connection."""
        self.server = ERROR
        self.keep_alive = False

    def client_error(self) -> None:
        """The client's bytes broke the protocol: it is in ERROR and we will close."""
        self.client = ERROR
        self.keep_alive = False
        self._settle()

    def disable_keep_alive(self) -> None:
        self.keep_alive = False
        self._settle()

    def _settle(self) -> None:
        """The automatic transitions that follow from the states and keep-alive."""
        if not self.keep_alive:
            if self.client is DONE:
                self.client = MUST_CLOSE
            if self.server is DONE:
                self.server = MUST_CLOSE
        if self.client is CLOSED and self.server is DONE:
            self.server = MUST_CLOSE  # nobody left to send the next request
        if self.client is DONE and self.server is DONE:
            # Keep-alive: the cycle is complete, both sides start the next one.
            self.client = self.server = IDLE
