"""``module:app`` → the application object, as gunicorn and uvicorn resolve it."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any


class ImportFromStringError(Exception):
    """The ``module:attribute`` string does not name an importable object."""


def import_from_string(target: str) -> Any:
    """Import ``"package.module:attribute.path"`` with the current directory on ``sys.path``.

    The current directory comes first, as with gunicorn, so ``python -m chapters.ch03_wsgi
    myapp:app`` finds ``./myapp.py`` wherever the server itself is installed.
    """
    module_name, colon, attribute = target.partition(":")
    if not colon or not module_name or not attribute:
        raise ImportFromStringError(f"expected 'module:attribute', got {target!r}")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        found: Any = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name and not module_name.startswith(f"{error.name}."):
            raise  # the module exists but one of *its* imports is missing: show the real error
        raise ImportFromStringError(f"could not import module {module_name!r}") from None
    for name in attribute.split("."):
        try:
            found = getattr(found, name)
        except AttributeError:
            raise ImportFromStringError(
                f"module {module_name!r} has no attribute {attribute!r}"
            ) from None
    if not callable(found):
        raise ImportFromStringError(f"{target} is a {type(found).__name__}, not a WSGI application")
    return found
