"""The learner harness: what every chapter's contract tests share.

``pytest tests/ch02_http --impl my_http`` runs the contract tests of chapter 02
(``tests/ch02_http/test_contract.py``) against the learner's module ``my_http`` instead of the
reference (``chapters/ch02_http/contract.py``); ``tests/conftest.py`` holds the option and the
``impl`` fixture. A bare ``assert`` would only tell the learner *that* something is wrong, so a
contract test talks to the implementation through a :class:`Transcript`: every call it makes
and every byte it sends and receives is written down, and when the test fails the transcript
is printed under the failure ("what was sent and what came back").

Every wait is bounded: a learner's server that never answers fails one test in seconds, with
the transcript showing where it stopped.
"""

from __future__ import annotations

import asyncio
import http.client
import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Self

import pytest

from chapters.support import BackgroundServer

#: How long a contract test waits for any one thing (a reply, a connection, a shutdown).
TIMEOUT = 5.0
#: The title of the transcript's section in pytest's failure report.
SECTION = "what was sent and what came back"
#: Bytes longer than this are shown cut, with their length.
SHOW_AT_MOST = 1200
_NOTHING = object()  # what Transcript.note gets when there is no value to show


def show(value: object) -> str:
    """A value as the transcript shows it: bytes line by line, long values cut."""
    if isinstance(value, (bytes, bytearray)):
        return _show_bytes(bytes(value))
    text = repr(value)
    return (
        text if len(text) <= SHOW_AT_MOST else f"{text[:SHOW_AT_MOST]}... ({len(text)} characters)"
    )


def _show_bytes(data: bytes) -> str:
    """One ``repr`` per line (CR and LF stay visible), so an HTTP message reads like one."""
    cut = data[:SHOW_AT_MOST]
    lines = [repr(line) for line in cut.splitlines(keepends=True)] or ["b''"]
    if len(data) > len(cut):
        lines.append(f"... ({len(data)} bytes in all)")
    if len(lines) == 1:
        return lines[0]
    return "\n" + "\n".join(f"    {line}" for line in lines)


@dataclass
class Transcript:
    """The record of one contract test's dealings with the implementation under test."""

    impl_name: str
    entries: list[str] = field(default_factory=list)

    def note(self, label: str, value: object = _NOTHING, *, raw: bool = False) -> None:
        """Add one line: ``label: value``, or the label alone (``raw`` keeps a str as is)."""
        if value is _NOTHING:
            self.entries.append(label)
        else:
            self.entries.append(f"{label}: {value if raw else show(value)}")

    def call(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``func(*args, **kwargs)``, with the call and its result (or exception) noted."""
        __tracebackhide__ = True  # a failure's traceback goes from the test to the learner's code
        shown = [show(arg).strip() for arg in args]
        shown += [f"{name}={show(value).strip()}" for name, value in kwargs.items()]
        self.note("call", f"{_name(func)}({', '.join(shown)})", raw=True)
        try:
            result = func(*args, **kwargs)
        except BaseException as error:
            self.note("raised", error)
            raise
        self.note("returned", result)
        return result

    def read(self, label: str, get: Callable[[], Any]) -> Any:
        """Evaluate ``get()`` (an attribute, a method call) and note ``label → value``."""
        __tracebackhide__ = True
        try:
            value = get()
        except BaseException as error:
            self.note(f"{label} raised", error)
            raise
        self.note(label, value)
        return value

    def exchange(self, port: int, data: bytes, *, half_close: bool = False) -> Reply:
        """Connect to 127.0.0.1:``port``, send ``data``, read until the server closes.

        ``half_close`` says "I will send no more" after the data (``shutdown(SHUT_WR)``), as
        chapter 01's ``echo_once`` does. The data is sent from a second thread while this one
        reads, so a large message cannot deadlock against a server that answers as it reads.
        The reply is whatever came back before the server closed, or went silent for
        :data:`TIMEOUT` seconds.
        """
        self.note(f"connect to 127.0.0.1:{port}, send", data)
        if half_close:
            self.note("then half-close (shutdown(SHUT_WR): the client will send no more)")
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
            sender = threading.Thread(target=_send, args=(sock, data, half_close), daemon=True)
            sender.start()
            try:
                data, how = read_until_closed(sock)
            finally:
                sender.join(TIMEOUT)
        self.note(f"came back ({len(data)} bytes), {how}", data)
        return Reply(data, closed="closed" in how or "reset" in how)

    def connect(self, port: int, name: str = "client") -> Client:
        """A connection whose every send and receive goes into this transcript."""
        self.note(f"{name} connects to 127.0.0.1:{port}")
        return Client(socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT), name, self)

    def asgi(self, app: Any, method: str, path: str, **options: Any) -> ASGIReply:
        """One request through an ASGI ``app``, called directly (no server, no socket)."""
        scope = http_scope(method, path, options.get("headers", []))
        body = options.get("body", b"")
        self.note("sent", f"{method} {path}, headers {scope['headers']!r}, body {body!r}", raw=True)
        reply = ASGIReply()
        try:
            asyncio.run(asyncio.wait_for(_drive(app, scope, body, reply), TIMEOUT))
        except BaseException as error:
            self.note("came back", reply.messages)
            self.note("raised", error)
            raise
        self.note("came back", reply.messages)
        return reply

    def render(self) -> str:
        lines = [f"implementation under test: {self.impl_name}", *self.entries]
        return "\n".join(lines)


@dataclass
class Reply:
    """What came back on a connection, and whether the server closed it afterwards."""

    data: bytes
    closed: bool


def _send(sock: socket.socket, data: bytes, half_close: bool) -> None:
    with suppress(OSError):  # the reading side sees the same failure and reports it
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)


class Client:
    """One client socket that notes in the transcript what it sends and receives."""

    def __init__(self, sock: socket.socket, name: str, transcript: Transcript) -> None:
        self.sock, self.name, self.transcript = sock, name, transcript

    def send(self, data: bytes) -> None:
        self.transcript.note(f"{self.name} sends", data)
        self.sock.sendall(data)

    def receive_until(self, end: bytes) -> bytes:
        """Read until the bytes received end with ``end``; fail if they don't in time."""
        received = b""
        while not received.endswith(end):
            try:
                chunk: bytes | None = self.sock.recv(65536)
            except TimeoutError:
                chunk = None
            if not chunk:
                ending = "the server closed" if chunk == b"" else f"nothing for {TIMEOUT:g} s"
                self.transcript.note(f"{self.name} received, then {ending}", received)
                pytest.fail(f"{self.name} waited for {end!r}: {ending}", pytrace=False)
            received += chunk
        self.transcript.note(f"{self.name} received", received)
        return received

    def is_closed_by_server(self) -> bool:
        """True if the server closes this connection within :data:`TIMEOUT` seconds."""
        try:
            while self.sock.recv(65536):
                pass
        except TimeoutError:
            self.transcript.note(f"{self.name}: the connection stayed open for {TIMEOUT:g} s")
            return False
        except ConnectionError:  # a reset (Windows also says "aborted")
            pass
        self.transcript.note(f"{self.name}: the server closed the connection")
        return True

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _name(func: Callable[..., Any]) -> str:
    return getattr(func, "__qualname__", None) or type(func).__name__


def read_until_closed(sock: socket.socket) -> tuple[bytes, str]:
    """Everything the peer sends until it closes, and how the reading ended."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + TIMEOUT
    while True:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            silent = f"then nothing more for {TIMEOUT:g} s (the connection stayed open)"
            return b"".join(chunks), silent
        except ConnectionError:  # a reset (Windows also says "aborted")
            return b"".join(chunks), "then the server reset the connection"
        if not chunk:
            return b"".join(chunks), "then the server closed the connection"
        chunks.append(chunk)


# -- HTTP replies -------------------------------------------------------------------------


@dataclass
class HTTPReply:
    """A response parsed by ``http.client``: the oracle for what a real client understands."""

    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive name), or ``None``."""
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)


