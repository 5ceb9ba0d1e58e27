"""The ``environ`` dict: one request, described the way CGI (RFC 3875) described it in 1997.

PEP 3333 kept CGI's variable names so that CGI scripts could become WSGI applications with
little change: ``REQUEST_METHOD``, ``PATH_INFO``, ``QUERY_STRING``, ``CONTENT_TYPE``,
``CONTENT_LENGTH``, ``SERVER_NAME``, ``SERVER_PORT``, ``SERVER_PROTOCOL`` and one
``HTTP_<NAME>`` per request header, plus the ``wsgi.*`` keys that CGI had no need for.

Every value is a ``str`` (the PEP's "native string"). Bytes from the wire become ``str`` by
latin-1, which maps each byte to the code point of the same number and back, so nothing is
lost: an application that wants UTF-8 does ``environ["PATH_INFO"].encode("latin-1").decode()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from chapters.ch02_http import Request
from chapters.ch03_wsgi.types import Environ

#: Headers that have their own CGI variable rather than an ``HTTP_*`` key (RFC 3875 §4.1).
CGI_HEADERS = {b"content-type": "CONTENT_TYPE", b"content-length": "CONTENT_LENGTH"}


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What every request's environ says about the server: computed once per server."""

    server_name: str
    server_port: str
    url_scheme: str = "http"
    multithread: bool = True
    multiprocess: bool = False


def split_target(target: bytes) -> tuple[bytes, bytes]:
    """``(path, query)`` of a request-target (RFC 9112 §3.2).

    >>> split_target(b"/a%20b?x=1")
    (b'/a%20b', b'x=1')
    >>> split_target(b"http://example.com/p?q")   # absolute-form, as sent to proxies
    (b'/p', b'q')
    """
    path, _, query = target.partition(b"?")
    if not path.startswith(b"/") and b"://" in path:
        authority_and_path = path.split(b"://", 1)[1]
        slash = authority_and_path.find(b"/")
        path = authority_and_path[slash:] if slash != -1 else b"/"
    return path, query


def header_key(name: bytes) -> str | None:
    """The environ key of a (lowercased) header name; ``None`` for a name to drop.

    ``user-agent`` becomes ``HTTP_USER_AGENT``. A name with ``_`` is dropped: ``X_Forwarded_For``
    would become the same key as ``X-Forwarded-For``, so a client could overwrite a header
    that a proxy in front of us set (nginx and Apache drop them too).
    """
    if b"_" in name:
        return None
    cgi = CGI_HEADERS.get(name)
    if cgi is not None:
        return cgi
    return "HTTP_" + name.decode("latin-1").upper().replace("-", "_")


def build_environ(
    request: Request, server: ServerInfo, client: tuple[Any, ...], body: Any, errors: Any
) -> Environ:
    """The environ of one request, with every key PEP 3333 requires."""
    path, query = split_target(request.target)
    environ: Environ = {
        "REQUEST_METHOD": request.method.decode("latin-1"),
        "SCRIPT_NAME": "",
        # PEP 3333: PATH_INFO is percent-decoded (as CGI's was), then made a str by latin-1.
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query.decode("latin-1"),
        "RAW_URI": request.target.decode("latin-1"),  # gunicorn's extension: the undecoded target
        "SERVER_NAME": server.server_name,
        "SERVER_PORT": server.server_port,
        "SERVER_PROTOCOL": "HTTP/" + request.http_version.decode("latin-1"),
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": server.url_scheme,
        "wsgi.input": body,
        "wsgi.errors": errors,
        "wsgi.multithread": server.multithread,
        "wsgi.multiprocess": server.multiprocess,
        "wsgi.run_once": False,
        # The body stream ends where the body ends, even a chunked one (see streams.py):
        # an application may read to EOF without trusting CONTENT_LENGTH.
        "wsgi.input_terminated": True,
    }
    for name, value in request.headers:
        key = header_key(name)
        if key is None:
            continue
        text = value.decode("latin-1")
        if key == "CONTENT_LENGTH":
            # The parser accepted "5, 5" or two equal lines only if they agree: keep one.
            environ[key] = text.split(",")[0].strip(" \t")
        elif key in environ:
            # A repeated header is one list, joined by commas (RFC 9110 §5.3). Cookie is the
            # exception: its pairs are separated by "; " (RFC 6265 §5.4).
            separator = "; " if key == "HTTP_COOKIE" else ","
            environ[key] = environ[key] + separator + text
        else:
            environ[key] = text
    return environ
