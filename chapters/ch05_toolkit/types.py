"""Chapter 04's ASGI types, re-exported: the toolkit speaks exactly the contract the server speaks.

Starlette has its own ``starlette/types.py``; ours imports chapter 04's instead of copying it,
so a type change in the server layer cannot drift away from the toolkit.
"""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from chapters.ch04_asgi.types import ASGIApp, Message, Receive, Scope, Send

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]
"""``lifespan(app)`` -> an async context manager: startup before ``yield``, shutdown after."""

__all__ = ["ASGIApp", "Lifespan", "Message", "Receive", "Scope", "Send"]
