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


#: The request headers that decide framing and keep-alive: collected in one pass.
FRAMING_FIELDS = frozenset((b"host", b"content-length", b"transfer-encoding", b"connection", b"expect"))

Fields = dict[bytes, list[bytes]]


def framing_fields(headers: Headers) -> Fields:
    """The values of the few headers this module decides with, by (lowercased) name.

    One pass over the headers instead of one per question: this runs for every request.
    """
    fields: Fields = {}
    for name, value in headers:
        if name in FRAMING_FIELDS:
            fields.setdefault(name, []).append(value)
    return fields


def comma_values(values: list[bytes]) -> list[bytes]:
    """The items of a list-valued header, split on commas, trimmed and lowercased.

    ``Connection: keep-alive, Upgrade`` and two ``Connection`` lines mean the same thing.
    """
    return [item.strip().lower() for value in values for item in value.split(b",") if item.strip()]


def client_wants_keep_alive(fields: Fields, http_version: bytes) -> bool:
    """RFC 9112 §9.3: HTTP/1.1 is persistent unless "close"; HTTP/1.0 only if "keep-alive"."""
    connection = comma_values(fields.get(b"connection", []))
    if b"close" in connection:
        return False
    return http_version == b"1.1" or b"keep-alive" in connection


def client_expects_100_continue(fields: Fields, http_version: bytes) -> bool:
    """RFC 9110 §10.1.1: the client waits for ``100 Continue`` before sending the body."""
    return http_version == b"1.1" and b"100-continue" in comma_values(fields.get(b"expect", []))


def check_host(fields: Fields, http_version: bytes) -> None:
    """RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host header."""
    hosts = len(fields.get(b"host", ()))
    if hosts > 1 or (hosts == 0 and http_version == b"1.1"):
        raise RemoteProtocolError("an HTTP/1.1 request needs exactly one Host header")


def request_body_reader(fields: Fields, http_version: bytes, max_body_size: int | None) -> ChunkedReader | ContentLengthReader:
    """Choose how to read the request body (RFC 9112 §6.3, the request rules)."""
    lengths = fields.get(b"content-length")
    if b"transfer-encoding" in fields:
        codings = comma_values(fields[b"transfer-encoding"])
        if http_version == b"1.0":
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
    headers = response.headers
    lengths: list[bytes] = []
    chunked_by_app = says_close = False
    for name, value in headers:  # one pass over the headers; names may have any case here
        lowered = name.lower()
        if lowered == b"content-length":
            lengths.append(value)
        elif lowered == b"transfer-encoding":
            chunked_by_app = True
        elif lowered == b"connection" and b"close" in comma_values([value]):
            says_close = True
    keep_alive = keep_alive and not says_close
    writer: BodyWriter
    if request_method == b"HEAD" or response.status_code in (204, 304):
        writer = NoBodyWriter(drop_silently=request_method == b"HEAD")
    elif lengths:
        if chunked_by_app:
            raise LocalProtocolError("a response can't have both Content-Length and Transfer-Encoding")
        if len(set(lengths)) != 1 or not CONTENT_LENGTH.fullmatch(lengths[0]):
            raise LocalProtocolError(f"invalid Content-Length in response: {lengths!r}")
        writer = ContentLengthWriter(int(lengths[0]))
    else:
        # We frame the body ourselves: drop any Transfer-Encoding the caller set.
        if chunked_by_app:
            headers = [(n, v) for n, v in headers if n.lower() != b"transfer-encoding"]
        if client_version == b"1.1":
            headers = [*headers, (b"transfer-encoding", b"chunked")]
            writer = ChunkedWriter()
        else:
            # An HTTP/1.0 client does not know chunked: the body ends when we close.
            writer, keep_alive = CloseDelimitedWriter(), False
    if not keep_alive and not says_close:
        headers = [*headers, (b"connection", b"close")]
    elif keep_alive and client_version == b"1.0":
        headers = [*headers, (b"connection", b"keep-alive")]  # HTTP/1.0 keep-alive must be said
    return writer, headers, keep_alive


#: Status lines with their standard reason phrase, made once: most responses use one.
STATUS_LINES = {status.value: b"HTTP/1.1 %d %s\r\n" % (status.value, status.phrase.encode()) for status in HTTPStatus}


def status_line(status_code: int, reason: bytes) -> bytes:
    """``HTTP/1.1 404 Not Found`` (RFC 9112 §4), the reason phrase filled in when empty."""
    if not reason:
        return STATUS_LINES.get(status_code) or b"HTTP/1.1 %d \r\n" % status_code
    if not _FIELD_VALUE.fullmatch(reason):
        raise LocalProtocolError(f"invalid reason phrase {reason[:40]!r}")
    return b"HTTP/1.1 %d %s\r\n" % (status_code, reason)


def serialize_head(first_line: bytes, headers: Headers) -> bytes:
    return first_line + b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n"
