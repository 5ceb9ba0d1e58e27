"""Every setting of the server, in one place (with uvicorn's names where it has one)."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Literal

from chapters.ch02_http.connection import DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_HEADER_SIZE
from chapters.ch04_asgi.types import ASGIApp

LifespanMode = Literal["auto", "on", "off"]


@dataclass(kw_only=True)
class Config:
    app: ASGIApp
    host: str = "127.0.0.1"
    port: int = 8000
    lifespan: LifespanMode = "auto"
    root_path: str = ""
    access_log: bool = True
    #: Close a kept-alive connection that sends nothing for this long.
    timeout_keep_alive: float = 5.0
    #: A request head must be complete this long after its first byte (slowloris guard).
    timeout_request_head: float = 10.0
    #: On shutdown, in-flight requests get this long to finish before they are cancelled.
    timeout_graceful_shutdown: float = 10.0
    max_header_size: int = DEFAULT_MAX_HEADER_SIZE
    max_body_size: int | None = DEFAULT_MAX_BODY_SIZE
    #: Stop reading a request body from the socket while this much waits for the app.
    high_water: int = 64 * 1024
    backlog: int = 2048


class AppImportError(Exception):
    """``module:attribute`` did not name an importable application."""


def import_app(spec: str) -> ASGIApp:
    """Import ``"module:attribute"`` as uvicorn does (``main:app``, ``pkg.mod:factory.app``).

    The current directory is put first on ``sys.path``, so ``python -m chapters.ch04_asgi
    main:app`` finds ``main.py`` where you run it.
    """
    module_name, colon, attribute = spec.partition(":")
    if not colon or not module_name or not attribute:
        raise AppImportError(f'import string "{spec}" must be in format "<module>:<attribute>"')
    if "" not in sys.path:
        sys.path.insert(0, "")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise  # the module exists but imports something missing: show the real error
        raise AppImportError(f'could not import module "{module_name}"') from None
    app: object = module
    for name in attribute.split("."):
        try:
            app = getattr(app, name)
        except AttributeError:
            raise AppImportError(f'attribute "{attribute}" not found in module "{module_name}"') from None
    if not callable(app):
        raise AppImportError(f'"{spec}" is not callable')
    return app  # type: ignore[return-value]
