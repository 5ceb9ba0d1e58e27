"""What the chapter 02 server hands to application code, and what it expects back.

The parser speaks in events; application code wants one object per request, with the body
already read, and returns one object. This is our *own* little interface between server and
application: chapter 03 shows why the Python world agreed on a standard one instead (WSGI),
so that any server can run any framework.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from chapters.ch02_http.events import Headers


@dataclass(frozen=True, kw_only=True)
class HTTPRequest:
    """One request, head and body, as the application sees it."""

    method: str
    target: str  # as sent: "/files/a%20b.txt?x=1"
    http_version: str
    headers: Headers
    body: bytes = b""
    client: tuple[str, int] | None = None

    @property
    def path(self) -> str:
        """The target's path, percent-decoded: ``"/files/a b.txt"``."""
        return unquote(self.target.partition("?")[0])

    @property
    def query(self) -> str:
        """The raw query string, after ``?``: ``"x=1"``."""
        return self.target.partition("?")[2]

    def header(self, name: str) -> str | None:
        """The first value of a header, by case-insensitive name, or ``None``."""
        wanted = name.lower().encode("latin-1")
        for header_name, value in self.headers:
            if header_name == wanted:
                return value.decode("latin-1")
        return None


@dataclass(kw_only=True)
class HTTPResponse:
    """A status, headers and a body: ``bytes``, or an iterable of ``bytes`` to stream."""

    status: int = 200
    headers: Headers = field(default_factory=list)
    body: bytes | Iterable[bytes] = b""

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain") -> HTTPResponse:
        content = text.encode("utf-8")
        headers = [(b"content-type", f"{content_type}; charset=utf-8".encode())]
        return cls(status=status, headers=headers, body=content)

    @classmethod
    def html(cls, html: str, status: int = 200) -> HTTPResponse:
        return cls.text(html, status, content_type="text/html")


#: An application, for the chapter 02 server: a function from request to response.
Handler = Callable[[HTTPRequest], HTTPResponse]
