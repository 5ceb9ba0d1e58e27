"""Which types fit in a URL: the rule that sends a parameter to the query string or the body.

Why a module of its own: a query parameter, a header, a path segment and a cookie all arrive
as text, so only a type one string can be parsed into (``int``, ``str``, ``bool``, a date,
a ``Literal``, an ``Enum``, or a union of those) can come from them; a list of such types
collects a repeated key (``?tag=a&tag=b``). Everything else — a model, a dataclass, a
``dict``, a list of models — needs a JSON body. :mod:`.analysis` asks these two questions of
every parameter, to infer where an unmarked one comes from and to reject a marker that
cannot work (a model in a ``Query()``), as FastAPI's ``field_annotation_is_scalar`` does.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from dataclasses import is_dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

from chapters.ch06_framework.models import BaseModel

__all__ = ["is_scalar", "is_scalar_sequence"]

_SEQUENCES = (list, set, frozenset, tuple, collections.abc.Sequence, collections.abc.Set)


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (typing.Union, types.UnionType)


def is_scalar(annotation: Any) -> bool:
    """Can the value come as one string (``3``, ``abc``, ``true``, ``2024-01-01``)?

    >>> is_scalar(int), is_scalar(int | None), is_scalar(list[int]), is_scalar(dict)
    (True, True, False, False)
    """
    annotation = _strip(annotation)
    if _is_union(annotation):
        return all(is_scalar(arg) for arg in get_args(annotation))
    origin = get_origin(annotation)
    if origin is Literal:
        return True
    if origin is not None or annotation in (list, set, frozenset, tuple, dict):
        return False
    return not (
        isinstance(annotation, type)
        and (issubclass(annotation, BaseModel) or is_dataclass(annotation))
    )


def is_scalar_sequence(annotation: Any) -> bool:
    """A list (set, tuple) of scalars, maybe optional: ``?tag=a&tag=b`` collects to it.

    >>> is_scalar_sequence(list[int]), is_scalar_sequence(list[int] | None), is_scalar_sequence(int)
    (True, True, False)
    """
    annotation = _strip(annotation)
    if _is_union(annotation):
        args = get_args(annotation)
        return any(is_scalar_sequence(arg) for arg in args) and all(
            is_scalar_sequence(arg) or is_scalar(arg) for arg in args
        )
    origin = get_origin(annotation) or annotation
    if origin not in _SEQUENCES:
        return False
    return all(is_scalar(arg) for arg in get_args(annotation) if arg is not Ellipsis)
