"""Checks for the exercises at the end of ``notebooks/02_http.ipynb`` (checks only, no answers).

Each ``check_*`` function takes what you wrote and does one of two things:

* if it is still the placeholder (``None``, or a body that only raises
  ``NotImplementedError``), it prints "not attempted yet" and returns ``"not attempted"``,
  so the notebook runs top to bottom before anyone has tried the exercises;
* otherwise it exercises your code, over a real socket where HTTP is involved, and either
  returns ``"passed"`` or raises :class:`ExerciseFailed` saying, in plain words, the first
  thing that is wrong and how to see it for yourself (a ``curl`` line, or a few lines of
  Python for the parser).

The HTTP checks serve your code with the chapter's :class:`HTTPServer` on 127.0.0.1, port 0,
and stop it before they return, whatever happens.

One module per exercise; ``harness.py`` holds what the HTTP checks share (serving your
handler, a request, a ``curl`` line to reproduce it), ``chapters/support/exercises.py`` what
every chapter's checks share.
"""

from chapters.ch02_http.exercises.etag import check_etag_static_files
from chapters.ch02_http.exercises.header_limit import (
    check_header_count_limit,
    request_with_headers,
)
from chapters.ch02_http.exercises.time_route import check_time_route
from chapters.support.exercises import ExerciseFailed

__all__ = [
    "ExerciseFailed",
    "check_etag_static_files",
    "check_header_count_limit",
    "check_time_route",
    "request_with_headers",
]
