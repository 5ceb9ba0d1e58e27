"""Framing: turning a byte stream back into messages.

TCP delivers a stream of bytes, not messages. Two ``send()`` calls may arrive in one
``recv()``, and one ``send()`` may arrive over several. So a protocol must say where a
message ends. The simplest rule is a delimiter: a message ends at a newline. HTTP (chapter
02) uses exactly this for its header lines, then a length for its body.
"""

from __future__ import annotations


class LineBuffer:
    """Collect received bytes and hand out complete lines.

    >>> lines = LineBuffer()
    >>> lines.feed(b"hel")
    []
    >>> lines.feed(b"lo\\nwor")
    [b'hello']
    >>> lines.feed(b"ld\\nbye\\n")
    [b'world', b'bye']
    """

    def __init__(self, delimiter: bytes = b"\n", max_line: int = 1024 * 1024) -> None:
        self.delimiter = delimiter
        self.max_line = max_line
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return the lines they complete (without the delimiter)."""
        self._buffer += data
        *lines, rest = self._buffer.split(self.delimiter)
        if len(rest) > self.max_line:
            raise ValueError(f"line longer than {self.max_line} bytes without a delimiter")
        self._buffer = bytearray(rest)
        return [bytes(line) for line in lines]

    @property
    def pending(self) -> bytes:
        """Bytes received after the last delimiter (an incomplete line)."""
        return bytes(self._buffer)
