"""What a dependency *is*, asked of any callable: its type hints, how to call it, its name.

Why a module of its own: ``Depends`` takes more than functions. ``Depends(get_db)`` is a
generator function, ``Depends(Pagination)`` a class (its ``__init__`` declares the
parameters), ``Depends(RequireRole("writer"))`` an instance (its ``__call__`` does), and any
of them may come wrapped in ``functools.partial``. These small functions look through all
of that once, at registration, so :mod:`~chapters.ch07_dependencies.dependencies` can treat
every dependency alike and the solver never inspects a callable per request.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args, get_origin

from chapters.ch06_framework import InvalidParameterError

__all__ = ["CallKind", "call_kind", "call_name", "callable_hints", "strip_annotated"]

#: How a dependency is called: awaited, in a worker thread, or entered as a generator.
CallKind = Literal["async", "sync", "async_generator", "generator"]


def callable_hints(call: Callable[..., Any]) -> dict[str, Any]:
    """Type hints of what ``call(...)`` runs: a function, a class's ``__init__``, an
    instance's ``__call__``; ``Annotated`` kept, string annotations resolved."""
    target: Any = call
    while isinstance(target, functools.partial):
        target = target.func
    if inspect.isclass(target):
        target = target.__init__
    elif not (inspect.isfunction(target) or inspect.ismethod(target)):
        target = type(target).__call__
    try:
        return typing.get_type_hints(target, include_extras=True)
    except (NameError, TypeError) as exc:  # a name the module does not define, say
        message = f"{call_name(call)}(): cannot resolve the type hints: {exc}"
        raise InvalidParameterError(message) from exc


def call_kind(call: Callable[..., Any]) -> CallKind:
    """``async``, ``sync``, ``async_generator`` or ``generator``: decided once, used per request.

    A class is called like a sync function (constructing it runs ``__init__``); an instance
    is judged by its ``__call__``.
    """
    target: Any = call
    while isinstance(target, functools.partial):
        target = target.func
    if inspect.isclass(target):
        return "sync"
    if not (inspect.isfunction(target) or inspect.ismethod(target)):
        target = type(target).__call__
    if inspect.isasyncgenfunction(target):
        return "async_generator"
    if inspect.isgeneratorfunction(target):
        return "generator"
    return "async" if inspect.iscoroutinefunction(target) else "sync"


def call_name(call: Any) -> str:
    """``get_db``, ``Pagination``, or the class name of a callable instance."""
    return getattr(call, "__name__", None) or type(call).__name__


def strip_annotated(annotation: Any) -> Any:
    """``Annotated[Pagination, Depends()]`` -> ``Pagination`` (nested ``Annotated`` too)."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation
