"""Chapter 02's threaded HTTP server against the standard library's ``http.server``.

Both serve the same "Hello, world!" over HTTP/1.1 keep-alive.
``python -m benchmarks.ch02_http [--duration 3] [--connections 16]``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchmarks.harness import Starter, suite_main

BODY = b"Hello, world!"
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: benchmarks\r\n\r\n"


def ch02() -> tuple[int, Callable[[], None]]:
    from chapters.ch02_http.messages import HTTPRequest, HTTPResponse
    from chapters.ch02_http.server import HTTPServer

    def hello(request: HTTPRequest) -> HTTPResponse:
        return HTTPResponse(headers=[(b"content-type", b"text/plain")], body=BODY)

    server = HTTPServer("127.0.0.1", 0, app=hello)
    return server.port, server.serve_forever


def stdlib() -> tuple[int, Callable[[], None]]:
    class Hello(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the others

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/plain")
            self.send_header("content-length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the load generator closing its connections is not an error

    server = Server(("127.0.0.1", 0), Hello)
    return server.server_address[1], server.serve_forever


SERVERS: dict[str, Starter] = {"ch02": ch02, "http.server": stdlib}
PAIRS = [("ch02", "http.server")]

if __name__ == "__main__":
    sys.exit(suite_main("ch02_http", SERVERS, PAIRS, REQUEST))
