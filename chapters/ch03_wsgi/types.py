"""The names of PEP 3333, as types: what a server hands an application and what it gets back.

Like starlette/types.py for ASGI, this module is only vocabulary: a WSGI application is a
callable taking the ``environ`` dict and the ``start_response`` callable, and returning an
iterable of bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

Environ = dict[str, Any]
ResponseHeaders = list[tuple[str, str]]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
Write = Callable[[bytes], None]
StartResponse = Callable[..., Write]  # (status, headers, exc_info=None) -> write
WSGIApplication = Callable[[Environ, StartResponse], Iterable[bytes]]

__all__ = ["Environ", "ExcInfo", "ResponseHeaders", "StartResponse", "WSGIApplication", "Write"]
