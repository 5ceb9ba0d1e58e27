"""The small value types a request is made of: URL, query parameters, headers, state.

Why: an ASGI scope is raw material (``path``, ``query_string`` bytes, header byte pairs,
``server``), and every application re-derives the same things from it. These classes do it
once, lazily, with Starlette's names and semantics (``starlette.datastructures``), so code
written against Starlette reads the same here. Headers live in :mod:`.headers` (one concept
per module) and are re-exported from here, where Starlette keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

from chapters.ch05_toolkit.headers import Headers, MutableHeaders
from chapters.ch05_toolkit.types import Scope

__all__ = ["URL", "Address", "Headers", "MutableHeaders", "QueryParams", "State", "URLPath"]

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}

# RFC 9110 §7.2: Host = uri-host [ ":" port ], uri-host = IP-literal / IPv4address / reg-name.
# Looser than the ABNF on reg-name, strict enough that a Host header cannot smuggle a path,
# a userinfo or a second authority into the URL we build from it.
HOST_HEADER = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]*)(?::[0-9]*)?")


class Address(NamedTuple):
    """``request.client``: the peer's ``(host, port)`` from ``scope["client"]``."""

    host: str
    port: int


def _netloc_from_scope(scope: Scope, scheme: str) -> str | None:
    """Authority for the request URL: the ``Host`` header, else ``scope["server"]``."""
    for name, value in scope["headers"]:
        if name == b"host":
            host = value.decode("latin-1")
            if HOST_HEADER.fullmatch(host):
                return host
            break  # an invalid Host header is ignored, as Starlette does
    server = scope.get("server")
    if server is None:
        return None
    host, port = server
    if ":" in host and not host.startswith("["):  # bare IPv6 address
        host = f"[{host}]"
    return host if port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"


class URL:
    """An absolute or relative URL, built from a string, a scope or components.

    ``URL(scope=scope)`` reconstructs what the client asked for: scheme, the ``Host`` header
    (or the server address), the full ``path`` (which includes ``root_path`` in ASGI) and the
    raw query string.

    >>> url = URL("http://example.com:8000/a?b=1")
    >>> url.hostname, url.port, url.path, url.query
    ('example.com', 8000, '/a', 'b=1')
    >>> str(url.replace(path="/c", port=None))
    'http://example.com/c?b=1'
    """

    def __init__(self, url: str = "", scope: Scope | None = None, **components: Any) -> None:
        if scope is not None:
            if url or components:
                raise TypeError("URL() takes a 'url', a 'scope' or components, not several")
            url = self._from_scope(scope)
        elif components:
            if url:
                raise TypeError("URL() takes a 'url', a 'scope' or components, not several")
            url = URL("").replace(**components)._url
        self._url: str = url

    @staticmethod
    def _from_scope(scope: Scope) -> str:
        scheme = scope.get("scheme", "http")
        # A decoded path may contain "?" or "#"; re-escape them so they stay in the path.
        path = scope["path"].replace("?", "%3F").replace("#", "%23")
        query = scope.get("query_string", b"").decode("latin-1")
        netloc = _netloc_from_scope(scope, scheme)
        if netloc is None:
            return f"{path}?{query}" if query else path
        return SplitResult(scheme, netloc, path, query, "").geturl()

    @property
    def components(self) -> SplitResult:
        if not hasattr(self, "_components"):
            self._components = urlsplit(self._url)
        return self._components

    scheme = property(lambda self: self.components.scheme)
    netloc = property(lambda self: self.components.netloc)
    path = property(lambda self: self.components.path)
    query = property(lambda self: self.components.query)
    fragment = property(lambda self: self.components.fragment)
    username = property(lambda self: self.components.username)
    password = property(lambda self: self.components.password)
    hostname = property(lambda self: self.components.hostname)
    port = property(lambda self: self.components.port)

    @property
    def is_secure(self) -> bool:
        return self.scheme in ("https", "wss")

    def replace(self, **kwargs: Any) -> URL:
        """A copy with some components changed: ``scheme``, ``netloc``, ``path``, ``query``,
        ``fragment``, or the parts of the netloc (``hostname``, ``port``, ``username``,
        ``password``; ``port=None`` drops the port)."""
        if {"hostname", "port", "username", "password"} & kwargs.keys():
            kwargs["netloc"] = self._rebuilt_netloc(kwargs)
        return URL(self.components._replace(**kwargs).geturl())

    def _rebuilt_netloc(self, kwargs: dict[str, Any]) -> str:
        hostname = kwargs.pop("hostname", None)
        port = kwargs.pop("port", self.port)
        username = kwargs.pop("username", self.username)
        password = kwargs.pop("password", self.password)
        if hostname is None:  # keep the current host, with its IPv6 brackets
            hostname = self.netloc.rpartition("@")[2]
            if hostname and not hostname.endswith("]"):
                hostname = hostname.rsplit(":", 1)[0]
        elif ":" in hostname and not hostname.startswith("["):
            hostname = f"[{hostname}]"
        netloc = hostname if port is None else f"{hostname}:{port}"
        if username is not None:
            userinfo = username if password is None else f"{username}:{password}"
            netloc = f"{userinfo}@{netloc}"
        return netloc

    def include_query_params(self, **kwargs: Any) -> URL:
        """Set these query parameters (replacing their old values), keep the others."""
        params = QueryParams(self.query)
        new = {str(key): str(value) for key, value in kwargs.items()}
        kept = [(k, v) for k, v in params.multi_items() if k not in new]
        return self.replace(query=urlencode(kept + list(new.items())))

    def replace_query_params(self, **kwargs: Any) -> URL:
        return self.replace(query=urlencode([(str(k), str(v)) for k, v in kwargs.items()]))

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        drop = {keys} if isinstance(keys, str) else set(keys)
        kept = [(k, v) for k, v in QueryParams(self.query).multi_items() if k not in drop]
        return self.replace(query=urlencode(kept))

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self._url)

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        shown = self.replace(password="********") if self.password else self
        return f"{type(self).__name__}({str(shown)!r})"


