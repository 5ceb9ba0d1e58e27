"""A threaded WSGI server (PEP 3333) on the chapter 02 parser, like gunicorn or waitress.

:class:`WSGIServer` *is* chapter 02's :class:`HTTPServer` (same parser, same error answers,
same lingering close) with a bounded pool of workers (:mod:`.pool`) and a different
``handle``: instead of calling a handler with a finished request, it builds the ``environ``,
lets the application pull the body from ``wsgi.input`` and push the response through
``start_response`` (:mod:`.cycle`).

Failure policy, in one place:

* bytes the parser refuses (in the head, or in a body the application reads) → the error's
  ``status_hint`` (400, 413, 431, 501, 505…), then the connection is closed;
* the application raises (or breaks the protocol) before the response head was sent → 500,
  ``Connection: close``; after → the connection is closed, as the only honest signal left;
* whatever happens, the response iterable's ``close()`` is called (PEP 3333);
* a client silent between requests for ``keepalive_timeout`` → closed quietly; a request head
  not complete ``header_timeout`` after its first byte, or a body or a write stalled for
  ``timeout`` → 408 (if nothing was sent yet) and closed. No slow client holds a worker forever.
"""

from __future__ import annotations

import logging
import socket
import time
from typing import Any

from chapters.ch02_http import NEED_DATA, Connection, ConnectionClosed, RemoteProtocolError, Request
from chapters.ch02_http.connection import DEFAULT_MAX_BODY_SIZE
from chapters.ch02_http.server import AbortConnection, HTTPServer, lingering_close
from chapters.ch02_http.state import IDLE, MUST_CLOSE
from chapters.ch03_wsgi.cycle import ResponseCycle
from chapters.ch03_wsgi.environ import ServerInfo, build_environ
from chapters.ch03_wsgi.pool import DEFAULT_THREADS, BoundedThreadingTCPServer
from chapters.ch03_wsgi.streams import RECV_SIZE, ClientDisconnected, ErrorStream, WSGIInput
from chapters.ch03_wsgi.types import WSGIApplication
from chapters.support import serve_until_interrupted

logger = logging.getLogger("chapters.ch03_wsgi")
errors_logger = logging.getLogger("chapters.ch03_wsgi.errors")  # what apps write to wsgi.errors


class WSGIServer(BoundedThreadingTCPServer, HTTPServer):
    """Serve a WSGI application over HTTP/1.1 with keep-alive, ``threads`` connections at once.

    >>> server = WSGIServer("127.0.0.1", 0, hello_app)               # doctest: +SKIP
    >>> with serve_in_background(server):                            # doctest: +SKIP
    ...     requests.get(f"http://127.0.0.1:{server.port}/").text
    'Hello, WSGI!\\n'
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        app: WSGIApplication | None = None,
        *,
        threads: int = DEFAULT_THREADS,
        timeout: float = 30.0,
        keepalive_timeout: float = 5.0,
        header_timeout: float = 10.0,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if app is None:
            raise TypeError("WSGIServer needs a WSGI application")
        # HTTPServer stores it as ``self.app``: here a WSGI callable rather than a chapter 02
        # handler, which is why ``handle`` is overridden.
        super().__init__(
            host, port, app, threads=threads, timeout=timeout, max_body_size=max_body_size
        )
        self.app: WSGIApplication = app  # type: ignore[assignment]
        self.keepalive_timeout = keepalive_timeout
        self.header_timeout = header_timeout
        self.server_info = ServerInfo(server_name=host, server_port=str(self.port))

    def handle(self, conn: socket.socket, address: tuple[Any, ...]) -> None:
        """Serve requests on one connection until either side closes it."""
        conn.settimeout(self.timeout)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # see chapter 02's handle
        http = self.connection_class(max_body_size=self.max_body_size)
        try:
            while http.our_state is not MUST_CLOSE:
                request = self._receive(http, conn)
                if request is None:
                    return  # the client closed, or stayed idle between requests
                self._serve_request(http, conn, request, address)
        except RemoteProtocolError as error:
            self._send_error(http, conn, error.status_hint, str(error))
        except TimeoutError:
            if http.their_state is not IDLE or http.trailing_data[0]:
                self._send_error(http, conn, 408, "request not received in time")
        except (AbortConnection, ClientDisconnected):
            return  # closed at once: no lingering for a broken response or a client gone
        lingering_close(conn)

    def _receive(self, http: Connection, conn: socket.socket) -> Request | None:
        """The next request head, or ``None`` if the client closes or idles out first.

        Two clocks: ``keepalive_timeout`` until the first byte of a request, then
        ``header_timeout`` for the *whole* head, so that a client sending one byte every few
        seconds (slowloris) is cut off too; a per-``recv`` timeout alone would not.
        """
        deadline = time.monotonic() + self.header_timeout if http.trailing_data[0] else None
        while True:
            event = http.next_event()
            if event is NEED_DATA:
                conn.settimeout(
                    self.keepalive_timeout
                    if deadline is None
                    else max(deadline - time.monotonic(), 0.001)
                )
                try:
                    data = conn.recv(RECV_SIZE)
                except TimeoutError:
                    if deadline is None:
                        return None  # an idle keep-alive connection: close it quietly
                    raise
                if deadline is None and data:
                    deadline = time.monotonic() + self.header_timeout
                http.receive_data(data)
            elif isinstance(event, ConnectionClosed):
                return None
            else:
                assert isinstance(event, Request), event
                conn.settimeout(self.timeout)
                return event

    def _serve_request(
        self, http: Connection, conn: socket.socket, request: Request, address: tuple[Any, ...]
    ) -> None:
        """Run the application for one request; the failure policy of the module docstring."""
        body = WSGIInput(http, conn)
        environ = build_environ(
            request, self.server_info, address, body, ErrorStream(errors_logger)
        )
        cycle = ResponseCycle(http, conn, body, clients_waiting=self.clients_waiting)
        try:
            result = self.app(environ, cycle.start_response)
            try:
                cycle.send_iterable(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()  # PEP 3333: always, even on an error or a client gone
        except (RemoteProtocolError, ClientDisconnected):
            raise  # the client's fault: handle() answers it or just closes
        except Exception:
            logger.exception(
                "error in the application for %s %s", environ["REQUEST_METHOD"], environ["RAW_URI"]
            )
            if cycle.headers_sent:
                raise AbortConnection from None
            self._send_error(http, conn, 500, "the application failed")


def make_server(host: str, port: int, app: WSGIApplication, **options: Any) -> WSGIServer:
    """A bound :class:`WSGIServer`, like ``wsgiref.simple_server.make_server(host, port, app)``.

    Run it with ``serve_forever()`` (in a thread: :class:`chapters.support.BackgroundServer`),
    stop it with ``shutdown()`` then ``server_close()``.
    """
    return WSGIServer(host, port, app, **options)


def serve(app: WSGIApplication, host: str = "127.0.0.1", port: int = 8000, **options: Any) -> int:
    """Serve ``app`` in this thread until Ctrl+C or SIGTERM (like ``waitress.serve``)."""
    server = make_server(host, port, app, **options)
    print(f"WSGI server running on http://{server.host}:{server.port} (Ctrl+C to quit)", flush=True)
    return serve_until_interrupted(server)
