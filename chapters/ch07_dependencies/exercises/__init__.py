"""Checks for the exercises at the end of ``notebooks/07_dependencies.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is put into a small application of this chapter, driven with the
:class:`~chapters.ch07_dependencies.TestClient` (no socket, so the checks work in a notebook
whose event loop is already running), and either passes or raises :class:`ExerciseFailed`
saying what is wrong. Exercise 3 also reads the sqlite file back, to see what was committed.

One module per exercise; ``harness.py`` holds what they share.
"""

from chapters.ch07_dependencies.exercises.api_key import API_KEYS, check_api_key_guard
from chapters.ch07_dependencies.exercises.pagination import check_page_dependency
from chapters.ch07_dependencies.exercises.transaction import (
    Ledger,
    check_audited_transaction,
    get_ledger,
)
from chapters.support.exercises import ExerciseFailed

__all__ = [
    "API_KEYS",
    "ExerciseFailed",
    "Ledger",
    "check_api_key_guard",
    "check_audited_transaction",
    "check_page_dependency",
    "get_ledger",
]