class _Wire:
    """Just enough of a socket for ``http.client.HTTPResponse`` to read recorded bytes."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def makefile(self, mode: str, *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(io.BytesIO(self._data))  # type: ignore[arg-type]


def parse_http_reply(raw: bytes, *, method: str = "GET") -> HTTPReply:
    """Parse the bytes of one response, or fail saying that a client could not read them."""
    if not raw:
        pytest.fail("nothing came back: expected an HTTP response", pytrace=False)
    response = http.client.HTTPResponse(_Wire(raw), method=method)  # type: ignore[arg-type]
    try:
        response.begin()
        body = response.read()
    except (http.client.HTTPException, ValueError) as error:
        pytest.fail(
            f"what came back is not an HTTP/1.1 response a client can read: {error!r}",
            pytrace=False,
        )
    return HTTPReply(response.status, response.reason, response.getheaders(), body)


# -- servers ------------------------------------------------------------------------------


@contextmanager
def running(transcript: Transcript, factory: Callable[..., Any], *args: Any) -> Iterator[Any]:
    """Build a server with ``factory(*args)``, serve it in a thread, stop it on exit.

    A server that does not stop within :data:`TIMEOUT` seconds of ``shutdown()`` fails the
    test (its thread is a daemon, so it cannot keep the test run alive).
    """
    server = transcript.call(factory, *args)
    port = transcript.read("server.port", lambda: server.port)
    if not isinstance(port, int) or not 0 < port < 65536:
        server_close_quietly(server)
        pytest.fail(f"server.port should be the bound port (an int), got {port!r}", pytrace=False)
    background = BackgroundServer(server, join_timeout=TIMEOUT)
    background.start()
    try:
        yield server
    finally:
        transcript.note("then shutdown() and server_close()")
        try:
            background.stop()
        except RuntimeError:
            pytest.fail(
                f"serve_forever() did not return within {TIMEOUT:g} s after shutdown()",
                pytrace=False,
            )


def server_close_quietly(server: Any) -> None:
    with suppress(Exception):  # the test is failing already: say why, not this
        server.server_close()


# -- ASGI, called directly ----------------------------------------------------------------


@dataclass
class ASGIReply:
    """The messages an ASGI app sent, and the response they make."""

    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> int | None:
        start = next((m for m in self.messages if m["type"] == "http.response.start"), None)
        return None if start is None else start["status"]

    @property
    def headers(self) -> list[tuple[bytes, bytes]]:
        start = next((m for m in self.messages if m["type"] == "http.response.start"), {})
        return list(start.get("headers", []))

    def header(self, name: bytes) -> bytes | None:
        return next((v for n, v in self.headers if n.lower() == name), None)

    @property
    def body(self) -> bytes:
        parts = (m.get("body", b"") for m in self.messages if m["type"] == "http.response.body")
        return b"".join(parts)


def http_scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """The ``http`` scope a server would build for ``method path`` (path may hold ``?query``)."""
    raw_path, _, query = path.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def _drive(app: Any, scope: dict[str, Any], body: bytes, reply: ASGIReply) -> None:
    incoming = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop(0)
        await asyncio.Event().wait()  # a real server says http.disconnect only when it happens
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        reply.messages.append(dict(message))

    await app(scope, receive, send)
