"""Chapter 08's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch08_openapi --impl my_openapi``) runs the contract tests
against a learner's module; without ``--impl`` it runs them against this one, so the tests
and the reference can never drift apart. The contract (README.md, "Build it yourself") is a
``FastAPI`` that describes itself: ``app.openapi()`` builds the OpenAPI 3.1 document from the
routes it already analysed, ``GET /openapi.json`` serves it and ``GET /docs`` is the page
that shows it; ``BaseModel`` and ``Depends`` are the names the tests write their shop with
(and FastAPI's and pydantic's own pass the same tests). ``starter.py`` is the same API with
empty bodies, for the learner to fill in.
"""

from __future__ import annotations

from chapters.ch08_openapi import BaseModel, Depends, FastAPI

__all__ = ["BaseModel", "Depends", "FastAPI"]
