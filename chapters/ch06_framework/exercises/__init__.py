"""Checks for the exercises at the end of ``notebooks/06_framework.ipynb`` (checks only, no answers).

Each ``check_*`` takes what you wrote: the untouched placeholder prints "not attempted yet";
anything else is validated directly (exercise 1) or registered in a small application of
this chapter and driven with the :class:`~chapters.ch06_framework.TestClient` (no socket, so
the checks work in a notebook whose event loop is already running), and either passes or
raises :class:`ExerciseFailed` saying what is wrong.

One module per exercise; ``harness.py`` holds what they share.
"""

from chapters.ch06_framework.exercises.posts import check_posts_endpoint
from chapters.ch06_framework.exercises.problem_details import check_problem_details_handler
from chapters.ch06_framework.exercises.signup import check_signup_model
from chapters.support.exercises import ExerciseFailed

__all__ = [
    "ExerciseFailed",
    "check_posts_endpoint",
    "check_problem_details_handler",
    "check_signup_model",
]
