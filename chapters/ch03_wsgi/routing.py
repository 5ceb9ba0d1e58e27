"""Routes with path parameters, matched as Starlette does: NONE, PARTIAL or FULL.

A route's path template is compiled once, at registration, into a regular expression; each
``{name}`` or ``{name:converter}`` becomes a named group and a converter that turns the
matched text into a Python value. Matching a request gives one of three answers, so that
"no route has this path" (404) and "a route has this path but not this method" (405) fall
out of the same loop.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# {name} or {name:converter}
PARAMETER = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-z]+))?}")


class Match(enum.Enum):
    NONE = "NONE"  # another path
    PARTIAL = "PARTIAL"  # this path, another method: remember it, for a 405
    FULL = "FULL"


class StringConverter:
    """One path segment: anything but ``/``."""

    regex = "[^/]+"

    def convert(self, text: str) -> Any:
        return text


class IntConverter:
    regex = "[0-9]+"

    def convert(self, text: str) -> Any:
        return int(text)


class PathConverter:
    """The rest of the path, slashes included (``/files/{path:path}``)."""

    regex = ".*"

    def convert(self, text: str) -> Any:
        return text


CONVERTERS: dict[str, Callable[[], StringConverter | IntConverter | PathConverter]] = {
    "str": StringConverter,
    "int": IntConverter,
    "path": PathConverter,
}


def compile_path(path: str) -> tuple[re.Pattern[str], dict[str, Any]]:
    """The regex and the converters of a path template.

    >>> compile_path("/users/{user_id:int}")[0].pattern
    '^/users/(?P<user_id>[0-9]+)$'
    """
    if not path.startswith("/"):
        raise ValueError(f"a route path starts with '/': {path!r}")
    pattern, converters, position = "^", {}, 0
    for match in PARAMETER.finditer(path):
        name, converter_name = match[1], match[2] or "str"
        if converter_name not in CONVERTERS:
            raise ValueError(
                f"unknown converter {converter_name!r} in {path!r}; use one of {sorted(CONVERTERS)}"
            )
        if name in converters:
            raise ValueError(f"parameter {name!r} appears twice in {path!r}")
        converters[name] = CONVERTERS[converter_name]()
        pattern += (
            re.escape(path[position : match.start()]) + f"(?P<{name}>{converters[name].regex})"
        )
        position = match.end()
    return re.compile(pattern + re.escape(path[position:]) + "$"), converters


@dataclass
class Route:
    """A path template, the methods it answers, and the view that answers them."""

    path: str
    endpoint: Callable[..., Any]
    methods: frozenset[str]

    def __post_init__(self) -> None:
        self.regex, self.converters = compile_path(self.path)
        if "GET" in self.methods:
            self.methods = self.methods | {"HEAD"}  # a GET route answers HEAD (RFC 9110 §9.3.2)

    def matches(self, method: str, path: str) -> tuple[Match, dict[str, Any]]:
        found = self.regex.match(path)
        if found is None:
            return Match.NONE, {}
        params = {
            name: self.converters[name].convert(text) for name, text in found.groupdict().items()
        }
        return (Match.FULL if method in self.methods else Match.PARTIAL), params
