"""Chapter 02, build it yourself: an HTTP/1.1 request parser and a response writer.

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch02_http/starter.py my_http.py
    pytest tests/ch02_http --impl my_http

The contract is in ``chapters/ch02_http/README.md`` ("Build it yourself: the contract").
Start from the notebook's ``BufferedParser`` (section 3); the rules to add are RFC 9112's.
Everything here is sans-IO: bytes in, objects out, no socket.
"""

from __future__ import annotations

from dataclasses import dataclass

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, kw_only=True)
class HTTPRequest:
    """One whole request (the same fields as ``chapters.ch02_http.messages.HTTPRequest``)."""

    method: str  # "GET"
    target: str  # "/hello?x=1", as sent
    http_version: str  # "1.1"
    headers: Headers  # [(b"host", b"example")]: names lowercased, order and repeats kept
    body: bytes = b""  # de-chunked


class RemoteProtocolError(Exception):
    """The client broke the protocol; ``status_hint`` is the status to answer with."""

    def __init__(self, message: str, *, status_hint: int = 400) -> None:
        super().__init__(message)
        self.status_hint = status_hint


class RequestParser:
    """Bytes in, complete requests out. One parser per connection."""

    def __init__(self) -> None:
        """Set up the buffer that keeps bytes between ``feed()`` calls."""
        raise NotImplementedError

    def feed(self, data: bytes) -> list[HTTPRequest]:
        """Add received bytes; return the requests they complete, in order (maybe none).

        A request is complete when its head (up to the empty line) and its whole body
        (``Content-Length`` bytes, or the chunks of ``Transfer-Encoding: chunked``) have
        arrived. Bytes after it stay buffered: they start the next request. Raise
        :class:`RemoteProtocolError` (``status_hint`` 400, or 505 for an HTTP version other
        than 1.x) for a request that breaks the rules.
        """
        raise NotImplementedError


def serialize_response(status_code: int, headers: Headers, body: bytes) -> bytes:
    """The bytes of a whole response: ``HTTP/1.1 404 Not Found`` (the standard reason
    phrase), the given headers in order, ``content-length`` if they lack one, the empty
    line, the body. Every line ends with CR LF.
    """
    raise NotImplementedError
