"""HTTP headers as a case-insensitive, order-keeping, repeat-keeping mapping.

Why not a dict: header names are case-insensitive (RFC 9110 §5.1) and a name may appear more
than once (``Set-Cookie``, ``Vary``), so the truth is the ASGI list of ``(name, value)`` byte
pairs, names lowercased. :class:`Headers` is a read-only view over that list, and
:class:`MutableHeaders` edits it in place, which is how a response (or a middleware holding a
``http.response.start`` message) changes the headers that will be sent. Same names and
behaviour as ``starlette.datastructures.Headers``/``MutableHeaders``: ``headers["x"]`` is the
*first* value, ``getlist`` gives them all, text is latin-1 as on the wire.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from chapters.ch05_toolkit.types import Scope

RawHeaders = list[tuple[bytes, bytes]]


def _encode(name: str) -> bytes:
    return name.lower().encode("latin-1")


class Headers(Mapping[str, str]):
    """Read-only headers, from exactly one of: a ``str`` mapping, ``raw`` pairs, or a ``scope``.

    >>> h = Headers(raw=[(b"accept", b"text/html"), (b"accept", b"*/*")])
    >>> h["Accept"], h.getlist("ACCEPT")
    ('text/html', ['text/html', '*/*'])
    """

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        raw: RawHeaders | None = None,
        scope: Scope | None = None,
    ) -> None:
        if sum(source is not None for source in (headers, raw, scope)) > 1:
            raise TypeError("Headers() takes one of 'headers', 'raw' or 'scope', not several")
        self._list: RawHeaders
        if headers is not None:
            self._list = [(_encode(k), v.encode("latin-1")) for k, v in headers.items()]
        elif raw is not None:
            self._list = raw  # shared on purpose: the caller's list is the source of truth
        elif scope is not None:
            # ASGI allows any iterable of pairs; keep the list itself so mutations are seen.
            self._list = scope["headers"] = list(scope["headers"])
        else:
            self._list = []

    @property
    def raw(self) -> RawHeaders:
        return list(self._list)

    def keys(self) -> list[str]:  # type: ignore[override]  # a list, like Starlette
        return [key.decode("latin-1") for key, _ in self._list]

    def values(self) -> list[str]:  # type: ignore[override]
        return [value.decode("latin-1") for _, value in self._list]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return [(key.decode("latin-1"), value.decode("latin-1")) for key, value in self._list]

    def getlist(self, key: str) -> list[str]:
        wanted = _encode(key)
        return [value.decode("latin-1") for name, value in self._list if name == wanted]

    def mutablecopy(self) -> MutableHeaders:
        return MutableHeaders(raw=list(self._list))

    def __getitem__(self, key: str) -> str:
        wanted = _encode(key)
        for name, value in self._list:
            if name == wanted:
                return value.decode("latin-1")
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        wanted = _encode(key)
        return any(name == wanted for name, _ in self._list)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return False
        return sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]  # mutable subclass; equal by content

    def __repr__(self) -> str:
        as_dict = dict(self.items())
        if len(as_dict) == len(self):
            return f"{type(self).__name__}({as_dict!r})"
        return f"{type(self).__name__}(raw={self.raw!r})"


class MutableHeaders(Headers):
    """Headers that can be edited; every edit lands in the shared raw list.

    ``h[k] = v`` replaces *all* values of ``k`` (keeping the first one's position), while
    :meth:`append` adds another one, as ``Set-Cookie`` needs.
    """

    @property
    def raw(self) -> RawHeaders:
        return self._list  # the live list, so ASGI messages built from it see later edits

    def __setitem__(self, key: str, value: str) -> None:
        name, encoded = _encode(key), value.encode("latin-1")
        positions = [i for i, (item, _) in enumerate(self._list) if item == name]
        for index in reversed(positions[1:]):
            del self._list[index]
        if positions:
            self._list[positions[0]] = (name, encoded)
        else:
            self._list.append((name, encoded))

    def __delitem__(self, key: str) -> None:
        name = _encode(key)
        self._list[:] = [(item, value) for item, value in self._list if item != name]

    def setdefault(self, key: str, value: str) -> str:  # type: ignore[override]
        """Set ``key`` only if absent; return the value in effect."""
        if key in self:
            return self[key]
        self._list.append((_encode(key), value.encode("latin-1")))
        return value

    def update(self, other: Mapping[str, str]) -> None:  # type: ignore[override]
        for key, value in other.items():
            self[key] = value

    def append(self, key: str, value: str) -> None:
        """Add a value for ``key``, keeping those already there."""
        self._list.append((_encode(key), value.encode("latin-1")))

    def add_vary_header(self, vary: str) -> None:
        """Add to ``Vary`` (RFC 9110 §12.5.5): caches must key on this request header too."""
        self["vary"] = ", ".join([*self.getlist("vary"), vary])
