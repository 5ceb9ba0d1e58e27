"""Path templates: what ``{id:int}`` in a route's path means, and the regex built from it.

Why a class per type: a path parameter needs three things that must agree with each other —
a regex fragment that says which text it accepts, ``convert`` to turn the matched text into
a Python value for the endpoint, and ``to_string`` to go back the other way when
``url_path_for`` builds a URL. Keeping the three side by side (as
``starlette/convertors.py`` does, with the same names and regexes) means a new type is one
small class registered in :data:`CONVERTOR_TYPES`. :func:`compile_path` turns a whole
template into one regex at registration; :func:`replace_params` goes back from parameters
to a path (both are importable from ``routing`` too, where Starlette keeps them).
"""

from __future__ import annotations

import math
import re
import uuid
from re import Pattern
from typing import Any, ClassVar, Generic, TypeVar

T = TypeVar("T")


class Convertor(Generic[T]):
    """One path parameter type: ``regex`` to match, ``convert`` to parse, ``to_string`` to build."""

    regex: ClassVar[str] = ""

    def convert(self, value: str) -> T:
        raise NotImplementedError

    def to_string(self, value: T) -> str:
        raise NotImplementedError


class StringConvertor(Convertor[str]):
    """The default: one path segment, anything but ``/``."""

    regex = "[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        value = str(value)
        if "/" in value or not value:
            raise ValueError(f"a str path parameter must be non-empty and contain no '/': {value!r}")
        return value


class PathConvertor(Convertor[str]):
    """The rest of the path, slashes included (what ``Mount`` uses for its tail)."""

    regex = ".*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return str(value)


class IntegerConvertor(Convertor[int]):
    """Non-negative integers: ``/users/42`` matches, ``/users/-1`` and ``/users/x`` do not."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        value = int(value)
        if value < 0:
            raise ValueError(f"an int path parameter must not be negative: {value}")
        return str(value)


class FloatConvertor(Convertor[float]):
    """Non-negative decimals without exponent: ``3``, ``3.25``."""

    regex = r"[0-9]+(?:\.[0-9]+)?"

    def convert(self, value: str) -> float:
        return float(value)

    def to_string(self, value: float) -> str:
        value = float(value)
        if math.isnan(value) or math.isinf(value) or value < 0:
            raise ValueError(f"a float path parameter must be finite and not negative: {value}")
        # Fixed notation (no "1e-05", which the regex would not match back), no trailing zeros.
        return f"{value:.20f}".rstrip("0").rstrip(".")


class UUIDConvertor(Convertor[uuid.UUID]):
    """UUIDs, with or without dashes, any case; always built back in the canonical form."""

    regex = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"

    def convert(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_string(self, value: uuid.UUID) -> str:
        return str(value)


CONVERTOR_TYPES: dict[str, Convertor[Any]] = {
    "str": StringConvertor(),
    "path": PathConvertor(),
    "int": IntegerConvertor(),
    "float": FloatConvertor(),
    "uuid": UUIDConvertor(),
}


def register_url_convertor(key: str, convertor: Convertor[Any]) -> None:
    """Make ``{name:key}`` available in every path compiled from now on (Starlette's hook)."""
    CONVERTOR_TYPES[key] = convertor


# A parameter in a route's path: "{name}" or "{name:convertor}".
PARAM_REGEX = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_][a-zA-Z0-9_]*))?}")
# A placeholder in a compiled path format: "{name}".
PARAM_FORMAT_REGEX = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)}")


def compile_path(path: str) -> tuple[Pattern[str], str, dict[str, Convertor[Any]]]:
    """Turn a route's path into (regex, format, convertors), once, at registration.

    The literal parts are escaped, each parameter becomes a named group holding its
    convertor's regex, and the format keeps ``{name}`` placeholders for ``url_path_for``::

        >>> regex, fmt, convertors = compile_path("/users/{id:int}/files/{name}")
        >>> regex.pattern
        '^/users/(?P<id>[0-9]+)/files/(?P<name>[^/]+)$'
        >>> fmt
        '/users/{id}/files/{name}'
        >>> sorted(convertors)
        ['id', 'name']
    """
    regex, fmt, convertors, end = "^", "", {}, 0
    for param in PARAM_REGEX.finditer(path):
        name, kind = param.group(1), param.group(2) or "str"
        if kind not in CONVERTOR_TYPES:
            raise ValueError(f"Unknown path convertor '{kind}' in {path!r}")
        if name in convertors:
            raise ValueError(f"Duplicated param name {name} at path {path}")
        convertors[name] = CONVERTOR_TYPES[kind]
        regex += re.escape(path[end : param.start()]) + f"(?P<{name}>{convertors[name].regex})"
        fmt += path[end : param.start()] + "{" + name + "}"
        end = param.end()
    regex += re.escape(path[end:]) + "$"
    return re.compile(regex), fmt + path[end:], convertors


def replace_params(
    path_format: str, convertors: dict[str, Convertor[Any]], params: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Fill ``{name}`` placeholders from ``params``; return the path and the params left over.

    ``replace_params("/users/{id}", {"id": IntegerConvertor()}, {"id": 7, "x": 1})``
    gives ``("/users/7", {"x": 1})``.
    """
    remaining = dict(params)

    def fill(placeholder: re.Match[str]) -> str:
        name = placeholder.group(1)
        return convertors[name].to_string(remaining.pop(name)) if name in remaining else placeholder.group(0)

    return PARAM_FORMAT_REGEX.sub(fill, path_format), remaining
