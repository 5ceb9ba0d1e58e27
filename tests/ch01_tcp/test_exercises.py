"""The notebook's exercise checks against the answer key (``solutions.py``) and wrong answers.

Every check must pass a reference solution, fail a plausible wrong one with a message that
says what is wrong, and report a placeholder as "not attempted" (so the notebook, run with
the exercises untouched, still runs top to bottom).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest

from chapters.ch01_tcp import LineBuffer, SelectorEchoServer, TCPServer, ThreadingTCPServer
from chapters.ch01_tcp.exercises import (
    ExerciseFailed,
    check_chat_server,
    check_recv_exactly,
    check_uppercase_server,
    is_placeholder,
)
from tests.ch01_tcp import solutions

CHECKS: list[tuple[Callable[..., None], Any]] = [
    (check_recv_exactly, solutions.recv_exactly),
    (check_uppercase_server, solutions.UppercaseServer),
    (check_chat_server, solutions.ChatServer),
]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_reference_solution_passes(
    check: Callable[..., None], solution: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    check(solution)
    assert "all checks passed" in capsys.readouterr().out


# --- placeholders, as the notebook gives them -----------------------------------------------


def recv_exactly_placeholder(sock: socket.socket, n: int) -> bytes:
    """Return exactly n bytes from sock."""
    raise NotImplementedError("exercise 1")


class UppercasePlaceholder(ThreadingTCPServer):
    def handle(self, conn: socket.socket, address: Any) -> None:
        raise NotImplementedError  # your code here


class ChatPlaceholder(TCPServer):
    def serve_forever(self) -> None:
        """Your selectors loop here."""


@pytest.mark.parametrize(
    ("check", "placeholder"),
    [
        (check_recv_exactly, recv_exactly_placeholder),
        (check_recv_exactly, None),
        (check_uppercase_server, UppercasePlaceholder),
        (check_uppercase_server, ThreadingTCPServer),
        (check_chat_server, ChatPlaceholder),
        (check_chat_server, None),
        (check_chat_server, TCPServer),
    ],
)
def test_placeholder_is_not_attempted(
    check: Callable[..., None], placeholder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    check(placeholder)
    assert "not attempted yet" in capsys.readouterr().out


def test_is_placeholder_tells_code_from_a_stub() -> None:
    assert is_placeholder(recv_exactly_placeholder)
    assert not is_placeholder(solutions.recv_exactly)


def test_a_function_that_raises_not_implemented_later_is_not_attempted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def half_done(sock: socket.socket, n: int) -> bytes:
        if n == 0:
            return b""
        raise NotImplementedError

    check_recv_exactly(half_done)
    assert "not attempted yet" in capsys.readouterr().out


# --- wrong answers, and what the checks say about them ---------------------------------------


def recv_once(sock: socket.socket, n: int) -> bytes:
    return sock.recv(n)  # wrong: one recv() may return fewer bytes


def recv_and_drop_the_rest(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(1024)  # wrong: may read past the message and lose the rest
        if not chunk:
            raise ConnectionError
        data += chunk
    return data[:n]


def recv_forever_at_eof(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        data += sock.recv(n - len(data))  # wrong: b"" at the end of the stream loops forever
    return data


def recv_short_at_eof(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n and (chunk := sock.recv(n - len(data))):
        data += chunk
    return data  # wrong: a short message instead of an error


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (recv_once, "call it in a loop"),
        (recv_and_drop_the_rest, "were lost"),
        (recv_forever_at_eof, "never returned after the peer closed"),
        (recv_short_at_eof, "raise ConnectionError instead"),
    ],
)
def test_wrong_recv_exactly_fails_with_a_plain_message(
    wrong: Callable[..., bytes], says: str
) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_recv_exactly(wrong, timeout=0.5)


class UppercaseChunks(ThreadingTCPServer):
    """Wrong: uppercases whatever arrives, without waiting for whole lines."""

    def handle(self, conn: socket.socket, address: Any) -> None:
        while data := conn.recv(1024):
            conn.sendall(data.upper())


class UppercaseOneLinePerRecv(ThreadingTCPServer):
    """Wrong: takes each recv() for exactly one line (drops the second of two merged lines)."""

    def handle(self, conn: socket.socket, address: Any) -> None:
        while data := conn.recv(1024):
            conn.sendall(data.split(b"\n")[0].upper() + b"\n")


class UppercaseIgnoresQuit(ThreadingTCPServer):
    def handle(self, conn: socket.socket, address: Any) -> None:
        lines = LineBuffer()
        while data := conn.recv(1024):
            for line in lines.feed(data):
                conn.sendall(line.upper() + b"\n")


class UppercaseNeverReturns(ThreadingTCPServer):
    def handle(self, conn: socket.socket, address: Any) -> None:
        while True:  # wrong: recv() returns b"" for ever once the client has gone
            if data := conn.recv(1024):
                conn.sendall(data.upper())


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (UppercaseChunks, "already answered"),
        (UppercaseOneLinePerRecv, "second line"),
        (UppercaseIgnoresQuit, "quit"),
        (UppercaseNeverReturns, "did not return after the client closed"),
        (SelectorEchoServer, "should subclass ThreadingTCPServer"),
    ],
)
def test_wrong_uppercase_server_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_uppercase_server(wrong, timeout=0.5)


class ThreadPerClientChat(ThreadingTCPServer):
    """Wrong for this exercise: it chats, but with a thread per client."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.members: list[socket.socket] = []

    def handle(self, conn: socket.socket, address: Any) -> None:
        self.members.append(conn)
        lines = LineBuffer()
        try:
            while data := conn.recv(1024):
                for line in lines.feed(data):
                    for member in list(self.members):
                        member.sendall(line + b"\n")
        finally:
            self.members.remove(conn)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (SelectorEchoServer, "client A: expected b'B joined' but nothing came back"),
        (ThreadPerClientChat, "single selectors loop"),
    ],
)
def test_wrong_chat_server_fails_with_a_plain_message(wrong: type, says: str) -> None:
    with pytest.raises(ExerciseFailed, match=says):
        check_chat_server(wrong, timeout=0.5)
