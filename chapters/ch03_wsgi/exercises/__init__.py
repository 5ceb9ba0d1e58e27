"""Checks for the exercises at the end of ``notebooks/03_wsgi.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is served by the chapter's :class:`WSGIServer` (wrapped in
``wsgiref.validate.validator``, so PEP 3333 mistakes are caught too) on 127.0.0.1, port 0,
and either passes or raises :class:`ExerciseFailed` saying what is wrong.
"""

from chapters.ch03_wsgi.exercises.api_key import check_require_api_key
from chapters.ch03_wsgi.exercises.greet import check_greet_app
from chapters.ch03_wsgi.exercises.gzip_body import check_gzip_middleware
from chapters.support.exercises import ExerciseFailed

__all__ = ["ExerciseFailed", "check_greet_app", "check_gzip_middleware", "check_require_api_key"]
