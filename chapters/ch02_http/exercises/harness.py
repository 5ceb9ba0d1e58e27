"""What the chapter 02 checks share: your handler called, served, requested, reproduced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests

from chapters.ch02_http.messages import Handler, HTTPRequest, HTTPResponse
from chapters.ch02_http.server import HTTPServer
from chapters.support import serve_in_background
from chapters.support.exercises import ExerciseFailed, expect, is_placeholder


def untouched(cls: object, base: type) -> bool:
    """True for ``None``, ``base`` itself, or a class whose own methods (``__init__`` aside)
    are all placeholders: a subclass of ``base`` nobody has written yet."""
    if cls is None or cls is base or not isinstance(cls, type):
        return True
    own = [
        value
        for klass in cls.__mro__[: cls.__mro__.index(base) if base in cls.__mro__ else 1]
        for name, value in vars(klass).items()
        if callable(value) and name != "__init__"
    ]
    return all(is_placeholder(method) for method in own)


def call_directly(handler: Handler, method: str, target: str) -> HTTPResponse:
    """Call a handler without a server: the quickest way to see NotImplementedError."""
    request = HTTPRequest(
        method=method, target=target, http_version="1.1", headers=[(b"host", b"check")]
    )
    response = handler(request)
    expect(
        isinstance(response, HTTPResponse),
        f"{method} {target} returned {response!r}: a handler must return an HTTPResponse",
    )
    close = getattr(response.body, "close", None)
    if close is not None:
        close()  # a streamed file: we only wanted to see that it runs
    return response


def first_call(make: Callable[[], Handler], target: str, what: str) -> Handler | None:
    """``make()`` a handler and GET ``target`` from it directly, once.

    Returns the handler, or None while it still raises NotImplementedError; any other
    exception becomes ExerciseFailed: "``what`` raised ...".
    """
    try:
        handler = make()
        call_directly(handler, "GET", target)
    except NotImplementedError:
        return None
    except ExerciseFailed:
        raise
    except Exception as error:
        raise ExerciseFailed(f"{what} raised {error!r}") from error
    return handler


@contextmanager
def serving(handler: Handler) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1, port 0; yield its base URL; always stop it."""
    with serve_in_background(HTTPServer("127.0.0.1", 0, app=handler)) as server:
        yield f"http://127.0.0.1:{server.port}"


def request(method: str, url: str, **kwargs: Any) -> requests.Response:
    """One request with ``requests``; a failure to get any answer becomes ExerciseFailed."""
    try:
        return requests.request(method, url, timeout=5, allow_redirects=False, **kwargs)
    except requests.RequestException as error:
        raise ExerciseFailed(
            f"{method} {url} failed: {error}. The server log above should say why "
            "(an exception in your handler?)"
        ) from error


def curl(method: str, path: str, headers: dict[str, str] | None = None) -> str:
    """A line to reproduce a failure against your own server (PORT: its ``.port``)."""
    options = "-I" if method == "HEAD" else "-i" if method == "GET" else f"-i -X {method}"
    for name, value in (headers or {}).items():
        options += f" -H '{name}: {value}'"
    return (
        f"\n  Reproduce: curl {options} http://127.0.0.1:PORT{path}\n"
        "  (serve your code first, e.g. server = BackgroundServer(HTTPServer(app=...)).start(), "
        "and use server.port as PORT)"
    )


def fetch(
    base: str, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any
) -> tuple[requests.Response, str]:
    """Request ``path`` from the server at ``base``; the response, and its :func:`curl` line."""
    response = request(method, base + path, headers=headers, **kwargs)
    return response, curl(method, path, headers)
