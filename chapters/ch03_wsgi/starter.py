"""Chapter 03, build it yourself: a WSGI server (PEP 3333).

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch03_wsgi/starter.py my_wsgi.py
    pytest tests/ch03_wsgi --impl my_wsgi

The contract is in ``chapters/ch03_wsgi/README.md`` ("Build it yourself: the contract").
Import, don't copy: read requests with chapter 02's ``Connection``, and build the server on
chapter 01's ``ThreadingTCPServer`` (override ``handle(conn, address)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from chapters.ch02_http import Request

Environ = dict[str, Any]
WSGIApplication = Callable[[Environ, Callable[..., Any]], Iterable[bytes]]


def build_environ(
    request: Request,
    body: bytes,
    server_address: tuple[str, int],
    client_address: tuple[str, Any],
) -> Environ:
    """The ``environ`` of one request, with every key PEP 3333 requires.

    CGI's names, every value a ``str`` (bytes decoded as latin-1): ``REQUEST_METHOD``,
    ``SCRIPT_NAME`` (``""``), ``PATH_INFO`` (percent-decoded), ``QUERY_STRING``,
    ``CONTENT_TYPE`` and ``CONTENT_LENGTH`` (when sent), ``SERVER_NAME``, ``SERVER_PORT``,
    ``SERVER_PROTOCOL`` and an ``HTTP_<NAME>`` per other header (repeats joined by commas).
    Then the ``wsgi.*`` keys: ``wsgi.input`` holds ``body`` (``io.BytesIO``),
    ``wsgi.errors`` is ``sys.stderr``.
    """
    raise NotImplementedError


def make_server(host: str, port: int, app: WSGIApplication) -> Any:
    """A server, bound to ``(host, port)``, that runs ``app`` for every request.

    It follows the ``chapters.support`` server contract (``.port``, ``serve_forever()``,
    ``shutdown()``, ``server_close()``). Per request: build the environ, call
    ``app(environ, start_response)``, send the status line and headers it gave
    ``start_response`` and then the bytes it returns, call the result's ``close()`` if it
    has one. An app that raises before starting its response gets a ``500``.
    """
    raise NotImplementedError
