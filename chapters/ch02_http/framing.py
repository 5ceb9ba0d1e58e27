"""Where a message ends and whether the connection is reused: the rules of RFC 9112 §6 and §9.

These are the decisions that, made differently by two servers in a chain, let an attacker
smuggle a second request inside the body of the first. So they are made here, once, strictly:
a request with both Content-Length and Transfer-Encoding is refused, not "resolved".
"""

from __future__ import annotations

import re
from http import HTTPStatus

from chapters.ch02_http.errors import LocalProtocolError, RemoteProtocolError
from chapters.ch02_http.events import Headers, Request, Response
from chapters.ch02_http.head import FIELD_VALUE, TOKEN
from chapters.ch02_http.readers import ChunkedReader, ContentLengthReader
from chapters.ch02_http.writers import (
    BodyWriter,
    ChunkedWriter,
    CloseDelimitedWriter,
    ContentLengthWriter,
    NoBodyWriter,
)

# Content-Length = 1*DIGIT                                          (RFC 9110 §8.6)
CONTENT_LENGTH = re.compile(rb"[0-9]{1,18}")
_TOKEN = re.compile(TOKEN)
_FIELD_VALUE = re.compile(FIELD_VALUE)


def comma_values(headers: Headers, name: bytes) -> list[bytes]:
    """All values of a list-valued header, split on commas, trimmed and lowercased.

    ``Connection: keep-alive, Upgrade`` and two ``Connection`` lines mean the same thing.
    """
    return [
        item.strip().lower()
        for field_name, value in headers
        if field_name == name
        for item in value.split(b",")
        if item.strip()
    ]


def client_wants_keep_alive(request: Request) -> bool:
    """RFC 9112 §9.3: HTTP/1.1 is persistent unless "close"; HTTP/1.0 only if "keep-alive"."""
    connection = comma_values(request.headers, b"connection")
    if b"close" in connection:
        return False
    return request.http_version == b"1.1" or b"keep-alive" in connection


def client_expects_100_continue(request: Request) -> bool:
    """RFC 9110 §10.1.1: the client waits for ``100 Continue`` before sending the body."""
    return request.http_version == b"1.1" and b"100-continue" in comma_values(request.headers, b"expect")


def check_host(request: Request) -> None:
    """RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host header."""
    hosts = sum(1 for name, _ in request.headers if name == b"host")
    if hosts > 1 or (hosts == 0 and request.http_version == b"1.1"):
        raise RemoteProtocolError("an HTTP/1.1 request needs exactly one Host header")


def request_body_reader(request: Request, max_body_size: int | None) -> ChunkedReader | ContentLengthReader:
    """Choose how to read the request body (RFC 9112 §6.3, the request rules)."""
    codings = comma_values(request.headers, b"transfer-encoding")
    lengths = [value for name, value in request.headers if name == b"content-length"]
    # The field's presence decides, even with an empty value: a peer that reads
    # "Transfer-Encoding:" as present and one that ignores it frame the body differently.
    if any(name == b"transfer-encoding" for name, _ in request.headers):
        if request.http_version == b"1.0":
            raise RemoteProtocolError("Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)")
        if lengths:
            raise RemoteProtocolError(
                "both Content-Length and Transfer-Encoding: refused, a request smuggling vector (RFC 9112 §6.3)"
            )
        unknown = [coding for coding in codings if coding != b"chunked"]
        if unknown:
            raise RemoteProtocolError(
                f"transfer coding {unknown[0].decode('latin-1')!r} not implemented", status_hint=501
            )
        if len(codings) != 1:
            raise RemoteProtocolError("Transfer-Encoding must be chunked, applied once (RFC 9112 §6.1)")
        return ChunkedReader(max_body_size)
    if not lengths:
        return ContentLengthReader(0)  # a request without either has no body
    return ContentLengthReader(_content_length(lengths, max_body_size))


def _content_length(values: list[bytes], max_body_size: int | None) -> int:
    # Repeated identical values ("5, 5" or two lines of 5) are allowed (RFC 9110 §8.6).
    items = {item.strip(b" \t") for value in values for item in value.split(b",")}
    if len(items) != 1:
        raise RemoteProtocolError("conflicting Content-Length values")
    (item,) = items
    if not CONTENT_LENGTH.fullmatch(item):
        raise RemoteProtocolError(f"invalid Content-Length {item[:20]!r}")
    length = int(item)
    if max_body_size is not None and length > max_body_size:
        raise RemoteProtocolError(f"request body larger than {max_body_size} bytes", status_hint=413)
    return length


def check_response_headers(headers: Headers) -> None:
    """Refuse header names and values that would break the framing of our own output.

    A value containing CR LF, copied from user input, would let that user write headers or
    a whole second response of their choosing ("response splitting").
    """
    for name, value in headers:
        if not _TOKEN.fullmatch(name):
            raise LocalProtocolError(f"invalid response header name {name!r}")
        if not _FIELD_VALUE.fullmatch(value):
            raise LocalProtocolError(f"invalid value for response header {name!r}: {value[:40]!r}")


def response_writer(
    response: Response, *, request_method: bytes | None, client_version: bytes | None, keep_alive: bool
) -> tuple[BodyWriter, Headers, bool]:
    """Decide how the response body is framed (RFC 9112 §6.3, the response rules).

    Returns the body writer, the headers to send (framing headers added where needed) and
    whether the connection can be reused afterwards.
    """
    headers = list(response.headers)
    lengths = [value for name, value in headers if name.lower() == b"content-length"]
    if b"close" in comma_values([(n.lower(), v) for n, v in headers], b"connection"):
        keep_alive = False
    writer: BodyWriter
    if request_method == b"HEAD" or response.status_code in (204, 304):
        writer = NoBodyWriter(drop_silently=request_method == b"HEAD")
    elif lengths:
        if any(name.lower() == b"transfer-encoding" for name, _ in headers):
            raise LocalProtocolError("a response can't have both Content-Length and Transfer-Encoding")
        if len(set(lengths)) != 1 or not CONTENT_LENGTH.fullmatch(lengths[0]):
            raise LocalProtocolError(f"invalid Content-Length in response: {lengths!r}")
        writer = ContentLengthWriter(int(lengths[0]))
    elif client_version == b"1.1":
        headers = [(n, v) for n, v in headers if n.lower() != b"transfer-encoding"]
        headers.append((b"transfer-encoding", b"chunked"))
        writer = ChunkedWriter()
    else:
        # An HTTP/1.0 client does not know chunked: the body ends when we close.
        headers = [(n, v) for n, v in headers if n.lower() != b"transfer-encoding"]
        writer, keep_alive = CloseDelimitedWriter(), False
    if not keep_alive:
        if b"close" not in comma_values([(n.lower(), v) for n, v in headers], b"connection"):
            headers.append((b"connection", b"close"))
    elif client_version == b"1.0":
        headers.append((b"connection", b"keep-alive"))  # HTTP/1.0 keep-alive must be said
    return writer, headers, keep_alive


def status_line(status_code: int, reason: bytes) -> bytes:
    """``HTTP/1.1 404 Not Found`` (RFC 9112 §4), the reason phrase filled in when empty."""
    if not reason:
        try:
            reason = HTTPStatus(status_code).phrase.encode("ascii")
        except ValueError:
            reason = b""
    elif not _FIELD_VALUE.fullmatch(reason):
        raise LocalProtocolError(f"invalid reason phrase {reason[:40]!r}")
    return b"HTTP/1.1 %d %s\r\n" % (status_code, reason)


def serialize_head(first_line: bytes, headers: Headers) -> bytes:
    return first_line + b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n"
