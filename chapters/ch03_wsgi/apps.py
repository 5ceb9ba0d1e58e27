"""WSGI applications written against the bare spec: no framework, just PEP 3333.

Each is a plain function of ``(environ, start_response)`` returning an iterable of bytes, so
it runs unchanged on any WSGI server: ours, ``wsgiref.simple_server``, gunicorn.
Run one with ``python -m chapters.ch03_wsgi chapters.ch03_wsgi.apps:hello_app``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

from chapters.ch03_wsgi.types import Environ, StartResponse

HELLO = b"Hello, WSGI!\n"


def hello_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """The smallest useful WSGI app: a status, headers, and a one-item list as the body.

    A one-item list lets the server send a Content-Length (it knows the whole body).
    """
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [HELLO]


def echo_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """The request body comes back, streamed: read in pieces from ``wsgi.input``, sent in pieces.

    Its length is not known in advance, so the server sends it chunked (HTTP/1.1).
    """
    content_type = environ.get("CONTENT_TYPE") or "application/octet-stream"
    start_response("200 OK", [("Content-Type", content_type)])
    return _pieces(environ["wsgi.input"])


def _pieces(body: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    while piece := body.read(size):
        yield piece


def environ_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """What the server told the application: the environ's string keys, as JSON."""
    shown = {key: value for key, value in environ.items() if isinstance(value, str | bool | tuple)}
    body = json.dumps(shown, indent=2, sort_keys=True).encode() + b"\n"
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
