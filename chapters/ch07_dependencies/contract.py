"""Chapter 07's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch07_dependencies --impl my_dependencies``) runs the
contract tests against a learner's module; without ``--impl`` it runs them against this one,
so the tests and the reference can never drift apart. The contract (README.md, "Build it
yourself") is dependency injection with FastAPI's names: ``Depends``, a ``FastAPI`` whose
routes solve the graph per request (sub-dependencies, the per-request cache, ``yield``
teardown after the response, guards, ``dependency_overrides``), and the ``HTTPException`` a
dependency raises to refuse a request (and FastAPI's own pass the same tests).
``starter.py`` is the same API with empty bodies, for the learner to fill in.
"""

from __future__ import annotations

from chapters.ch07_dependencies import Depends, FastAPI, HTTPException

__all__ = ["Depends", "FastAPI", "HTTPException"]
