"""Middleware: an ASGI app that wraps another ASGI app.

Why a class and a recipe instead of instances: ``Starlette(middleware=[...])`` builds the
stack itself, once, around its router (errors outermost, then yours, then exceptions), so
the user hands over *how* to build each layer — ``Middleware(CORSMiddleware,
allow_origins=["*"])`` — not a built layer. It unpacks like a tuple,
``cls, args, kwargs = middleware``, exactly as ``starlette.middleware.Middleware`` does, so
code that builds stacks by hand works with both.

Each middleware in this package is a plain ASGI callable, ``__init__(self, app, ...)`` and
``async __call__(self, scope, receive, send)``: no base class, nothing to inherit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Middleware"]


class Middleware:
    """``Middleware(cls, *args, **kwargs)``: build later with ``cls(app, *args, **kwargs)``."""

    def __init__(self, cls: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.cls = cls
        self.args = args
        self.kwargs = kwargs

    def __iter__(self) -> Iterator[Any]:
        return iter((self.cls, self.args, self.kwargs))

    def __repr__(self) -> str:
        options = [repr(value) for value in self.args] + [f"{key}={value!r}" for key, value in self.kwargs.items()]
        return f"Middleware({', '.join([getattr(self.cls, '__name__', repr(self.cls)), *options])})"
