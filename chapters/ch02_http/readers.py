"""Reading a request body: by Content-Length, or chunked (RFC 9112 §6 and §7.1).

A body reader takes the connection's receive buffer, removes the bytes it understands and
returns an event: :class:`Data` with whatever part of the body has arrived (the parser
streams; it never waits for the whole body), :class:`EndOfMessage` when the body is
complete, or ``None`` when it needs more bytes.
"""

from __future__ import annotations

import re

from chapters.ch02_http.errors import RemoteProtocolError
from chapters.ch02_http.events import Data, EndOfMessage
from chapters.ch02_http.head import HEAD_END, parse_field_section

BodyEvent = Data | EndOfMessage

# chunk-size = 1*HEXDIG                                              (RFC 9112 §7.1)
# Checked with a regex before int(..., 16), which would also accept "0x1f", "+1f", "1_f"
# and surrounding spaces: each a way for two parsers to disagree about where a body ends.
CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")

#: A chunk-size line (size and extensions) longer than this is refused.
MAX_CHUNK_LINE = 4096


class ContentLengthReader:
    """A body of exactly ``length`` bytes (RFC 9112 §6.2)."""

    def __init__(self, length: int) -> None:
        self.remaining = length

    def read(self, buffer: bytearray) -> BodyEvent | None:
        if self.remaining == 0:
            return EndOfMessage()
        if not buffer:
            return None
        data = bytes(buffer[: self.remaining])
        del buffer[: len(data)]
        self.remaining -= len(data)
        return Data(data=data)

    def read_eof(self) -> BodyEvent:
        raise RemoteProtocolError(
            f"connection closed with {self.remaining} bytes of the body still to come"
        )


class ChunkedReader:
    """A chunked body (RFC 9112 §7.1)::

        chunked-body = *chunk last-chunk trailer-section CRLF
        chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
        last-chunk   = 1*("0") [ chunk-ext ] CRLF

    For example ``b"5\\r\\nhello\\r\\n0\\r\\n\\r\\n"`` is the body ``b"hello"``.
    Chunk extensions are ignored, trailer fields are returned in ``EndOfMessage.headers``.
    """

    def __init__(self, max_body_size: int | None = None, max_trailer_size: int = 64 * 1024) -> None:
        self.max_body_size = max_body_size
        self.max_trailer_size = max_trailer_size
        self.received = 0  # body bytes so far (the decoded size, not the wire size)
        self.chunk_left = 0  # bytes of the current chunk's data still to come
        self.expect_crlf = False  # the CRLF that closes a chunk's data is next
        self.in_trailers = False

    def read(self, buffer: bytearray) -> BodyEvent | None:
        while True:
            if self.in_trailers:
                return self._read_trailers(buffer)
            if self.chunk_left:
                if not buffer:
                    return None
                data = bytes(buffer[: self.chunk_left])
                del buffer[: len(data)]
                self.chunk_left -= len(data)
                self.expect_crlf = self.chunk_left == 0
                return Data(data=data)
            if self.expect_crlf and not self._read_crlf(buffer):
                return None
            if not self._read_chunk_size(buffer):
                return None

    def _read_crlf(self, buffer: bytearray) -> bool:
        if buffer[:2] == b"\r\n":
            del buffer[:2]
        elif buffer[:1] == b"\n":
            del buffer[:1]
        elif buffer in (b"", b"\r"):
            return False
        else:
            raise RemoteProtocolError("chunk data not followed by CRLF")
        self.expect_crlf = False
        return True

    def _read_chunk_size(self, buffer: bytearray) -> bool:
        end = buffer.find(b"\n", 0, MAX_CHUNK_LINE)
        if end == -1:
            if len(buffer) >= MAX_CHUNK_LINE:
                raise RemoteProtocolError("chunk-size line too long")
            return False
        line = bytes(buffer[:end]).removesuffix(b"\r")
        del buffer[: end + 1]
        size = line.split(b";", 1)[0].rstrip(b" \t")  # BWS may precede a chunk-ext
        if not CHUNK_SIZE.fullmatch(size):
            raise RemoteProtocolError(f"invalid chunk size {size[:20]!r}")
        self.chunk_left = int(size, 16)
        self.received += self.chunk_left
        if self.max_body_size is not None and self.received > self.max_body_size:
            raise RemoteProtocolError(
                f"request body larger than {self.max_body_size} bytes", status_hint=413
            )
        self.in_trailers = self.chunk_left == 0
        return True

    def _read_trailers(self, buffer: bytearray) -> EndOfMessage | None:
        # trailer-section = *( field-line CRLF ), then the final CRLF
        if buffer[:2] == b"\r\n" or buffer[:1] == b"\n":
            del buffer[: 2 if buffer[:1] == b"\r" else 1]
            return EndOfMessage()
        match = HEAD_END.search(buffer)
        if match is None:
            if len(buffer) > self.max_trailer_size:
                raise RemoteProtocolError("trailer section too large", status_hint=431)
            return None
        section = bytes(buffer[: match.start() + 1])
        del buffer[: match.end()]
        return EndOfMessage(headers=parse_field_section(section))

    def read_eof(self) -> BodyEvent:
        raise RemoteProtocolError("connection closed in the middle of a chunked body")
