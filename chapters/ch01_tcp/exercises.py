"""Checks for the exercises at the end of ``notebooks/01_tcp.ipynb`` (checks only, no answers).

Each ``check_*`` function takes what you wrote and does one of two things:

* if it is still the placeholder (its body only raises ``NotImplementedError``), it prints
  "not attempted yet" and passes, so the notebook runs top to bottom before anyone has tried
  the exercises;
* otherwise it drives your code over real sockets and either prints "all checks passed" or
  raises :class:`ExerciseFailed` saying, in plain words, the first thing that is wrong.

A check never waits forever: every wait has a timeout, and a function of yours that does not
return in time is reported as hanging.
"""

from __future__ import annotations

import ast
import inspect
import select
import socket
import textwrap
import threading
from collections.abc import Callable
from typing import Any

from chapters.ch01_tcp.client import LineClient
from chapters.ch01_tcp.step2_threads import ThreadingTCPServer
from chapters.support import BackgroundServer, Server


class ExerciseFailed(AssertionError):
    """Your code runs, but does not do what the exercise asks; the message says what."""


# --- shared helpers ----------------------------------------------------------------------


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


def _not_attempted(title: str) -> None:
    print(f"{title}: not attempted yet (replace the NotImplementedError, then run this cell again)")


def _passed(title: str) -> None:
    print(f"{title}: all checks passed ✓")


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ExerciseFailed(message)


