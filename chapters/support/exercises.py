"""What every chapter's exercise checks share (not a chapter of the tutorial).

A check takes what the reader wrote and does one of two things:

* if it is still the placeholder (``None``, or a body that only raises
  ``NotImplementedError``), it prints "not attempted yet", so the notebook runs top to bottom
  before anyone has tried the exercises;
* otherwise it drives the reader's code and either prints "all checks passed" or raises
  :class:`ExerciseFailed` saying, in plain words, the first thing that is wrong.

The chapters' checks live in ``chapters/chNN_topic/exercises/``; this module holds only the
vocabulary they have in common, so that no chapter imports another chapter's checks.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any, Literal

__all__ = [
    "ExerciseFailed",
    "NotAttempted",
    "Result",
    "expect",
    "guarded",
    "is_placeholder",
    "json_of",
    "not_attempted",
    "passed",
]

#: What a check returns, for the checks that return anything (chapter 02 onwards).
Result = Literal["not attempted", "passed"]


class ExerciseFailed(AssertionError):
    """Your code runs, but does not do what the exercise asks; the message says what."""


def is_placeholder(func: object) -> bool:
    """True if ``func`` is missing or its body does nothing but ``raise NotImplementedError``.

    Read from the source (``pass``, ``...`` and a docstring count as nothing), so a
    placeholder is recognised without running it. Code whose source cannot be read is
    taken as attempted.
    """
    if func is None:
        return True
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))  # type: ignore[arg-type]
    except (OSError, TypeError, SyntaxError):
        return False
    definition = tree.body[0]
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return all(_does_nothing(statement) for statement in definition.body)


def _does_nothing(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True  # a docstring or `...`
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def not_attempted(title: str) -> Result:
    """Say that the exercise is still the placeholder (not a failure: the notebook goes on)."""
    print(f"{title}: not attempted yet (replace the NotImplementedError, then run this cell again)")
    return "not attempted"


def passed(title: str) -> Result:
    print(f"{title}: all checks passed ✓")
    return "passed"


def expect(condition: bool, message: str) -> None:
    """Raise :class:`ExerciseFailed` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ExerciseFailed(message)


class NotAttempted(Exception):
    """Raised inside a check when the reader's code reached a ``NotImplementedError``."""


def guarded(call: Callable[[], Any], doing: str, hint: str = "") -> Any:
    """``call()``; ``NotImplementedError`` means "not attempted", anything else is reported
    as :class:`ExerciseFailed` saying what was being done (and ``hint``, if given)."""
    try:
        return call()
    except NotImplementedError:
        raise NotAttempted from None
    except ExerciseFailed:
        raise
    except Exception as error:
        raise ExerciseFailed(f"{doing} raised {error!r}{hint}") from error


def json_of(response: Any) -> Any:
    """The response's JSON, or ``None`` if its body is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None
