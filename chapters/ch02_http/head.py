"""Parsing the request head: the request line and the header fields (RFC 9112 §2-§5).

The head is everything up to the first empty line. We find that line with one regex search
over the whole buffer, then check the whole header section against one regular expression
built from the RFC's ABNF rules, and pull the (name, value) pairs out with another. Regular
expressions run in C, so this is both the strict way and the fast way: no Python loop ever
looks at a single character. Only when the check fails do we go line by line, to say which
rule was broken.
"""

from __future__ import annotations

import re

from chapters.ch02_http.errors import RemoteProtocolError
from chapters.ch02_http.events import Headers, Request

# token = 1*tchar                                                   (RFC 9110 §5.6.2)
# tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
#         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
TOKEN = rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+"

# field-vchar = VCHAR / obs-text                                    (RFC 9110 §5.5)
# field-value = *field-content
# field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
FIELD_VCHAR = rb"[\x21-\x7e\x80-\xff]"
FIELD_VALUE = rb"(?:%s(?:[ \t\x21-\x7e\x80-\xff]*%s)?)?" % (FIELD_VCHAR, FIELD_VCHAR)

# field-line = field-name ":" OWS field-value OWS                   (RFC 9112 §5)
# OWS = *( SP / HTAB )
FIELD_LINE = re.compile(rb"(?P<name>%s):[ \t]*(?P<value>%s)[ \t]*" % (TOKEN, FIELD_VALUE))

# The header section as a whole: each field-line ended by CRLF (or a bare LF, §2.2). The
# first regex checks it in one pass; the second takes the pairs out of a checked section.
FIELD_SECTION = re.compile(rb"(?:%s:[ \t]*%s[ \t]*\r?\n)*" % (TOKEN, FIELD_VALUE))
FIELD_PAIRS = re.compile(rb"(%s):[ \t]*(%s)[ \t]*\r?\n" % (TOKEN, FIELD_VALUE))

# request-line = method SP request-target SP HTTP-version           (RFC 9112 §3)
# HTTP-version = HTTP-name "/" DIGIT "." DIGIT                       (RFC 9112 §2.3)
# The request-target's forms (origin, absolute, authority, asterisk) are all printable
# ASCII without spaces; which form is allowed for which method is the application's call.
REQUEST_LINE = re.compile(
    rb"(?P<method>%s) (?P<target>[\x21-\x7e]+) HTTP/(?P<version>[0-9]\.[0-9])" % TOKEN
)

# The end of the head: an empty line. RFC 9112 §2.2 lets a recipient accept a bare LF as a
# line terminator, as most servers do, so the empty line is "\n", optionally "\r", "\n".
HEAD_END = re.compile(rb"\n\r?\n")

# The empty lines a server should ignore before a request line (RFC 9112 §2.2): CRLF or a
# bare LF. Not a bare CR: that is invalid wherever it appears, and this is no exception.
LEADING_EMPTY_LINES = re.compile(rb"(?:\r?\n)+")


def split_lines(head: bytes) -> list[bytes]:
    """Split a head into lines, accepting CRLF or a bare LF; refuse a bare CR (§2.2)."""
    lines = head.split(b"\n")
    lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    for line in lines:
        if b"\r" in line:
            raise RemoteProtocolError("bare CR in the request head (RFC 9112 §2.2)")
    return lines


def parse_request_line(line: bytes) -> tuple[bytes, bytes, bytes]:
    """Return ``(method, target, http_version)``; raise with 400 or 505."""
    match = REQUEST_LINE.fullmatch(line)
    if match is None:
        raise RemoteProtocolError(f"malformed request line {_show(line)}")
    version = match["version"]
    if version[:1] != b"1":
        raise RemoteProtocolError(f"HTTP version {version.decode()} not supported", status_hint=505)
    if version not in (b"1.0", b"1.1"):
        version = b"1.1"  # a later 1.x minor version is answered as 1.1 (RFC 9110 §2.5)
    return match["method"], match["target"], version


def parse_field_lines(lines: list[bytes]) -> Headers:
    """Parse header (or trailer) field lines into lowercased ``(name, value)`` pairs."""
    headers: Headers = []
    for line in lines:
        match = FIELD_LINE.fullmatch(line)
        if match is None:
            raise RemoteProtocolError(_why_field_line_is_invalid(line))
        headers.append((match["name"].lower(), match["value"]))
    return headers


def parse_field_section(section: bytes) -> Headers:
    """Parse header (or trailer) lines, each ended by ``\n``, into lowercased pairs.

    >>> parse_field_section(b"Host: example.com\r\nAccept:  */* \r\n")
    [(b'host', b'example.com'), (b'accept', b'*/*')]
    """
    if FIELD_SECTION.fullmatch(section) is None:
        parse_field_lines(split_lines(section.removesuffix(b"\n")))  # raises, naming the rule
        raise RemoteProtocolError("invalid header section")
    return [(name.lower(), value) for name, value in FIELD_PAIRS.findall(section)]


def _why_field_line_is_invalid(line: bytes) -> str:
    """Only called on the error path: name the rule the line breaks, for a useful 400."""
    if line[:1] in (b" ", b"\t"):
        return "obsolete line folding (a header line starting with whitespace) is not allowed (RFC 9112 §5.2)"
    if b"\x00" in line:
        return "NUL byte in a header field"
    name, colon, _value = line.partition(b":")
    if not colon:
        return f"header line without a colon: {_show(line)}"
    if name[-1:] in (b" ", b"\t"):
        return "whitespace between a header field name and the colon (RFC 9112 §5.1)"
    if not re.fullmatch(TOKEN, name):
        return f"invalid header field name {_show(name)}"
    return f"invalid characters in the value of header {_show(name)}"


def parse_request_head(head: bytes) -> Request:
    """Parse a complete head (each line with its ``\n``, without the final empty line)."""
    if b"\x00" in head:
        raise RemoteProtocolError("NUL byte in the request head")
    line_end = head.find(b"\n")
    request_line = head[:line_end].removesuffix(b"\r")
    if b"\r" in request_line:
        raise RemoteProtocolError("bare CR in the request head (RFC 9112 §2.2)")
    method, target, version = parse_request_line(request_line)
    headers = parse_field_section(head[line_end + 1 :])
    return Request(method=method, target=target, headers=headers, http_version=version)


def _show(raw: bytes, limit: int = 60) -> str:
    """A short printable form of some raw bytes, for an error message."""
    text = repr(raw[:limit])[1:]
    return text + ("..." if len(raw) > limit else "")