def _call_with_deadline(
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


def _create(server_class: type[Any], name: str) -> Any:
    try:
        return server_class("127.0.0.1", 0)
    except Exception as error:
        raise ExerciseFailed(
            f"{name}('127.0.0.1', 0) failed with {error!r}: keep the (host, port) constructor "
            "of the class you subclass"
        ) from error


def _read_line(client: LineClient, expected: bytes, what: str) -> None:
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
    _expect(line == expected, f"{what}: expected the line {expected!r}, got {line!r}")


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


# --- exercise 1: recv_exactly --------------------------------------------------------------


class _StingySocket:
    """A stand-in socket whose ``recv()`` hands out at most ``piece`` bytes, then ``b""``."""

    def __init__(self, data: bytes, piece: int = 3) -> None:
        self._data = bytearray(data)
        self.piece = piece
        self.closed = False

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if self.closed:
            raise OSError("recv() on a closed socket")
        chunk = bytes(self._data[: min(bufsize, self.piece)])
        del self._data[: len(chunk)]
        return chunk

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self.recv(nbytes or len(view))
        view[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self.closed = True


def check_recv_exactly(
    recv_exactly: Callable[[Any, int], bytes] | None, *, timeout: float = 2.0
) -> None:
    """Exercise 1: ``recv_exactly(sock, n)`` returns exactly ``n`` bytes, or raises
    ``ConnectionError`` (``EOFError`` is accepted too) if the peer closes first."""
    title = "Exercise 1, recv_exactly"
    if is_placeholder(recv_exactly):
        _not_attempted(title)
        return
    assert recv_exactly is not None
    try:
        _recv_exactly_in_pieces(recv_exactly, timeout)
        _recv_exactly_at_end_of_stream(recv_exactly, timeout)
        _recv_exactly_on_a_real_socket(recv_exactly, timeout)
    except NotImplementedError:
        _not_attempted(title)
        return
    _passed(title)


def _recv_exactly_in_pieces(recv_exactly: Callable[[Any, int], bytes], timeout: float) -> None:
    data = b"0123456789abcdefghij"
    sock = _StingySocket(data, piece=3)

    def call(n: int) -> Any:
        hang = f"recv_exactly(sock, {n}) did not return although the bytes were there"
        return _call_with_deadline(
            recv_exactly, sock, n, timeout=timeout, hang_message=hang, on_timeout=sock.close
        )

    got = call(0)
    _expect(got == b"", f"recv_exactly(sock, 0) should return b'', got {got!r}")
    got = call(10)
    _expect(
        isinstance(got, bytes) and len(got) >= 10,
        f"recv_exactly(sock, 10) returned {got!r}: one recv() may return fewer bytes than you ask "
        "for (this test socket hands out 3 at a time), so call it in a loop until you have n",
    )
    _expect(got == data[:10], f"recv_exactly(sock, 10) should return {data[:10]!r}, got {got!r}")
    got = call(6)
    _expect(
        got == data[10:16],
        f"the next recv_exactly(sock, 6) should return {data[10:16]!r}, got {got!r}: bytes that "
        "follow the first message were lost; ask recv() only for the bytes still missing "
        "(n minus what you have), so you never read past the end of your message",
    )


def _recv_exactly_at_end_of_stream(
    recv_exactly: Callable[[Any, int], bytes], timeout: float
) -> None:
    sock = _StingySocket(b"abc", piece=3)
    try:
        got = _call_with_deadline(
            recv_exactly,
            sock,
            5,
            timeout=timeout,
            on_timeout=sock.close,
            hang_message="recv_exactly(sock, 5) never returned after the peer closed having sent "
            "3 bytes: recv() returning b'' means the peer has closed; stop looping and raise "
            "ConnectionError",
        )
    except (ConnectionError, EOFError):
        return
    raise ExerciseFailed(
        f"recv_exactly(sock, 5) returned {got!r} although the peer closed after 3 bytes: "
        "raise ConnectionError instead of returning a short message"
    )


def _recv_exactly_on_a_real_socket(
    recv_exactly: Callable[[Any, int], bytes], timeout: float
) -> None:
    big = bytes(range(256)) * 800  # 200 KB: more than one recv() returns on most systems
    reader, writer = socket.socketpair()
    reader.settimeout(timeout)
    sender = threading.Thread(target=writer.sendall, args=(big + b"hello world",), daemon=True)
    sender.start()
    try:
        for n, expected in ((len(big), big), (5, b"hello"), (6, b" world")):
            try:
                got = _call_with_deadline(
                    recv_exactly,
                    reader,
                    n,
                    timeout=timeout + 1,
                    on_timeout=lambda: _shut(reader),
                    hang_message=f"recv_exactly(sock, {n}) did not return",
                )
            except TimeoutError:
                raise ExerciseFailed(
                    f"recv_exactly(sock, {n}) waited for bytes that had already arrived: an "
                    "earlier call read past the end of its message and dropped the rest"
                ) from None
            _expect(
                got == expected,
                f"recv_exactly(sock, {n}) on a real socket returned the wrong bytes",
            )
    finally:
        sender.join(timeout)
        _shut(reader)
        _shut(writer)


# --- exercise 2: UppercaseServer -----------------------------------------------------------


def check_uppercase_server(
    server_class: type[ThreadingTCPServer] | None, *, timeout: float = 2.0
) -> None:
    """Exercise 2: a ThreadingTCPServer answering every line in capitals; ``quit`` closes."""
    title = "Exercise 2, UppercaseServer"
    if server_class is None:
        _not_attempted(title)
        return
    _expect(
        isinstance(server_class, type) and issubclass(server_class, ThreadingTCPServer),
        "UppercaseServer should subclass ThreadingTCPServer and override handle(conn, address)",
    )
    if is_placeholder(server_class.handle):
        _not_attempted(title)
        return
    server = _create(server_class, "UppercaseServer")
    try:
        _handle_returns_when_client_closes(server, timeout)
    except NotImplementedError:
        server.server_close()
        _not_attempted(title)
        return
    except BaseException:
        server.server_close()
        raise
    with BackgroundServer(server, join_timeout=timeout + 10):
        _uppercase_line_by_line(server.port, timeout)
        _uppercase_waits_for_the_newline(server.port, timeout)
        _uppercase_quit_closes(server.port, timeout)
    _passed(title)


def _handle_returns_when_client_closes(server: ThreadingTCPServer, timeout: float) -> None:
    conn, peer = socket.socketpair()
    peer.close()  # a client that connects and leaves without a word
    try:
        _call_with_deadline(
            server.handle,
            conn,
            ("127.0.0.1", 0),
            timeout=timeout,
            on_timeout=conn.close,
            hang_message="handle() did not return after the client closed: recv() returning "
            "b'' means the client is gone, so return from handle()",
        )
    except (NotImplementedError, ExerciseFailed):
        raise
    except OSError:
        pass  # ThreadingTCPServer takes an OSError as the end of the connection, too
    except Exception as error:
        raise ExerciseFailed(
            f"handle() raised {error!r} for a client that closed without a word"
        ) from error
    finally:
        conn.close()


def _uppercase_line_by_line(port: int, timeout: float) -> None:
    with LineClient("127.0.0.1", port, timeout=timeout) as first:
        first.send_line(b"hello")
        _read_line(first, b"HELLO", "sent b'hello\\n'")
        with LineClient("127.0.0.1", port, timeout=timeout) as second:  # first still open
            second.sock.sendall(b"one\ntwo\n")  # two lines in one send()
            _read_line(second, b"ONE", "sent b'one\\ntwo\\n' in one send() (two lines)")
            _read_line(second, b"TWO", "sent b'one\\ntwo\\n' in one send(): the second line")
        first.send_line(b"still there?")
        _read_line(first, b"STILL THERE?", "the first client again")


def _uppercase_waits_for_the_newline(port: int, timeout: float) -> None:
    with LineClient("127.0.0.1", port, timeout=timeout) as client:
        client.sock.sendall(b"hel")
        early, _, _ = select.select([client.sock], [], [], min(0.3, timeout))
        if early:
            reply = client.sock.recv(1024)
            raise ExerciseFailed(
                f"after b'hel' (no newline yet) the server already answered {reply!r}: wait "
                "until a whole line has arrived (LineBuffer does exactly that)"
            )
        client.sock.sendall(b"lo\n")
        _read_line(client, b"HELLO", "sent b'hel', then b'lo\\n'")


def _uppercase_quit_closes(port: int, timeout: float) -> None:
    with LineClient("127.0.0.1", port, timeout=timeout) as client:
        client.send_line(b"quiet")
        _read_line(client, b"QUIET", "sent b'quiet\\n' (only the exact line quit closes)")
        client.sock.sendall(b"qu")
        client.sock.sendall(b"it\n")
        try:
            reply = client.sock.recv(1024)
        except TimeoutError:
            raise ExerciseFailed(
                "after the line b'quit' the connection stayed open: return from handle()"
            ) from None
        except ConnectionError:
            reply = b""  # closed with a reset: closed all the same
        _expect(
            reply == b"", f"after the line b'quit' the server answered {reply!r} instead of closing"
        )


# --- exercise 3: ChatServer ----------------------------------------------------------------


def check_chat_server(server_class: type[Server] | None, *, timeout: float = 2.0) -> None:
    """Exercise 3: one selectors loop; every line any client sends goes to every client."""
    title = "Exercise 3, ChatServer"
    if server_class is None or is_placeholder(getattr(server_class, "serve_forever", None)):
        _not_attempted(title)
        return
    server = _create(server_class, "ChatServer")
    background = BackgroundServer(server, join_timeout=timeout + 1).start()
    clients: dict[str, LineClient] = {}
    try:
        threads_before = {thread.ident for thread in threading.enumerate()}
        try:
            _chat_conversation(server.port, clients, timeout)
        except ExerciseFailed as failure:
            if not background.running:
                raise ExerciseFailed(
                    f"serve_forever() stopped with an error (printed above): {failure}"
                ) from None
            raise
        extra = [
            t.name for t in threading.enumerate() if t.ident not in threads_before and t.is_alive()
        ]
        _expect(
            not extra,
            f"your server started threads {extra}: this exercise asks for a single selectors "
            "loop serving every client from the thread that runs serve_forever()",
        )
    finally:
        for client in clients.values():
            client.close()
        try:
            background.stop()
        except RuntimeError:
            raise ExerciseFailed(
                "serve_forever() did not return after shutdown(): check self.stopping on every "
                "turn of your loop (shutdown() wakes it up by connecting to the server)"
            ) from None
    _passed(title)


def _chat_conversation(port: int, clients: dict[str, LineClient], timeout: float) -> None:
    for name in "ABC":  # each joins, and everyone already there (itself included) hears it
        clients[name] = LineClient("127.0.0.1", port, timeout=timeout)
        clients[name].send_line(f"{name} joined".encode())
        for listener, client in clients.items():
            _read_line(
                client,
                f"{name} joined".encode(),
                f"client {name} sent '{name} joined'; client {listener}",
            )
    clients["A"].sock.sendall(b"hel")
    clients["A"].sock.sendall(b"lo\n")
    for listener, client in clients.items():
        _read_line(client, b"hello", f"client A sent b'hel', then b'lo\\n'; client {listener}")
    clients["B"].sock.sendall(b"x\ny\n")
    for listener, client in clients.items():
        _read_line(client, b"x", f"client B sent b'x\\ny\\n' in one send(); client {listener}")
        _read_line(client, b"y", f"client B sent b'x\\ny\\n' in one send(); client {listener}")
    clients.pop("C").close()
    clients["A"].send_line(b"still here")
    for listener, client in clients.items():
        _read_line(
            client, b"still here", f"after C left, client A sent 'still here'; client {listener}"
        )
