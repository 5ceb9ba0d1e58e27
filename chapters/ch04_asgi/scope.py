"""The HTTP connection scope: one request's head, as the ASGI spec describes it.

Everything the application knows about a request before it calls ``receive()`` is in this
dict: method, path, query string, headers, client and server addresses. Building it is on
every request's path, so it is one dict literal and nothing else.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from chapters.ch02_http.events import Request
from chapters.ch04_asgi.types import Scope

_HTTP_VERSIONS = {b"1.1": "1.1", b"1.0": "1.0"}


def split_target(target: bytes) -> tuple[bytes, bytes]:
    """``(raw_path, query_string)`` of a request-target (RFC 9112 §3.2).

    >>> split_target(b"/items/a%20b?q=1")
    (b'/items/a%20b', b'q=1')
    >>> split_target(b"http://example.com/x?y")   # absolute-form, as sent to proxies
    (b'/x', b'y')
    """
    if target[:1] != b"/" and b"://" in target:
        after_scheme = target.partition(b"://")[2]
        ends = [i for i in (after_scheme.find(b"/"), after_scheme.find(b"?")) if i != -1]
        target = after_scheme[min(ends):] if ends else b""  # drop the authority
        if not target.startswith(b"/"):
            target = b"/" + target
    raw_path, _, query_string = target.partition(b"?")
    return raw_path, query_string


def http_scope(
    request: Request,
    *,
    server: tuple[str, int] | None,
    client: tuple[str, int] | None,
    root_path: str,
    state: dict[str, Any] | None,
) -> Scope:
    """The ``http`` scope for ``request`` (ASGI HTTP spec, "Connection Scope")."""
    raw_path, query_string = split_target(request.target)
    # "path" is percent-decoded (UTF-8); "raw_path" keeps the bytes as sent. Both start with
    # root_path, the prefix under which a proxy mounts the app.
    path = raw_path.decode("ascii")
    if "%" in path:
        path = unquote(path)
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": _HTTP_VERSIONS.get(request.http_version, "1.1"),
        "server": server,
        "client": client,
        "scheme": "http",
        "method": request.method.decode("ascii"),
        "root_path": root_path,
        "path": root_path + path,
        "raw_path": root_path.encode("ascii") + raw_path if root_path else raw_path,
        "query_string": query_string,
        "headers": request.headers,
    }
    if state is not None:
        scope["state"] = state.copy()  # each request gets its own shallow copy (ASGI spec)
    return scope
