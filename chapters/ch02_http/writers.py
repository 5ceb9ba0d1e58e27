"""Writing a response body: with Content-Length, chunked, or until the connection closes.

Which writer a response gets is decided once, from its headers and the request
(:func:`chapters.ch02_http.framing.response_writer`). Each writer turns the body pieces we
send into the bytes for the wire and checks that we keep the promise the headers made.
"""

from __future__ import annotations

from chapters.ch02_http.errors import LocalProtocolError
from chapters.ch02_http.events import Headers


class ContentLengthWriter:
    """Exactly ``length`` bytes, sent as they are (RFC 9112 §6.2)."""

    def __init__(self, length: int) -> None:
        self.remaining = length

    def write(self, data: bytes) -> bytes:
        if len(data) > self.remaining:
            raise LocalProtocolError("more body than the Content-Length announced")
        self.remaining -= len(data)
        return data

    def end(self, trailers: Headers) -> bytes:
        if self.remaining:
            raise LocalProtocolError(f"body ended {self.remaining} bytes short of its Content-Length")
        if trailers:
            raise LocalProtocolError("trailers need a chunked body")
        return b""


class ChunkedWriter:
    """Each piece framed as a chunk: size in hex, CRLF, data, CRLF (RFC 9112 §7.1)."""

    def write(self, data: bytes) -> bytes:
        if not data:
            return b""  # an empty chunk would mean "end of body"
        return b"%x\r\n%s\r\n" % (len(data), data)

    def end(self, trailers: Headers) -> bytes:
        return b"0\r\n" + b"".join(name + b": " + value + b"\r\n" for name, value in trailers) + b"\r\n"


class CloseDelimitedWriter:
    """The body ends when the connection closes: HTTP/1.0 without Content-Length (§6.3)."""

    def write(self, data: bytes) -> bytes:
        return data

    def end(self, trailers: Headers) -> bytes:
        if trailers:
            raise LocalProtocolError("trailers need a chunked body")
        return b""


class NoBodyWriter:
    """A response that has no body on the wire.

    For HEAD the body is silently dropped, so a server can run the same code for GET and
    HEAD (as uvicorn does). A 204 or 304 with a body is a bug in the caller (RFC 9110 §15).
    """

    def __init__(self, drop_silently: bool) -> None:
        self.drop_silently = drop_silently

    def write(self, data: bytes) -> bytes:
        if data and not self.drop_silently:
            raise LocalProtocolError("this response status can't have a body")
        return b""

    def end(self, trailers: Headers) -> bytes:
        return b""


BodyWriter = ContentLengthWriter | ChunkedWriter | CloseDelimitedWriter | NoBodyWriter
