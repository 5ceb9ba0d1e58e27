"""What every chapter's exercise checks share (not a chapter of the tutorial).

A check takes what the reader wrote and does one of two things:

* if it is still the placeholder (``None``, or a body that only raises
  ``NotImplementedError``), it prints "not attempted yet", so the notebook runs top to bottom
  before anyone has tried the exercises;
* otherwise it drives the reader's code and either prints "all checks passed" or raises
  :class:`ExerciseFailed` saying, in plain words, the first thing that is wrong.

The chapters' checks live in ``chapters/chNN_topic/exercises/``; this module holds only the
vocabulary they have in common, so that no chapter imports another chapter's checks.

From chapter 05 on, the checks drive the reader's app in-process with a ``TestClient``; when
one fails on a request, its message ends with a line to paste to see that request for
oneself (see :func:`with_reproducer`).
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Literal, TypeVar

__all__ = [
    "ExerciseFailed",
    "NotAttempted",
    "Result",
    "expect",
    "forget_request",
    "guarded",
    "is_placeholder",
    "json_of",
    "not_attempted",
    "passed",
    "remember_request",
    "reproducer",
    "sent",
    "with_reproducer",
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


# -- reproducers: the request a failure is about, as a line to paste ------------------------

#: The :func:`reproducer` of the last request :func:`sent` in the running check, if any.
_last_request: ContextVar[str | None] = ContextVar("last_request", default=None)

_Check = TypeVar("_Check", bound=Callable[..., Any])


def reproducer(method: str, url: str, **options: Any) -> str:
    """The call that sends this request again, for the reader to paste.

    >>> reproducer("POST", "/posts/0?limit=5", headers={"X-Token": "t"}, json={"a": 1})
    "client.post('/posts/0?limit=5', headers={'X-Token': 't'}, json={'a': 1})"

    Options that change nothing (``None``, an empty dict) are left out.
    """
    shown = [repr(url)] + [
        f"{name}={value!r}" for name, value in options.items() if value is not None and value != {}
    ]
    verb = method.lower()
    if verb not in ("get", "head", "post", "put", "patch", "delete", "options"):
        return f"client.request({method!r}, {', '.join(shown)})"
    return f"client.{verb}({', '.join(shown)})"


def sent(client: Any, method: str, url: str, **options: Any) -> Any:
    """``client.request(method, url, **options)``, remembered first as the request that a
    failure raised from now on is about (exceptions pass through unchanged)."""
    remember_request(method, url, **options)
    return client.request(method, url, **options)


def remember_request(method: str, url: str, **options: Any) -> None:
    """Say that what follows is about this request (sent another way, such as by hand)."""
    _last_request.set(reproducer(method, url, **options))


def forget_request() -> None:
    """Say that what follows is not about the last request sent (a lifespan, the document)."""
    _last_request.set(None)


def with_reproducer(check: _Check) -> _Check:
    """Decorate a check so that a failure raised after a request ends with a line to paste.

    Why this design: a check judges each response right after sending it, in dozens of
    ``expect`` calls, so the request is remembered where requests are sent (:func:`sent`)
    and the line is added once, where the failure leaves the check, rather than in every
    message (failures come from ``expect``, from ``guarded`` and from plain ``raise``: the
    check's exit is the one place they all pass). A step that judges something else after
    requests calls :func:`forget_request` first. A context variable, reset when the check
    returns, keeps one check's request from leaking into the next one's message.
    """

    @functools.wraps(check)
    def checked(*args: Any, **kwargs: Any) -> Any:
        token = _last_request.set(None)
        try:
            return check(*args, **kwargs)
        except ExerciseFailed as failure:
            line = _last_request.get()
            if line is not None:
                failure.args = (f"{failure}\n  reproduce, with client = TestClient(app): {line}",)
            raise
        finally:
            _last_request.reset(token)

    return checked  # type: ignore[return-value]
