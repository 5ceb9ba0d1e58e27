"""Checks for the exercises at the end of ``notebooks/01_tcp.ipynb`` (checks only, no answers).

Each ``check_*`` function takes what you wrote and does one of two things:

* if it is still the placeholder (its body only raises ``NotImplementedError``), it prints
  "not attempted yet" and passes, so the notebook runs top to bottom before anyone has tried
  the exercises;
* otherwise it drives your code over real sockets and either prints "all checks passed" or
  raises :class:`ExerciseFailed` saying, in plain words, the first thing that is wrong.

A check never waits forever: every wait has a timeout, and a function of yours that does not
return in time is reported as hanging.

One module per exercise; ``harness.py`` holds what they share (a deadline for your calls, a
line read with a plain-words failure), ``chapters/support/exercises.py`` what every chapter's
checks share.
"""

from chapters.ch01_tcp.exercises.chat_server import check_chat_server
from chapters.ch01_tcp.exercises.recv_exactly import check_recv_exactly
from chapters.ch01_tcp.exercises.uppercase_server import check_uppercase_server
from chapters.support.exercises import ExerciseFailed, is_placeholder

__all__ = [
    "ExerciseFailed",
    "check_chat_server",
    "check_recv_exactly",
    "check_uppercase_server",
    "is_placeholder",
]
