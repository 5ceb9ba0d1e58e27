"""Checks for the exercises at the end of ``notebooks/10_websockets.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is run and either passes or raises :class:`ExerciseFailed` saying what is
wrong. The third check serves your endpoint on this chapter's server (port 0, stopped at
the end) and talks to it with the ``websockets`` package's blocking client, so it works in
a notebook whose event loop is already running.
"""

from chapters.ch10_websockets.exercises.accept import check_accept_key
from chapters.ch10_websockets.exercises.header import check_read_header
from chapters.ch10_websockets.exercises.shout import check_shout
from chapters.support.exercises import ExerciseFailed

__all__ = ["ExerciseFailed", "check_accept_key", "check_read_header", "check_shout"]
