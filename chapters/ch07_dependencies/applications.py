"""``FastAPI`` with dependencies: app-wide ``dependencies=[...]`` and ``dependency_overrides``.

Why a subclass: chapter 06's application already stores ``dependencies=`` and builds its
router from :attr:`FastAPI.router_class`; pointing that at our
:class:`~chapters.ch07_dependencies.routing.APIRouter` is what makes ``@app.get(...)``
endpoints solve their dependencies. What is new is :attr:`FastAPI.dependency_overrides`,
the testing hook::

    app.dependency_overrides[get_database] = lambda: Database(tmp_path / "test.db")
    ...                                     # every route now gets the test database
    app.dependency_overrides.clear()

The router is told that the app provides the overrides, and hands that on to each route,
which looks the dict up per request: overrides set after the routes were registered apply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chapters.ch06_framework import applications as framework
from chapters.ch07_dependencies.routing import APIRouter

__all__ = ["FastAPI"]


class FastAPI(framework.FastAPI):
    """Chapter 06's application; its routes solve ``Depends`` and honour the overrides."""

    router_class: type[APIRouter] = APIRouter  # type: ignore[assignment]

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        #: ``{original: replacement}``: the replacement is called wherever the original is.
        self.dependency_overrides: dict[Callable[..., Any], Callable[..., Any]] = {}
        self.router.dependency_overrides_provider = self  # type: ignore[attr-defined]
