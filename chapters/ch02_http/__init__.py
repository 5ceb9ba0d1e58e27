"""Chapter 02: HTTP/1.1 from bytes: a sans-IO parser and a small threaded server."""

from chapters.ch02_http.connection import Connection
from chapters.ch02_http.errors import LocalProtocolError, ProtocolError, RemoteProtocolError
from chapters.ch02_http.events import (
    NEED_DATA,
    PAUSED,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    Headers,
    InformationalResponse,
    Request,
    Response,
)
from chapters.ch02_http.state import CLOSED, DONE, ERROR, IDLE, MUST_CLOSE, SEND_BODY, State

__all__ = [
    "CLOSED",
    "DONE",
    "ERROR",
    "IDLE",
    "MUST_CLOSE",
    "NEED_DATA",
    "PAUSED",
    "SEND_BODY",
    "Connection",
    "ConnectionClosed",
    "Data",
    "EndOfMessage",
    "Event",
    "Headers",
    "InformationalResponse",
    "LocalProtocolError",
    "ProtocolError",
    "RemoteProtocolError",
    "Request",
    "Response",
    "State",
]
