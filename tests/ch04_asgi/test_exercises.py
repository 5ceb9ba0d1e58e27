"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from chapters.ch04_asgi.exercises import (
    ExerciseFailed,
    check_concurrency_limit,
    check_countdown_app,
    check_process_time_middleware,
)
from chapters.ch04_asgi.types import ASGIApp, Message, Receive, Scope, Send
from tests.ch04_asgi import solutions
from tests.ch04_asgi.solutions import ConcurrencyLimit, ProcessTimeMiddleware

CHECKS: list[tuple[Callable[..., str], Any]] = [
    (check_process_time_middleware, solutions.ProcessTimeMiddleware),
    (check_countdown_app, solutions.countdown_app),
    (check_concurrency_limit, solutions.ConcurrencyLimit),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(
    check: Callable[..., str], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(solution) == "passed"
    assert "all checks passed" in capsys.readouterr().out


# --- placeholders, as the notebook gives them ---------------------------------------------------


class ProcessTimePlaceholder:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError  # exercise 1


class ProcessTimeHalfDone(ProcessTimePlaceholder):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raise NotImplementedError("the header part")
        await self.app(scope, receive, send)


async def countdown_placeholder(scope: Scope, receive: Receive, send: Send) -> None:
    """GET /?from=N streams a countdown."""
    raise NotImplementedError  # exercise 2


class LimitPlaceholder:
    def __init__(self, app: ASGIApp, *, max_concurrent_requests: int = 100) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError  # exercise 3


class LimitHalfDone(LimitPlaceholder):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raise NotImplementedError("the counting")


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_process_time_middleware, ProcessTimePlaceholder),
        (check_process_time_middleware, ProcessTimeHalfDone),
        (check_process_time_middleware, None),
        (check_countdown_app, countdown_placeholder),
        (check_countdown_app, None),
        (check_concurrency_limit, LimitPlaceholder),
        (check_concurrency_limit, LimitHalfDone),
        (check_concurrency_limit, None),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_placeholder_is_not_attempted(
    check: Callable[..., str], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(placeholder) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


# --- exercise 1: wrong answers --------------------------------------------------------------------


def timing_middleware(
    *,
    header: Callable[[float], Any] = lambda s: (b"x-process-time", f"{s:.4f}".encode()),
    replace: bool = False,
    http_only: bool = True,
    scale: float = 1.0,
) -> type:
    """A ``ProcessTimeMiddleware`` with one thing done wrong, chosen by the keyword arguments."""

    class Wrong(ProcessTimeMiddleware):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if not http_only:
                self.label = (
                    f"{scope['method']} {scope['path']}"  # wrong: a lifespan scope has neither
                )
            elif scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            started = time.perf_counter()

            async def timed(message: Message) -> None:
                if message["type"] == "http.response.start":
                    extra = [header((time.perf_counter() - started) * scale)]
                    message = {
                        **message,
                        "headers": extra if replace else [*message["headers"], *extra],
                    }
                await send(message)

            await self.app(scope, receive, timed)

    return Wrong


class TimesOnlyTheBody(ProcessTimeMiddleware):
    """Wrong: drops the app's body messages after the first."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent_body = False

        async def first_body_only(message: Message) -> None:
            nonlocal sent_body
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [*message["headers"], (b"x-process-time", b"0.0600")],
                }
            elif sent_body:
                return
            else:
                sent_body = True
                message = {**message, "more_body": False}
            await send(message)

        await self.app(scope, receive, first_body_only)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (timing_middleware(header=lambda s: ("x-process-time", f"{s:.4f}")), "not a pair of bytes"),
        (
            timing_middleware(header=lambda s: (b"x-process-time", b"%.1fms" % (s * 1000))),
            "a number of seconds",
        ),
        (timing_middleware(scale=1000), "measure in seconds"),
        (timing_middleware(replace=True), "own headers were lost"),
        (timing_middleware(http_only=False), "lifespan scope"),
        (TimesOnlyTheBody, "in order"),
        (lambda app: app, "no x-process-time header"),
    ],
    ids=[
        "str-headers",
        "milliseconds-text",
        "milliseconds",
        "replaces-headers",
        "lifespan",
        "drops-body",
        "does-nothing",
    ],
)
def test_wrong_process_time_fails_with_a_plain_message(wrong: Any, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_process_time_middleware(wrong)


# --- exercise 2: wrong answers --------------------------------------------------------------------


def countdown(
    *,
    lines: Callable[[int], list[bytes]] | None = None,
    one_message: bool = False,
    delay: float = 0.1,
    content_length: bool = False,
    last_more_body: bool = False,
    validate: str = "all",
) -> ASGIApp:
    """``countdown_app`` with one thing done wrong, chosen by the keyword arguments."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        value = scope["query_string"].decode().partition("=")[2] or "3"
        refuse = {
            "all": not value.isdigit(),
            "text": not value.lstrip("-").isdigit(),
            "none": False,
        }[validate]
        if refuse:
            await send({"type": "http.response.start", "status": 400, "headers": []})
            await send({"type": "http.response.body", "body": b"bad"})
            return
        start = int(value)
        parts = (
            lines(start) if lines else [b"%d\n" % n for n in range(start, 0, -1)] + [b"liftoff!\n"]
        )
        headers = [(b"content-type", b"text/plain")]
        if content_length:
            headers.append((b"content-length", b"%d" % len(b"".join(parts))))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        if one_message:
            await send({"type": "http.response.body", "body": b"".join(parts)})
            return
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            await send(
                {
                    "type": "http.response.body",
                    "body": part,
                    "more_body": not last or last_more_body,
                }
            )
            if not last:
                await asyncio.sleep(delay)
        if last_more_body:
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    return app


async def countdown_all_at_once(scope: Scope, receive: Receive, send: Send) -> None:
    """Wrong: one message per line, but no pause between them."""
    await countdown(delay=0)(scope, receive, send)


async def countdown_crashes_on_bad_input(scope: Scope, receive: Receive, send: Send) -> None:
    await countdown(validate="none")(scope, receive, send)  # int("abc") raises: a 500


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (countdown(one_message=True), "message of its own"),
        (countdown(lines=lambda n: [b"%d\n" % k for k in range(n, 0, -1)]), "expected"),
        (
            countdown(lines=lambda n: [b"%d\n" % k for k in range(n, -1, -1)] + [b"liftoff!\n"]),
            "expected",
        ),
        (countdown(content_length=True), "content-length"),
        (countdown(validate="text"), "from=-2 answered 200, expected 400"),
        (countdown_crashes_on_bad_input, "your app raised"),
        (countdown_all_at_once, "wait 0.1 s"),
    ],
    ids=[
        "one-message",
        "no-liftoff",
        "counts-zero",
        "content-length",
        "negative-accepted",
        "crashes",
        "no-pause",
    ],
)
def test_wrong_countdown_fails_with_a_plain_message(wrong: ASGIApp, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_countdown_app(wrong)


def test_countdown_with_an_empty_last_message_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_countdown_app(countdown(last_more_body=True)) == "passed"


# --- exercise 3: wrong answers --------------------------------------------------------------------


class NoFinally(ConcurrencyLimit):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_progress >= self.max_concurrent_requests:
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        self.in_progress += 1
        await self.app(scope, receive, send)  # wrong: an exception skips the decrement
        self.in_progress -= 1


class CountsLifespan(ConcurrencyLimit):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.in_progress >= self.max_concurrent_requests:
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        self.in_progress += 1  # wrong: the lifespan scope takes a place for the server's lifetime
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1


class OffByOne(ConcurrencyLimit):
    def __init__(self, app: ASGIApp, *, max_concurrent_requests: int = 100) -> None:
        super().__init__(app, max_concurrent_requests=max_concurrent_requests - 1)


class NeverRefuses(ConcurrencyLimit):
    def __init__(self, app: ASGIApp, *, max_concurrent_requests: int = 100) -> None:
        super().__init__(app, max_concurrent_requests=10**6)


class CallsTheAppAnyway(ConcurrencyLimit):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.in_progress >= self.max_concurrent_requests:

            async def status_503(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message = {**message, "status": 503}
                await send(message)

            await self.app(scope, receive, status_503)  # wrong: the app does the work anyway
            return
        await super().__call__(scope, receive, send)


class PositionalLimit(ConcurrencyLimit):
    def __init__(self, app: ASGIApp, limit: int = 100) -> None:
        super().__init__(app, max_concurrent_requests=limit)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (NoFinally, "try/finally"),
        (CountsLifespan, "lifespan scope counted as a request"),
        (OffByOne, "the limit itself is allowed"),
        (NeverRefuses, "expected 503"),
        (CallsTheAppAnyway, "without calling it"),
        (PositionalLimit, "keyword argument"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_wrong_concurrency_limit_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_concurrency_limit(wrong)