class URLPath(str):
    """A path returned by ``url_path_for``, which can be made absolute against a base URL.

    ``protocol`` (``"http"``/``"websocket"``) and ``host`` are set by routes that pin them.
    """

    def __new__(cls, path: str, protocol: str = "", host: str = "") -> URLPath:  # noqa: PYI034
        return str.__new__(cls, path)

    def __init__(self, path: str, protocol: str = "", host: str = "") -> None:
        self.protocol = protocol
        self.host = host

    def make_absolute_url(self, base_url: str | URL) -> URL:
        base = URL(base_url) if isinstance(base_url, str) else base_url
        scheme = base.scheme
        if self.protocol:
            scheme = {"http": "http", "websocket": "ws"}[self.protocol] + (
                "s" if base.is_secure else ""
            )
        path = base.path.rstrip("/") + str(self)
        return URL(scheme=scheme, netloc=self.host or base.netloc, path=path)


class QueryParams(Mapping[str, str]):
    """Query string parameters, keeping repeats: ``?a=1&a=2`` has ``getlist("a") == ["1", "2"]``.

    Like Starlette: blank values are kept (``?a=`` gives ``""``), ``params["a"]`` and
    ``get`` give the *last* value, ``keys()``/``items()`` have one entry per distinct key,
    and ``str()`` re-encodes every pair.

    >>> q = QueryParams("a=1&b=2&a=3")
    >>> q["a"], q.getlist("a"), q.multi_items()
    ('3', ['1', '3'], [('a', '1'), ('b', '2'), ('a', '3')])
    """

    def __init__(
        self,
        params: str | bytes | Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(params, bytes):
            params = params.decode("latin-1")
        if isinstance(params, str):
            pairs = parse_qsl(params, keep_blank_values=True)
        elif isinstance(params, QueryParams):
            pairs = params.multi_items()
        elif isinstance(params, Mapping):
            pairs = list(params.items())
        else:
            pairs = list(params or [])
        self._list: list[tuple[str, str]] = [(str(k), str(v)) for k, v in [*pairs, *kwargs.items()]]
        self._dict = dict(self._list)  # later pairs win: "last value" lookups are O(1)

    def getlist(self, key: str) -> list[str]:
        return [value for name, value in self._list if name == key]

    def multi_items(self) -> list[tuple[str, str]]:
        return list(self._list)

    def keys(self):  # type: ignore[no-untyped-def]  # the dict's KeysView
        return self._dict.keys()

    def values(self):  # type: ignore[no-untyped-def]
        return self._dict.values()

    def items(self):  # type: ignore[no-untyped-def]
        return self._dict.items()

    def __getitem__(self, key: str) -> str:
        return self._dict[key]

    def __contains__(self, key: object) -> bool:
        return key in self._dict

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryParams):
            return False
        return sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return urlencode(self._list)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class State:
    """An attribute namespace over a dict: ``request.state.user``, ``app.state.db``.

    The dict is shared, not copied: ``State(scope["state"])`` reads and writes the state the
    server's lifespan handed to this request (ASGI lifespan "state" extension).
    """

    _state: dict[str, Any]

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        super().__setattr__("_state", {} if state is None else state)

    def __setattr__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __getattr__(self, key: str) -> Any:
        try:
            return self._state[key]
        except KeyError:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{key}'"
            ) from None

    def __delattr__(self, key: str) -> None:
        del self._state[key]

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delitem__(self, key: str) -> None:
        del self._state[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def __len__(self) -> int:
        return len(self._state)
