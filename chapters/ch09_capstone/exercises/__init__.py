"""Checks for the exercises at the end of ``notebooks/09_capstone.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is put into a small application (exercise 2: the capstone's inventory, on a
temporary sqlite file), driven with chapter 08's
:class:`~chapters.ch08_openapi.TestClient` (no socket, so the checks work in a notebook
whose event loop is already running), and either passes or raises :class:`ExerciseFailed`
saying what is wrong.

One module per exercise; ``harness.py`` holds what they share.
"""

from chapters.ch09_capstone.exercises.patch_item import check_patch_item
from chapters.ch09_capstone.exercises.request_id import LOGGER_NAME, check_request_id
from chapters.ch09_capstone.exercises.server_timing import check_server_timing
from chapters.support.exercises import ExerciseFailed

__all__ = [
    "LOGGER_NAME",
    "ExerciseFailed",
    "check_patch_item",
    "check_request_id",
    "check_server_timing",
]
