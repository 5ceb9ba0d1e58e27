"""Exercise 2: ``UppercaseServer``, a ThreadingTCPServer answering each line in capitals."""

from __future__ import annotations

import select
import socket

from chapters.ch01_tcp.client import LineClient
from chapters.ch01_tcp.exercises.harness import call_with_deadline, create_server, read_line
from chapters.ch01_tcp.step2_threads import ThreadingTCPServer
from chapters.support import BackgroundServer
from chapters.support.exercises import ExerciseFailed, expect, is_placeholder, not_attempted, passed


def check_uppercase_server(
    server_class: type[ThreadingTCPServer] | None, *, timeout: float = 2.0
) -> None:
    """Exercise 2: a ThreadingTCPServer answering every line in capitals; ``quit`` closes."""
    title = "Exercise 2, UppercaseServer"
    if server_class is None:
        not_attempted(title)
        return
    expect(
        isinstance(server_class, type) and issubclass(server_class, ThreadingTCPServer),
        "UppercaseServer should subclass ThreadingTCPServer and override handle(conn, address)",
    )
    if is_placeholder(server_class.handle):
        not_attempted(title)
        return
    server = create_server(server_class, "UppercaseServer")
    try:
        _handle_returns_when_client_closes(server, timeout)
    except NotImplementedError:
        server.server_close()
        not_attempted(title)
        return
    except BaseException:
        server.server_close()
        raise
    with BackgroundServer(server, join_timeout=timeout + 10):
        _uppercase_line_by_line(server.port, timeout)
        _uppercase_waits_for_the_newline(server.port, timeout)
        _uppercase_quit_closes(server.port, timeout)
    passed(title)


def _handle_returns_when_client_closes(server: ThreadingTCPServer, timeout: float) -> None:
    conn, peer = socket.socketpair()
    peer.close()  # a client that connects and leaves without a word
    try:
        call_with_deadline(
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
        read_line(first, b"HELLO", "sent b'hello\\n'")
        with LineClient("127.0.0.1", port, timeout=timeout) as second:  # first still open
            second.sock.sendall(b"one\ntwo\n")  # two lines in one send()
            read_line(second, b"ONE", "sent b'one\\ntwo\\n' in one send() (two lines)")
            read_line(second, b"TWO", "sent b'one\\ntwo\\n' in one send(): the second line")
        first.send_line(b"still there?")
        read_line(first, b"STILL THERE?", "the first client again")


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
        read_line(client, b"HELLO", "sent b'hel', then b'lo\\n'")


def _uppercase_quit_closes(port: int, timeout: float) -> None:
    with LineClient("127.0.0.1", port, timeout=timeout) as client:
        client.send_line(b"quiet")
        read_line(client, b"QUIET", "sent b'quiet\\n' (only the exact line quit closes)")
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
        expect(
            reply == b"", f"after the line b'quit' the server answered {reply!r} instead of closing"
        )
