"""The demo application of chapter 02: a hello page, an echo, and a directory of files.

Routing here is the simplest that works: a dictionary from path to handler, plus one
prefix for the static files. Chapter 05 builds a real router (path parameters, 404 vs 405).
"""

from __future__ import annotations

import html
import os

from chapters.ch02_http.messages import Handler, HTTPRequest, HTTPResponse
from chapters.ch02_http.static import StaticFiles

HELLO_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Hello</title></head>
<body>
<h1>Hello from chapter 02</h1>
<p>This page was parsed and served by our own HTTP/1.1 parser.</p>
<ul>
<li><code>POST /echo</code> sends your request body back</li>
{files}
</ul>
</body></html>
"""


def hello(request: HTTPRequest, files_prefix: str | None) -> HTTPResponse:
    files = f'<li><a href="{files_prefix}">{html.escape(files_prefix)}</a>: the served directory</li>' if files_prefix else ""
    return HTTPResponse.html(HELLO_PAGE.format(files=files))


def echo(request: HTTPRequest) -> HTTPResponse:
    """Send the body back with its content type; a GET gets its request head instead."""
    if request.method in ("GET", "HEAD"):
        lines = [f"{request.method} {request.target} HTTP/{request.http_version}"]
        lines += [f"{name.decode('latin-1')}: {value.decode('latin-1')}" for name, value in request.headers]
        return HTTPResponse.text("\n".join(lines) + "\n")
    content_type = request.header("content-type") or "application/octet-stream"
    return HTTPResponse(headers=[(b"content-type", content_type.encode("latin-1"))], body=request.body)


class App:
    """Route a request to ``hello``, ``echo`` or the static files; 404 and 405 otherwise."""

    def __init__(self, directory: str | os.PathLike[str] | None = None, files_prefix: str = "/files/") -> None:
        self.static = StaticFiles(directory, files_prefix) if directory is not None else None
        self.files_prefix = files_prefix if directory is not None else None

    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        path = request.path
        if path == "/":
            if request.method not in ("GET", "HEAD"):
                return HTTPResponse(status=405, headers=[(b"allow", b"GET, HEAD"), (b"content-length", b"0")])
            return hello(request, self.files_prefix)
        if path == "/echo":
            return echo(request)
        # The static prefix is matched on the raw target, as StaticFiles strips it: on the
        # decoded path, "/%66iles/x" would match "/files/" and then find no prefix to strip.
        raw_path = request.target.partition("?")[0]
        if self.static is not None and (raw_path + "/").startswith(self.static.prefix):
            return self.static(request)
        return HTTPResponse.text("Not Found\n", status=404)


def make_app(directory: str | os.PathLike[str] | None = None) -> Handler:
    return App(directory)
