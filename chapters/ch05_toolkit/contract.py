"""Chapter 05's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch05_toolkit --impl my_toolkit``) runs the contract tests
against a learner's module; without ``--impl`` it runs them against this one, so the tests
and the reference can never drift apart. The contract (README.md, "Build it yourself") is the
core of the toolkit, with Starlette's names and signatures: ``Request``, ``Response``,
``JSONResponse``, ``Route`` and ``Router``, each exactly the chapter's own (and Starlette's
own pass the same tests). ``starter.py`` is the same API with empty bodies, for the learner
to fill in.
"""

from __future__ import annotations

from chapters.ch05_toolkit.requests import Request
from chapters.ch05_toolkit.responses import JSONResponse, Response
from chapters.ch05_toolkit.routing import Route, Router

__all__ = ["JSONResponse", "Request", "Response", "Route", "Router"]
