"""Checks for the exercises at the end of ``notebooks/05_toolkit.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is put into a small toolkit application and driven with the
:class:`~chapters.ch05_toolkit.TestClient` (no socket, so the checks work in a notebook whose
event loop is already running), and either passes or raises :class:`ExerciseFailed` saying
what is wrong.

One module per exercise; ``harness.py`` holds what they share.
"""

from chapters.ch05_toolkit.exercises.request_id import check_request_id_middleware
from chapters.ch05_toolkit.exercises.slug import check_slug_convertor
from chapters.ch05_toolkit.exercises.value_error import check_value_error_handler
from chapters.support.exercises import ExerciseFailed

__all__ = [
    "ExerciseFailed",
    "check_request_id_middleware",
    "check_slug_convertor",
    "check_value_error_handler",
]
