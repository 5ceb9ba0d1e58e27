"""Checks for the exercises at the end of ``notebooks/08_openapi.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is run on documents and applications of this chapter (the
:class:`~chapters.ch08_openapi.TestClient` drives them without a socket, so the checks work
in a notebook whose event loop is already running), and either passes or raises
:class:`ExerciseFailed` saying what is wrong.

One module per exercise; ``harness.py`` holds what they share.
"""

from chapters.ch08_openapi.exercises.api_key import check_api_key_docs
from chapters.ch08_openapi.exercises.library import check_library_docs
from chapters.ch08_openapi.exercises.listing import check_list_operations
from chapters.support.exercises import ExerciseFailed

__all__ = [
    "ExerciseFailed",
    "check_api_key_docs",
    "check_library_docs",
    "check_list_operations",
]
