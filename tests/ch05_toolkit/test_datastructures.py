"""URL, QueryParams, Headers, MutableHeaders, State: tables, each checked against Starlette's."""

from __future__ import annotations

from typing import Any

import pytest
import starlette.datastructures as theirs

from chapters.ch05_toolkit.datastructures import (
    URL,
    Headers,
    MutableHeaders,
    QueryParams,
    State,
    URLPath,
)


def http_scope(
    path: str = "/",
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    scope = {
        "type": "http",
        "scheme": "http",
        "path": path,
        "query_string": query,
        "headers": headers or [],
        "server": ("127.0.0.1", 8000),
    }
    scope.update(extra)
    return scope


URL_STRINGS = [
    "http://example.com/a?b=1#frag",
    "https://user:pw@example.com:8443/x/y?q=a%20b",
    "http://[::1]:8080/v6",
    "/relative/path?x",
    "",
]


@pytest.mark.parametrize("url", URL_STRINGS)
def test_url_components_match_starlette(url: str) -> None:
    ours, ref = URL(url), theirs.URL(url)
    for name in (
        "scheme",
        "netloc",
        "hostname",
        "port",
        "path",
        "query",
        "fragment",
        "username",
        "password",
        "is_secure",
    ):
        assert getattr(ours, name) == getattr(ref, name), name
    assert str(ours) == str(ref) and repr(ours) == repr(ref)


SCOPES = [
    http_scope("/a/b", b"x=1", [(b"host", b"example.com")]),
    http_scope("/a/b", b"", [(b"host", b"example.com:8080")]),
    http_scope("/no-host-header"),  # falls back to scope["server"]
    http_scope("/", server=("127.0.0.1", 80)),  # the default port is left out
    http_scope("/", server=("::1", 8000)),  # a bare IPv6 server address gets brackets
    http_scope("/", scheme="https", server=("example.com", 443)),
    http_scope("/what?#", headers=[(b"host", b"h")]),  # decoded "?" and "#" stay in the path
    http_scope("/", headers=[(b"host", b"evil.com/path@x")]),  # an invalid Host is ignored
    http_scope("/x", b"q=1", server=None),  # no host at all: a relative URL
    http_scope(
        "/root/sub", root_path="/root", headers=[(b"host", b"h")]
    ),  # path includes root_path
]


@pytest.mark.parametrize("scope", SCOPES, ids=range(len(SCOPES)))
def test_url_from_scope_matches_starlette(scope: dict[str, Any]) -> None:
    assert str(URL(scope=scope)) == str(theirs.URL(scope=scope))


@pytest.mark.parametrize(
    "changes",
    [
        {"path": "/new"},
        {"query": "a=2"},
        {"scheme": "https"},
        {"port": 9000},
        {"port": None},
        {"hostname": "other.org"},
        {"hostname": "::1"},
        {"username": "me"},
        {"fragment": "top"},
    ],
)
def test_url_replace_matches_starlette(changes: dict[str, Any]) -> None:
    url = "http://user@example.com:8000/p?q=1"
    assert str(URL(url).replace(**changes)) == str(theirs.URL(url).replace(**changes))


def test_url_from_components_and_query_param_helpers_match_starlette() -> None:
    assert str(URL(scheme="https", netloc="h", path="/p")) == str(
        theirs.URL(scheme="https", netloc="h", path="/p")
    )
    url = "http://h/p?a=1&b=2&a=3"
    for method, kwargs in [
        ("include_query_params", {"a": 9, "c": "x y"}),
        ("replace_query_params", {"z": 1}),
    ]:
        assert str(getattr(URL(url), method)(**kwargs)) == str(
            getattr(theirs.URL(url), method)(**kwargs)
        )
    assert str(URL(url).remove_query_params("a")) == str(theirs.URL(url).remove_query_params("a"))
    assert URL(url) == url and URL(url) == URL(url)


def test_urlpath_makes_absolute_urls_like_starlette() -> None:
    for path, protocol, host, base in [
        ("/x", "", "", "http://h:1/root/"),
        ("/x", "http", "", "https://h/"),
        ("/ws", "websocket", "", "http://h/"),
        ("/y", "", "api.h", "http://h/"),
    ]:
        ours = URLPath(path, protocol, host).make_absolute_url(base)
        assert str(ours) == str(theirs.URLPath(path, protocol, host).make_absolute_url(base))  # type: ignore[arg-type]


QUERIES = ["a=1&b=2&a=3", "a=&b", "x=%20y+z&x=%E2%9C%93", "", "k=v=w&&k2=2"]


@pytest.mark.parametrize("query", QUERIES)
def test_query_params_match_starlette(query: str) -> None:
    for source in (query, query.encode()):
        ours, ref = QueryParams(source), theirs.QueryParams(source)
        assert ours.multi_items() == ref.multi_items()
        assert list(ours.keys()) == list(ref.keys()) and list(ours.items()) == list(ref.items())
        assert str(ours) == str(ref) and len(ours) == len(ref)
        for key in ("a", "b", "x", "k", "missing"):
            assert ours.get(key) == ref.get(key) and ours.getlist(key) == ref.getlist(key)
            assert (key in ours) == (key in ref)


def test_query_params_from_pairs_mapping_and_keywords() -> None:
    assert QueryParams([("a", "1"), ("a", "2")])["a"] == "2"  # last value, as in Starlette
    assert QueryParams({"a": 1}, b=2).multi_items() == [("a", "1"), ("b", "2")]
    assert QueryParams("a=1&b=2") == QueryParams("b=2&a=1")
    with pytest.raises(KeyError):
        QueryParams("")["a"]


RAW_HEADERS = [
    (b"content-type", b"text/html"),
    (b"x-many", b"1"),
    (b"x-many", b"2"),
    (b"host", b"h"),
]


def test_headers_read_like_starlette() -> None:
    ours, ref = Headers(raw=list(RAW_HEADERS)), theirs.Headers(raw=list(RAW_HEADERS))
    assert (
        ours.items() == ref.items() and ours.keys() == ref.keys() and ours.values() == ref.values()
    )
    assert ours.raw == ref.raw and len(ours) == len(ref) and repr(ours) == repr(ref)
    for key in ("Content-Type", "X-MANY", "host", "absent"):
        assert ours.get(key) == ref.get(key) and ours.getlist(key) == ref.getlist(key)
        assert (key in ours) == (key in ref)
    with pytest.raises(KeyError):
        ours["absent"]
    assert Headers({"A": "1"}) == Headers(raw=[(b"a", b"1")])
    assert Headers(scope={"headers": [(b"a", b"1")]})["A"] == "1"
    with pytest.raises(TypeError):
        Headers({"a": "1"}, raw=[])


@pytest.mark.parametrize(
    "edit",
    [
        lambda h: h.__setitem__("X-Many", "3"),  # replaces every value, keeps the position
        lambda h: h.__setitem__("new", "v"),
        lambda h: h.__delitem__("x-many"),
        lambda h: h.append("X-Many", "3"),
        lambda h: h.setdefault("x-many", "ignored"),
        lambda h: h.setdefault("fresh", "v"),
        lambda h: h.update({"Host": "other", "extra": "1"}),
        lambda h: (h.add_vary_header("Accept-Encoding"), h.add_vary_header("Origin")),
    ],
    ids=[
        "set-existing",
        "set-new",
        "delete",
        "append",
        "setdefault-existing",
        "setdefault-new",
        "update",
        "vary",
    ],
)
def test_mutable_headers_edit_like_starlette(edit: Any) -> None:
    ours, ref = MutableHeaders(raw=list(RAW_HEADERS)), theirs.MutableHeaders(raw=list(RAW_HEADERS))
    assert edit(ours) == edit(ref)
    assert ours.raw == ref.raw


def test_mutable_headers_edit_the_list_they_were_given() -> None:
    raw: list[tuple[bytes, bytes]] = []
    MutableHeaders(raw=raw)["X-A"] = "1"
    assert raw == [(b"x-a", b"1")]
    copy = Headers(raw=raw).mutablecopy()
    copy["x-b"] = "2"
    assert raw == [(b"x-a", b"1")]


def test_state_is_an_attribute_view_of_a_shared_dict() -> None:
    backing: dict[str, Any] = {"db": "conn"}
    state = State(backing)
    state.user = "ada"
    assert (
        backing == {"db": "conn", "user": "ada"} and state.db == "conn" and state["user"] == "ada"
    )
    del state.db
    assert "db" not in backing and list(state) == ["user"] and len(state) == 1
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        state.missing  # noqa: B018
