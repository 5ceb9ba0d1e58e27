"""Chapter 04's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch04_asgi --impl my_asgi``) runs the contract tests
against a learner's module; without ``--impl`` it runs them against this one, so the tests
and the reference can never drift apart. The contract (README.md, "Build it yourself") is an
ASGI server for ``http`` requests with the ``chapters.support`` server contract: the
chapter's :class:`~chapters.ch04_asgi.server.Server`, without its access log (lifespan, flow
control, keep-alive and graceful shutdown are the chapter's extras, not the contract's).
``starter.py`` is the same API with empty bodies, for the learner to fill in.
"""

from __future__ import annotations

from chapters.ch04_asgi.server import Server as _Server
from chapters.ch04_asgi.types import ASGIApp

__all__ = ["Server"]


class Server(_Server):
    """``Server(app, host, port)``: the chapter's server, quiet (no access log)."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(app, host, port, access_log=False)
