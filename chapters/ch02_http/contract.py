"""Chapter 02's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch02_http --impl my_http``) runs the contract tests
against a learner's module; without ``--impl`` it runs them against this one, so the tests
and the reference can never drift apart. The contract (README.md, "Build it yourself") is
smaller than the chapter: a parser with ``feed()`` that hands out whole requests, body
included, and a function that writes a response. Here both are thin wrappers around
:class:`~chapters.ch02_http.connection.Connection` and :mod:`~chapters.ch02_http.framing`;
``starter.py`` is the same API with empty bodies, for the learner to fill in.
"""

from __future__ import annotations

from chapters.ch02_http import framing
from chapters.ch02_http.connection import Connection
from chapters.ch02_http.errors import RemoteProtocolError
from chapters.ch02_http.events import (
    NEED_DATA,
    PAUSED,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Headers,
    Request,
    Response,
)
from chapters.ch02_http.messages import HTTPRequest

__all__ = ["HTTPRequest", "RemoteProtocolError", "RequestParser", "serialize_response"]


class RequestParser:
    """Bytes in, complete requests out: ``feed()`` returns the requests its bytes complete.

    The chapter's ``Connection`` gives events (``Request``, ``Data``, ``EndOfMessage``) and
    waits (``PAUSED``) until each request is answered, as a server must. The contract has no
    answers, so this adapter gathers a request's events into one :class:`HTTPRequest` and
    answers each with an empty ``204`` that nobody reads, to let the parser go on.
    """

    def __init__(self) -> None:
        self._connection = Connection()
        self._head: Request | None = None
        self._body = bytearray()

    def feed(self, data: bytes) -> list[HTTPRequest]:
        """Add received bytes; return the requests they complete, in order (maybe none)."""
        if data:
            self._connection.receive_data(data)
        complete: list[HTTPRequest] = []
        while True:
            event = self._connection.next_event()
            if event is NEED_DATA or isinstance(event, ConnectionClosed):
                return complete
            if event is PAUSED:
                self._connection.send(Response(status_code=204))
                self._connection.send(EndOfMessage())
            elif isinstance(event, Request):
                self._head, self._body = event, bytearray()
            elif isinstance(event, Data):
                self._body += event.data
            elif isinstance(event, EndOfMessage):
                complete.append(self._finish())

    def _finish(self) -> HTTPRequest:
        head = self._head
        assert head is not None  # EndOfMessage always follows a Request
        return HTTPRequest(
            method=head.method.decode("latin-1"),
            target=head.target.decode("latin-1"),
            http_version=head.http_version.decode("latin-1"),
            headers=head.headers,
            body=bytes(self._body),
        )


def serialize_response(status_code: int, headers: Headers, body: bytes) -> bytes:
    """The bytes of a whole response: status line, headers (``content-length`` added), body."""
    if not any(name.lower() == b"content-length" for name, _value in headers):
        headers = [*headers, (b"content-length", b"%d" % len(body))]
    framing.check_response_headers(headers)
    return framing.serialize_head(framing.status_line(status_code, b""), headers) + body
