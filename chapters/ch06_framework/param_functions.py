"""``Query(...)``, ``Path(...)``, ... as functions typed ``-> Any``: what endpoints import.

Why functions around the classes of :mod:`~chapters.ch06_framework.params`: in
``limit: int = Query(10)`` a type checker sees a ``Query`` object where an ``int`` is
declared and complains. A function that returns ``Any`` keeps it quiet, which is the whole
reason FastAPI has ``param_functions.py`` (and pydantic's ``Field`` is typed the same way).
Each takes the options of its class.
"""

from __future__ import annotations

from typing import Any

from chapters.ch06_framework import params
from chapters.ch06_framework.models import Undefined

__all__ = ["Body", "Cookie", "Header", "Path", "Query"]


def Path(default: Any = Undefined, **options: Any) -> Any:
    """A path parameter with constraints: ``item_id: int = Path(gt=0)``."""
    return params.Path(default, **options)


def Query(default: Any = Undefined, **options: Any) -> Any:
    """A query parameter: ``limit: int = Query(10, ge=1, le=100)``."""
    return params.Query(default, **options)


def Header(default: Any = Undefined, **options: Any) -> Any:
    """A header: ``user_agent: str = Header()`` reads ``User-Agent``."""
    return params.Header(default, **options)


def Cookie(default: Any = Undefined, **options: Any) -> Any:
    """A cookie: ``session: str | None = Cookie(None)``."""
    return params.Cookie(default, **options)


def Body(default: Any = Undefined, **options: Any) -> Any:
    """The body or one key of it: ``importance: int = Body()``, ``item: Item = Body(embed=True)``."""
    return params.Body(default, **options)
