"""Exercise 3: ``ChatServer``, one selectors loop relaying every line to every client."""

from __future__ import annotations

import threading

from chapters.ch01_tcp.client import LineClient
from chapters.ch01_tcp.exercises.harness import create_server, read_line
from chapters.support import BackgroundServer, Server
from chapters.support.exercises import ExerciseFailed, expect, is_placeholder, not_attempted, passed


def check_chat_server(server_class: type[Server] | None, *, timeout: float = 2.0) -> None:
    """Exercise 3: one selectors loop; every line any client sends goes to every client."""
    title = "Exercise 3, ChatServer"
    if server_class is None or is_placeholder(getattr(server_class, "serve_forever", None)):
        not_attempted(title)
        return
    server = create_server(server_class, "ChatServer")
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
        expect(
            not extra,
            f"your server started threads {extra}: this exercise asks for a single selectors "
            "loop serving every client from the thread that runs serve_forever()",
        )
    finally:
        for client in clients.values():
            client.close()
        _stop(background)
    passed(title)


def _stop(background: BackgroundServer) -> None:
    try:
        background.stop()
    except RuntimeError:
        raise ExerciseFailed(
            "serve_forever() did not return after shutdown(): check self.stopping on every "
            "turn of your loop (shutdown() wakes it up by connecting to the server)"
        ) from None


def _chat_conversation(port: int, clients: dict[str, LineClient], timeout: float) -> None:
    for name in "ABC":  # each joins, and everyone already there (itself included) hears it
        clients[name] = LineClient("127.0.0.1", port, timeout=timeout)
        clients[name].send_line(f"{name} joined".encode())
        _everyone_hears(
            clients, f"{name} joined".encode(), what=f"client {name} sent '{name} joined'"
        )
    clients["A"].sock.sendall(b"hel")
    clients["A"].sock.sendall(b"lo\n")
    _everyone_hears(clients, b"hello", what="client A sent b'hel', then b'lo\\n'")
    clients["B"].sock.sendall(b"x\ny\n")
    _everyone_hears(clients, b"x", b"y", what="client B sent b'x\\ny\\n' in one send()")
    clients.pop("C").close()
    clients["A"].send_line(b"still here")
    _everyone_hears(clients, b"still here", what="after C left, client A sent 'still here'")


def _everyone_hears(clients: dict[str, LineClient], *lines: bytes, what: str) -> None:
    """Every client, in turn, reads ``lines`` in order."""
    for listener, client in clients.items():
        for line in lines:
            read_line(client, line, f"{what}; client {listener}")
