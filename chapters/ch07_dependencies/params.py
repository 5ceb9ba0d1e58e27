"""``Depends``: a parameter whose value is what another callable returns.

Why a marker at all: chapter 06's markers say *where in the request* a value is found
(``Query()``, ``Header()``). Some values are not in the request: a database connection, the
user the token belongs to, the page a client asked for worked out from two query
parameters. ``Depends(get_db)`` says "call ``get_db`` and pass me its result". The callable
declares its own parameters exactly like an endpoint, so it can read the request too, or
depend on further callables::

    def list_notes(db: Annotated[sqlite3.Connection, Depends(get_db)]): ...
    def list_notes(page: Annotated[Pagination, Depends()]): ...   # calls Pagination(...)
    def list_notes(db = Depends(get_db)): ...                       # the default-value form

``use_cache=False`` calls the dependency again each time it is asked for in one request
(by default its first result is reused). ``scope`` matters for a dependency with ``yield``:
its code after ``yield`` runs after the response is sent (``"request"``, the default), or
as soon as the endpoint returned, *before* the response is sent (``"function"``): what a
database commit wants, so that a failed commit can still become the answer.

This is ``fastapi/params.py``'s ``Depends`` without ``max_concurrency=``; like it, a
frozen dataclass, so one ``Depends(...)`` object may be shared by many endpoints safely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Depends"]


@dataclass(frozen=True)
class Depends:
    """``Depends(dependency, use_cache=True, scope=None)``; no dependency: the annotated class."""

    dependency: Callable[..., Any] | None = None
    use_cache: bool = True
    scope: Literal["function", "request"] | None = None

    def __repr__(self) -> str:
        name = getattr(self.dependency, "__name__", type(self.dependency).__name__)
        shown = [] if self.dependency is None else [name]
        shown += [] if self.use_cache else ["use_cache=False"]
        shown += [] if self.scope is None else [f"scope={self.scope!r}"]
        return f"Depends({', '.join(shown)})"
