"""``Depends(...)`` as a function typed ``-> Any``: what endpoints import.

The same reason as chapter 06's :mod:`~chapters.ch06_framework.param_functions`: in
``db: sqlite3.Connection = Depends(get_db)`` a type checker would see a ``Depends`` object
where a connection is declared. A function returning ``Any`` keeps it quiet; the class
itself is :class:`chapters.ch07_dependencies.params.Depends`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from chapters.ch07_dependencies import params

__all__ = ["Depends"]


def Depends(
    dependency: Callable[..., Any] | None = None,
    *,
    use_cache: bool = True,
    scope: Literal["function", "request"] | None = None,
) -> Any:
    """``db = Depends(get_db)``; ``page: Annotated[Pagination, Depends()]`` calls ``Pagination``."""
    return params.Depends(dependency, use_cache=use_cache, scope=scope)
