"""Chapter 09's workshop contract, met by the capstone itself.

The learner harness (``pytest tests/ch09_capstone --impl my_capstone``) runs the contract
tests against a learner's module; without ``--impl`` it runs them against this one, so the
tests and the reference can never drift apart. Here the contract (README.md, "Build it
yourself") is an application rather than a framework: the capstone's API (the seed
calculator, the inventory with its guards, ``/me``, the middleware, the docs), built the
learner's own way on this tutorial's framework or on FastAPI. The tests need two names:
``app``, and ``get_database``, the dependency they override to give each test a new sqlite
inventory. ``starter.py`` is an app with every endpoint left to write.
"""

from __future__ import annotations

from chapters.ch09_capstone.main import app, get_database

__all__ = ["app", "get_database"]
