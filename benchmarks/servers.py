"""The servers under test, each serving the same tiny "hello" response.

``python -m benchmarks.servers NAME`` starts one on a free port and prints the port, so the
benchmark runs it in its own process (on its own core, where the machine has two).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b"Hello, world!"


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


SERVERS: dict[str, Callable[[], tuple[int, Callable[[], None]]]] = {"ch02": ch02, "http.server": stdlib}

if __name__ == "__main__":
    port, serve = SERVERS[sys.argv[1]]()
    print(port, flush=True)
    try:
        serve()
    except KeyboardInterrupt:
        pass
