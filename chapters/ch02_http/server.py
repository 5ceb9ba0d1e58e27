"""A small threaded HTTP/1.1 server: chapter 01's socket server driving chapter 02's parser.

:class:`HTTPServer` *is* chapter 01's :class:`ThreadingTCPServer` (accept loop, a thread per
connection, clean shutdown); all it adds is :meth:`HTTPServer.handle`, which moves bytes
between the socket and the sans-IO :class:`Connection`, and events between the connection
and the application. The protocol rules all live in the parser, so this loop stays short.

Failure policy, in one place:

* bytes the parser refuses → answer the error's ``status_hint`` (400, 413, 431, 501, 505…)
  and close this connection; the server goes on serving the others;
* the application raises before its response started → 500; after → close the connection;
* a client silent for ``timeout`` seconds → closed (408 if it was in the middle of a request).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterable
from http import HTTPStatus

from chapters.ch01_tcp import ThreadingTCPServer
from chapters.ch02_http.app import make_app
from chapters.ch02_http.connection import DEFAULT_MAX_BODY_SIZE, Connection
from chapters.ch02_http.errors import RemoteProtocolError
from chapters.ch02_http.events import (
    NEED_DATA,
    ConnectionClosed,
    Data,
    EndOfMessage,
    InformationalResponse,
    Request,
    Response,
)
from chapters.ch02_http.messages import Handler, HTTPRequest, HTTPResponse
from chapters.ch02_http.state import IDLE, MUST_CLOSE

logger = logging.getLogger("chapters.ch02_http")

RECV_SIZE = 64 * 1024


class HTTPServer(ThreadingTCPServer):
    """Serve ``app`` (a :data:`Handler`) over HTTP/1.1 with keep-alive, one thread per connection.

    >>> server = HTTPServer("127.0.0.1", 0, app=lambda request: HTTPResponse.text("hi"))  # doctest: +SKIP
    >>> with serve_in_background(server):                                              # doctest: +SKIP
    ...     requests.get(f"http://127.0.0.1:{server.port}/").text
    'hi'
    """

    #: The parser class, one instance per connection (a subclass can add its own limits).
    connection_class: type[Connection] = Connection

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        app: Handler | None = None,
        *,
        timeout: float = 5.0,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        super().__init__(host, port)
        self.app: Handler = app if app is not None else make_app()
        self.timeout = timeout
        self.max_body_size = max_body_size

    def handle(self, conn: socket.socket, address: tuple) -> None:
        """Serve requests on one connection until either side closes it."""
        conn.settimeout(self.timeout)
        # Send small writes at once: without this, Nagle's algorithm holds back the second
        # write of a response until the client ACKs the first, and the client delays that
        # ACK (up to 40 ms on Linux), capping a keep-alive connection at ~25 requests/s.
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        http = self.connection_class(max_body_size=self.max_body_size)
        client = (address[0], address[1])
        try:
            while http.our_state is not MUST_CLOSE:
                request = self._receive(http, conn)
                if request is None:
                    return  # the client closed, or went quiet between requests
                body = self._read_body(http, conn)
                self._respond(http, conn, request, body, client)
        except RemoteProtocolError as error:
            self._send_error(http, conn, error.status_hint, str(error))
        except TimeoutError:
            if http.their_state is not IDLE or http.trailing_data[0]:
                self._send_error(http, conn, 408, "request not received in time")
        except AbortConnection:
            return  # closed at once by the TCP server: no lingering for a broken response
        lingering_close(conn)

    def _receive(self, http: Connection, conn: socket.socket) -> Request | None:
        """Read until the next request head; ``None`` when the client closes or idles out."""
        while True:
            event = http.next_event()
            if event is NEED_DATA:
                try:
                    http.receive_data(conn.recv(RECV_SIZE))
                except TimeoutError:
                    if http.their_state is IDLE and not http.trailing_data[0]:
                        return None  # an idle keep-alive connection: close it quietly
                    raise
            elif isinstance(event, ConnectionClosed):
                return None
            else:
                assert isinstance(event, Request)
                return event

    def _read_body(self, http: Connection, conn: socket.socket) -> bytes:
        if http.they_are_waiting_for_100_continue:
            conn.sendall(http.send(InformationalResponse(status_code=100)))
        chunks = []
        while True:
            event = http.next_event()
            if event is NEED_DATA:
                http.receive_data(conn.recv(RECV_SIZE))
            elif isinstance(event, Data):
                chunks.append(event.data)
            else:
                assert isinstance(event, EndOfMessage)
                return b"".join(chunks)

    def _respond(self, http: Connection, conn: socket.socket, request: Request, body: bytes, client: tuple[str, int]) -> None:
        message = HTTPRequest(
            method=request.method.decode("ascii"),
            target=request.target.decode("ascii"),
            http_version=request.http_version.decode("ascii"),
            headers=request.headers,
            body=body,
            client=client,
        )
        try:
            response = self.app(message)
            head = http.send(Response(status_code=response.status, headers=response_headers(response)))
        except Exception:  # a bug in the application, or a response the protocol refuses
            logger.exception("error in the application for %s %s", message.method, message.target)
            response = HTTPResponse.text("Internal Server Error\n", status=500)
            head = http.send(Response(status_code=500, headers=response_headers(response)))
        if isinstance(response.body, bytes):
            # One write for the whole response: fewer system calls and TCP segments.
            conn.sendall(head + http.send(Data(data=response.body)) + http.send(EndOfMessage()))
        else:
            conn.sendall(head)
            self._send_body(http, conn, response.body)
        logger.info('%s - "%s %s HTTP/%s" %d', client[0], message.method, message.target, message.http_version, response.status)

    def _send_body(self, http: Connection, conn: socket.socket, chunks: Iterable[bytes]) -> None:
        """Stream an iterable body, one ``Data`` event per chunk.

        A failure of the *application's* iterable and a failure of the *socket* end the
        connection for different reasons, so they are caught apart: the first is a bug to
        log, the second just a client that went away.
        """
        iterator = iter(chunks)
        try:
            while True:
                try:
                    chunk = next(iterator)
                except StopIteration:
                    break
                except Exception:
                    # The head is out, so a 500 can't be sent any more: closing the
                    # connection early is the only way left to say the body is incomplete.
                    logger.exception("error in the application while streaming the body")
                    raise AbortConnection from None
                conn.sendall(http.send(Data(data=chunk)))
            conn.sendall(http.send(EndOfMessage()))
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # e.g. a file streamed by a generator, even if the client left

    def _send_error(self, http: Connection, conn: socket.socket, status: int, detail: str) -> None:
        """Answer ``status`` if no response has started on this connection yet."""
        if http.our_state is not IDLE:
            return  # a response is under way: the only honest signal left is closing
        body = f"{status} {HTTPStatus(status).phrase}: {detail}\n".encode()
        # We close after every error answer, so say it: a 408 for a half-sent request leaves
        # the parser thinking the connection could live on, and the client must not think so.
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", b"%d" % len(body)),
            (b"connection", b"close"),
        ]
        try:
            conn.sendall(http.send(Response(status_code=status, headers=headers)))
            conn.sendall(http.send(Data(data=body)) + http.send(EndOfMessage()))
        except OSError:
            pass


class AbortConnection(Exception):
    """End this connection now, without a response (one is already half sent)."""


def response_headers(response: HTTPResponse) -> list[tuple[bytes, bytes]]:
    """The application's headers, plus Content-Length when the body is plain bytes.

    Not for 204 and 304, which never have a body: a 204 must not carry Content-Length at
    all, and in a 304 it would announce the length of the full representation, which an
    empty ``body`` says nothing about (RFC 9110 §8.6).
    """
    headers = list(response.headers)
    if response.status in (204, 304) or not isinstance(response.body, bytes):
        return headers
    if not any(name.lower() in (b"content-length", b"transfer-encoding") for name, _ in headers):
        headers.append((b"content-length", b"%d" % len(response.body)))
    return headers


def lingering_close(conn: socket.socket, timeout: float = 1.0, limit: int = 1024 * 1024) -> None:
    """Close in stages so that an error response is not destroyed on its way (RFC 9112 §9.6).

    If we close while the client is still sending (a body we refused with 413, say), the
    kernel answers its next bytes with a reset, and a reset can make the client's kernel
    discard our response before the client read it. So: stop writing (FIN), read and drop
    what the client still sends for a moment, then close.
    """
    try:
        conn.shutdown(socket.SHUT_WR)
        conn.settimeout(timeout)
        received = 0
        while received < limit and (data := conn.recv(RECV_SIZE)):
            received += len(data)
    except OSError:
        pass
    conn.close()
