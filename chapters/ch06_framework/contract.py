"""Chapter 06's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch06_framework --impl my_framework``) runs the contract
tests against a learner's module; without ``--impl`` it runs them against this one, so the
tests and the reference can never drift apart. The contract (README.md, "Build it
yourself") is the heart of the chapter, with pydantic's and FastAPI's names: a
``BaseModel`` whose annotations convert and validate its input, the ``ValidationError``
that lists every problem, and a ``FastAPI`` app whose endpoints take their values from
their signature (and FastAPI's and pydantic's own classes pass the same tests).
``starter.py`` is the same API with empty bodies, for the learner to fill in.
"""

from __future__ import annotations

from chapters.ch06_framework.applications import FastAPI
from chapters.ch06_framework.models import BaseModel, ValidationError

__all__ = ["BaseModel", "FastAPI", "ValidationError"]
