"""Chapter 03's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch03_wsgi --impl my_wsgi``) runs the contract tests
against a learner's module; without ``--impl`` it runs them against this one, so the tests
and the reference can never drift apart. The contract (README.md, "Build it yourself") is
the two halves of a WSGI server: ``build_environ`` (a chapter 02 ``Request`` and its body
become the ``environ`` dict) and ``make_server`` (a server that calls the application).
``starter.py`` is the same API with empty bodies, for the learner to fill in.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from chapters.ch02_http import Request
from chapters.ch03_wsgi.environ import ServerInfo
from chapters.ch03_wsgi.environ import build_environ as _build_environ
from chapters.ch03_wsgi.server import make_server
from chapters.ch03_wsgi.types import Environ

__all__ = ["build_environ", "make_server"]


def build_environ(
    request: Request,
    body: bytes,
    server_address: tuple[str, int],
    client_address: tuple[str, Any],
) -> Environ:
    """The chapter's ``build_environ``, with the body as bytes and the errors on stderr.

    The chapter's server streams the body (``WSGIInput`` reads it from the socket as the
    application asks) and sends ``wsgi.errors`` to logging; the contract keeps it simple:
    the whole body, already read, behind ``io.BytesIO``.
    """
    host, port = server_address
    server = ServerInfo(server_name=host, server_port=str(port))
    return _build_environ(request, server, client_address, io.BytesIO(body), sys.stderr)
