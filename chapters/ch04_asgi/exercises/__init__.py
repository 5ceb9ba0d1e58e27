"""Checks for the exercises at the end of ``notebooks/04_asgi.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is called by hand (a fake ``receive``/``send``, in an event loop of its own,
so the checks work in a notebook whose loop is already running) and then served by the
chapter's :class:`Server` on 127.0.0.1, port 0, and either passes or raises
:class:`ExerciseFailed` saying what is wrong and how to reproduce it.

One module per exercise; ``harness.py`` holds what they share.
"""

from chapters.ch04_asgi.exercises.concurrency import check_concurrency_limit
from chapters.ch04_asgi.exercises.countdown import check_countdown_app
from chapters.ch04_asgi.exercises.process_time import check_process_time_middleware
from chapters.support.exercises import ExerciseFailed

__all__ = [
    "ExerciseFailed",
    "check_concurrency_limit",
    "check_countdown_app",
    "check_process_time_middleware",
]
