"""Exercise 3 (stretching): a request id, in the response, for the endpoint, and in the logs.

When a user reports "my request failed", the request id in the answer they got finds the
line in the server's log. The reader's middleware picks the id (the client's
``X-Request-ID`` if it is a sane one, else a new ``uuid4().hex``), gives it to the endpoint
in ``request.state.request_id``, adds it to the answer's headers, and logs one line per
request, ``"<id> <METHOD> <path> <status>"``, on the logger :data:`LOGGER_NAME` at INFO,
including for a request the app crashed on (status 500, the exception going on up).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chapters.ch08_openapi import TestClient
from chapters.ch09_capstone.exercises.harness import running, small_app
from chapters.support.exercises import (
    ExerciseFailed,
    NotAttempted,
    Result,
    expect,
    guarded,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    sent,
    with_reproducer,
)

TITLE = "Exercise 3, RequestID"
LOGGER_NAME = "capstone.requests"
NEW_ID = re.compile(r"[0-9a-f]{32}")
#: Client ids to keep, and ids to replace (too long, a space, a CR/LF smuggling attempt, empty).
KEPT = ["abc-123", "A_b-9", "x" * 64]
REPLACED = ["x" * 65, "two words", "id\\r\\nSet-Cookie: a=b", ""]
SWALLOWED = (
    "your middleware swallowed the exception; let it go on up (try/finally, or except: log, "
    "then raise), so that the server answers 500 and logs the traceback."
)


class Lines(logging.Handler):
    """Every message logged on the check's logger, formatted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.levels: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        self.levels.append(record.levelname)


@contextmanager
def captured() -> Iterator[Lines]:
    logger = logging.getLogger(LOGGER_NAME)
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@with_reproducer
def check_request_id(middleware: Any) -> Result:
    """Exercise 3: one id per request, the client's if sane, in ``request.state.request_id``,
    the ``x-request-id`` response header and one INFO log line, crashes included."""
    if middleware is None or is_placeholder(middleware.__call__):
        return not_attempted(TITLE)
    try:
        app = guarded(lambda: small_app(middleware), "app.add_middleware(RequestID)")
        with captured() as log, running(app) as client:
            first = _exchange(client, log, "/whoami", None, 200)
            second = _exchange(client, log, "/whoami", None, 200)
            expect(
                first != second, f"Two requests got the same id {first!r}: make one per request."
            )
            for given in KEPT:
                got = _exchange(client, log, "/whoami", given, 200)
                expect(
                    got == given,
                    f"The client sent X-Request-ID: {given}, a sane id, yet the "
                    f"request got {got!r}: keep the client's id when it is 1 to 64 letters, "
                    "digits, '-' or '_' (a proxy in front may have set it).",
                )
            for given in REPLACED:
                got = _exchange(client, log, "/whoami", given, 200)
                expect(
                    NEW_ID.fullmatch(got) is not None,
                    f"The client sent X-Request-ID: "
                    f"{given!r}, yet the request got {got!r}: an id that is not 1 to 64 "
                    "letters, digits, '-' or '_' is replaced by a new uuid4().hex (it goes "
                    "into your logs and headers: never trust it as it is).",
                )
            _exchange(client, log, "/nowhere", None, 404)
            _exchange(client, log, "/teapot", None, 418)
        _check_crash(app)
    except NotAttempted:
        return not_attempted(TITLE)
    return passed(TITLE)


def _exchange(client: TestClient, log: Lines, path: str, given: str | None, status: int) -> str:
    """One GET; the id it got, checked to be the same in the header, the body and the log."""
    headers = {} if given is None else {"X-Request-ID": given.replace("\\r\\n", "\r\n")}
    where = f"GET {path}" + ("" if given is None else f" with X-Request-ID: {given!r}")
    before = len(log.lines)
    response = guarded(lambda: sent(client, "GET", path, headers=headers), where)
    expect(
        response.status_code == status,
        f"{where} answered {response.status_code}, "
        f"expected {status}: pass every message on, changing only the start's headers.",
    )
    ids = response.headers.getlist("x-request-id")
    expect(
        len(ids) == 1,
        f"{where} has {len(ids)} x-request-id headers, expected one: add it "
        "to the http.response.start message's headers, keeping the app's.",
    )
    request_id = ids[0]
    if path == "/whoami":
        seen = (json_of(response) or {}).get("request_id")
        expect(
            seen == request_id,
            f"The endpoint saw request.state.request_id = {seen!r}, the "
            f"response header says {request_id!r}: put the id in the scope's state, "
            'scope.setdefault("state", {})["request_id"] = request_id, before calling the app.',
        )
    _check_line(log, before, f"{request_id} GET {path} {status}", where)
    return request_id


def _check_line(log: Lines, before: int, expected: str, where: str) -> None:
    new = log.lines[before:]
    expect(
        len(new) == 1,
        f"{where} logged {new} on the {LOGGER_NAME!r} logger, expected one "
        f"line, {expected!r}: logging.getLogger({LOGGER_NAME!r}).info(...), once per request.",
    )
    expect(
        new[0] == expected,
        f"{where} logged {new[0]!r}, expected {expected!r}: "
        "'<id> <METHOD> <path> <status>', separated by single spaces.",
    )
    expect(
        log.levels[before] == "INFO",
        f"{where} logged its line at {log.levels[before]}, "
        "expected INFO (logger.info(...)): a line per request is routine, not a warning.",
    )


def _check_crash(app: Any) -> None:
    """The app raises: the line says 500, and the exception still reaches the server."""
    with captured() as log, running(app) as client:
        where = "GET /boom (the endpoint raises RuntimeError('boom'))"
        try:
            sent(client, "GET", "/boom")
        except RuntimeError as error:
            expect(
                str(error) == "boom",
                f"{where} raised {error!r}, not the endpoint's error: {SWALLOWED}",
            )
        except ExerciseFailed:
            raise
        except Exception as error:
            raise ExerciseFailed(f"{where} raised {error!r}, not the endpoint's error.") from error
        else:
            raise ExerciseFailed(f"{where} answered, and raised nothing: {SWALLOWED}")
        ids = [line.split(" ", 1)[0] for line in log.lines]
        expected = f"{ids[0] if ids else '<id>'} GET /boom 500"
        _check_line(log, 0, expected, where + ", which never started a response,")
        expect(NEW_ID.fullmatch(ids[0]) is not None, f"{where} logged the id {ids[0]!r}.")
