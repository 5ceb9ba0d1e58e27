"""What the chapter 01 checks share: a deadline on your code, a server built, a line read."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from chapters.ch01_tcp.client import LineClient
from chapters.support.exercises import ExerciseFailed, expect


def call_with_deadline(
    func: Callable[..., Any],
    *args: Any,
    timeout: float,
    hang_message: str,
    on_timeout: Callable[[], None] | None = None,
) -> Any:
    """Run ``func(*args)`` in a helper thread; its result, its exception, or ExerciseFailed.

    ``on_timeout`` should make the stuck call fail (close its socket), so that the helper
    thread ends instead of spinning in the background.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = func(*args)
        except BaseException as error:  # noqa: BLE001 (re-raised in the caller's thread)
            outcome["error"] = error

    helper = threading.Thread(target=run, name="exercise-check", daemon=True)
    helper.start()
    helper.join(timeout)
    if helper.is_alive():
        if on_timeout is not None:
            on_timeout()
        helper.join(timeout)
        raise ExerciseFailed(hang_message)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def create_server(server_class: type[Any], name: str) -> Any:
    """``server_class('127.0.0.1', 0)``, or ExerciseFailed if the constructor was changed."""
    try:
        return server_class("127.0.0.1", 0)
    except Exception as error:
        raise ExerciseFailed(
            f"{name}('127.0.0.1', 0) failed with {error!r}: keep the (host, port) constructor "
            "of the class you subclass"
        ) from error


def read_line(client: LineClient, expected: bytes, what: str) -> None:
    """Read one line and compare it with ``expected``; ``what`` says what was sent."""
    try:
        line = client.recv_line()
    except TimeoutError:
        raise ExerciseFailed(
            f"{what}: expected {expected!r} but nothing came back in time"
        ) from None
    except ConnectionError:
        raise ExerciseFailed(
            f"{what}: expected {expected!r} but the server closed the connection"
        ) from None
    expect(line == expected, f"{what}: expected the line {expected!r}, got {line!r}")
