"""Routing: compile_path, convertors, NONE/PARTIAL/FULL, 404 vs 405, HEAD, slashes, Mount, url_path_for."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import starlette.routing

from chapters.ch05_toolkit import JSONResponse, PlainTextResponse, Request, Starlette
from chapters.ch05_toolkit.convertors import (
    CONVERTOR_TYPES,
    FloatConvertor,
    IntegerConvertor,
    StringConvertor,
)
from chapters.ch05_toolkit.routing import Match, Mount, NoMatchFound, Route, Router, compile_path
from chapters.ch05_toolkit.types import Receive, Scope, Send
from tests.ch04_asgi.servers import TIMEOUT, Running, running_ours
from tests.ch05_toolkit.asgi_call import call, http_scope

# -- compile_path ---------------------------------------------------------------------------

COMPILE_TABLE = [
    ("/", "^/$", "/", {}),
    ("/users/{id:int}", "^/users/(?P<id>[0-9]+)$", "/users/{id}", {"id": "int"}),
    ("/users/{name}", "^/users/(?P<name>[^/]+)$", "/users/{name}", {"name": "str"}),
    ("/files/{rest:path}", "^/files/(?P<rest>.*)$", "/files/{rest}", {"rest": "path"}),
    ("/price/{p:float}", r"^/price/(?P<p>[0-9]+(?:\.[0-9]+)?)$", "/price/{p}", {"p": "float"}),
    ("/items/{u:uuid}", "^/items/(?P<u>" + CONVERTOR_TYPES["uuid"].regex + ")$", "/items/{u}", {"u": "uuid"}),
    ("/a.b/{x}/c+d", r"^/a\.b/(?P<x>[^/]+)/c\+d$", "/a.b/{x}/c+d", {"x": "str"}),  # literals escaped
    ("/{a}-{b:int}", "^/(?P<a>[^/]+)\\-(?P<b>[0-9]+)$", "/{a}-{b}", {"a": "str", "b": "int"}),
]


@pytest.mark.parametrize(("path", "regex", "fmt", "kinds"), COMPILE_TABLE, ids=[row[0] for row in COMPILE_TABLE])
def test_compile_path_table(path: str, regex: str, fmt: str, kinds: dict[str, str]) -> None:
    compiled, path_format, convertors = compile_path(path)
    assert (compiled.pattern, path_format) == (regex, fmt)
    assert convertors == {name: CONVERTOR_TYPES[kind] for name, kind in kinds.items()}


SAMPLE_PATHS = ["/", "/users/42", "/users/-1", "/users/x", "/users/4/2", "/files/", "/files/a/b.txt",
                "/price/3", "/price/3.25", "/price/3.", "/price/.5", "/items/" + str(uuid.uuid4()),
                "/items/" + uuid.uuid4().hex.upper(), "/items/123", "/a.b/x/c+d", "/aXb/x/c+d", "/x-7", "/x-y"]  # fmt: skip


@pytest.mark.parametrize("template", [row[0] for row in COMPILE_TABLE])
def test_compile_path_matches_what_starlettes_matches(template: str) -> None:
    ours, _, ours_convertors = compile_path(template)
    theirs, _, theirs_convertors = starlette.routing.compile_path(template)
    for path in SAMPLE_PATHS:
        mine, reference = ours.match(path), theirs.match(path)
        assert (mine is None) == (reference is None), path
        if mine and reference:
            assert {k: ours_convertors[k].convert(v) for k, v in mine.groupdict().items()} == {
                k: theirs_convertors[k].convert(v) for k, v in reference.groupdict().items() if k in theirs_convertors
            }


def test_compile_path_rejects_unknown_convertors_and_duplicate_names() -> None:
    with pytest.raises(ValueError, match="Unknown path convertor 'date'"):
        compile_path("/{day:date}")
    with pytest.raises(ValueError, match="Duplicated param name id"):
        compile_path("/{id}/{id:int}")


@pytest.mark.parametrize(
    ("convertor", "value", "text"),
    [(IntegerConvertor(), 7, "7"), (FloatConvertor(), 2.5, "2.5"), (FloatConvertor(), 1e-5, "0.00001"), (StringConvertor(), "ab", "ab")],
)
def test_convertors_round_trip(convertor: Any, value: Any, text: str) -> None:
    assert convertor.to_string(value) == text
    assert convertor.convert(text) == value


@pytest.mark.parametrize(("convertor", "value"), [(IntegerConvertor(), -1), (FloatConvertor(), float("nan")), (StringConvertor(), "a/b")])
def test_convertors_refuse_values_they_could_not_match_back(convertor: Any, value: Any) -> None:
    with pytest.raises(ValueError):
        convertor.to_string(value)


# -- matches: NONE / PARTIAL / FULL ----------------------------------------------------------


async def hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("hello")


def test_route_matches_full_partial_none() -> None:
    route = Route("/users/{id:int}", hello, methods=["GET", "POST"])
    match, child = route.matches(http_scope("GET", "/users/7"))
    assert match is Match.FULL and child == {"endpoint": hello, "path_params": {"id": 7}}
    assert route.matches(http_scope("HEAD", "/users/7"))[0] is Match.FULL  # HEAD rides along with GET
    assert route.matches(http_scope("DELETE", "/users/7"))[0] is Match.PARTIAL
    assert route.matches(http_scope("GET", "/users/x")) == (Match.NONE, {})
    assert route.matches({"type": "lifespan"}) == (Match.NONE, {})


def test_function_endpoints_default_to_get_and_asgi_endpoints_take_every_method() -> None:
    class Asgi:
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            await PlainTextResponse(scope["method"])(scope, receive, send)

    assert Route("/", hello).methods == {"GET", "HEAD"}
    assert Route("/", Asgi()).methods is None
    assert Route("/", Asgi()).matches(http_scope("PATCH", "/"))[0] is Match.FULL
    assert call(Route("/", Asgi()), "PATCH", "/").body == b"PATCH"


def test_routes_must_start_with_a_slash() -> None:
    with pytest.raises(ValueError, match="must start with '/'"):
        Route("users", hello)


# -- url_path_for ------------------------------------------------------------------------------

ROUND_TRIPS = [
    ("/s/{v}", "hello", "/s/hello"),
    ("/i/{v:int}", 42, "/i/42"),
    ("/f/{v:float}", 2.75, "/f/2.75"),
    ("/p/{v:path}", "a/b/c.txt", "/p/a/b/c.txt"),
    ("/u/{v:uuid}", uuid.UUID("12345678-1234-5678-1234-567812345678"), "/u/12345678-1234-5678-1234-567812345678"),
]


@pytest.mark.parametrize(("template", "value", "path"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_url_path_for_round_trips_through_matches(template: str, value: Any, path: str) -> None:
    router = Router([Route(template, hello, name="target")])
    built = router.url_path_for("target", v=value)
    assert built == path
    match, child = router.routes[0].matches(http_scope("GET", built))
    assert match is Match.FULL and child["path_params"] == {"v": value}


def test_url_path_for_needs_the_right_name_and_parameters() -> None:
    router = Router([Route("/users/{id:int}", hello)])  # the name defaults to the function's
    assert router.url_path_for("hello", id=1) == "/users/1"
    for name, params in [("other", {"id": 1}), ("hello", {}), ("hello", {"id": 1, "x": 2})]:
        with pytest.raises(NoMatchFound, match=f'"{name}"'):
            router.url_path_for(name, **params)


def test_url_path_for_through_mounts() -> None:
    api = Mount("/api/{version}", name="api", routes=[Route("/items/{id:int}", hello, name="item")])
    router = Router([api, Mount("/static", app=PlainTextResponse("static"), name="static")])
    assert router.url_path_for("api:item", version="v1", id=3) == "/api/v1/items/3"
    assert router.url_path_for("static", path="/css/site.css") == "/static/css/site.css"
    with pytest.raises(NoMatchFound):
        router.url_path_for("api:missing", version="v1")


# -- through a real server: 404, 405, HEAD, redirects, mounts ---------------------------------


async def scope_info(request: Request) -> JSONResponse:
    scope = request.scope
    return JSONResponse({key: scope.get(key) for key in ("path", "root_path", "app_root_path")} | {
        "path_params": {k: str(v) for k, v in request.path_params.items()},
        "url_for": str(request.url_for("api:item", version="v2", id=5)),
    })  # fmt: skip


async def raw_asgi(scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"path": scope["path"], "root_path": scope["root_path"]})(scope, receive, send)


def sync_endpoint(request: Request) -> PlainTextResponse:
    return PlainTextResponse(threading.current_thread().name)


ROUTES = [
    Route("/", hello),
    Route("/items", hello, methods=["POST", "PUT"]),
    Route("/slash/", hello),
    Route("/noslash", hello),
    Route("/thread", sync_endpoint),
    Mount("/api/{version}", name="api", routes=[Route("/items/{id:int}", scope_info, name="item")]),
    Mount("/raw", app=raw_asgi),
]


@pytest.fixture(scope="module", params=["Router", "Starlette"])
def server(request: pytest.FixtureRequest) -> Iterator[Running]:
    """The same routes as a bare Router and inside an application (which answers via HTTPException)."""
    app = Router(ROUTES) if request.param == "Router" else Starlette(routes=ROUTES)
    with running_ours(app) as running:
        yield running


def get(server: Running, path: str, method: str = "GET") -> requests.Response:
    return requests.request(method, server.url(path), allow_redirects=False, timeout=TIMEOUT)


def test_404_when_no_path_matches(server: Running) -> None:
    response = get(server, "/missing")
    assert (response.status_code, response.text) == (404, "Not Found")


def test_405_with_allow_when_only_the_method_is_wrong(server: Running) -> None:
    response = get(server, "/items")
    assert (response.status_code, response.text, response.headers["allow"]) == (405, "Method Not Allowed", "POST, PUT")
    assert get(server, "/", "POST").headers["allow"] == "GET, HEAD"
    assert get(server, "/items", "PUT").status_code == 200


def test_head_is_answered_wherever_get_is(server: Running) -> None:
    head, full = get(server, "/", "HEAD"), get(server, "/")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == full.headers["content-length"] == "5"


@pytest.mark.parametrize(("path", "location"), [("/slash", "/slash/"), ("/noslash/", "/noslash"), ("/noslash/?q=1", "/noslash?q=1")])
def test_trailing_slash_redirects_to_the_path_that_matches(server: Running, path: str, location: str) -> None:
    response = get(server, path)
    assert response.status_code == 307
    assert response.headers["location"] == server.url(location)


def test_no_redirect_when_neither_form_matches(server: Running) -> None:
    assert get(server, "/nothing/").status_code == 404


def test_sync_endpoints_run_in_a_worker_thread(server: Running) -> None:
    assert get(server, "/thread").text != threading.main_thread().name


def test_mount_extends_root_path_and_merges_path_params(server: Running) -> None:
    info = get(server, "/api/v1/items/7").json()
    assert info == {
        "path": "/api/v1/items/7",  # the full path, as the ASGI spec and Starlette >= 0.33 have it
        "root_path": "/api/v1",
        "app_root_path": "",
        "path_params": {"version": "v1", "id": "7"},
        "url_for": server.url("/api/v2/items/5"),
    }
    assert get(server, "/raw/x/y").json() == {"path": "/raw/x/y", "root_path": "/raw"}
    assert get(server, "/api/v1/items/x").status_code == 404


def test_mount_under_a_server_root_path() -> None:
    """A proxy prefix (the server's ``root_path``) and a mount prefix add up.

    The proxy strips ``/proxy`` before passing the request on; the server puts it back in
    ``path`` and ``root_path`` (as uvicorn does), so URLs built by the app include it.
    """
    with running_ours(Router(ROUTES), root_path="/proxy") as running:
        info = get(running, "/api/v1/items/7").json()
        raw = get(running, "/raw/z").json()
    assert (info["root_path"], info["app_root_path"]) == ("/proxy/api/v1", "/proxy")
    assert info["url_for"] == running.url("/proxy/api/v2/items/5")
    assert raw == {"path": "/proxy/raw/z", "root_path": "/proxy/raw"}


def test_router_default_app_answers_when_nothing_matches() -> None:
    router = Router([Route("/", hello)], default=PlainTextResponse("fallback", status_code=418))
    sent = call(router, "GET", "/elsewhere")
    assert (sent.status, sent.body) == (418, b"fallback")


def test_404_and_405_inside_an_app_go_through_its_exception_handlers() -> None:
    """Raised as HTTPException (as Starlette does), so a status handler can answer them."""

    async def custom(request: Request, exc: Exception) -> PlainTextResponse:
        return PlainTextResponse(f"custom {exc.status_code}", status_code=exc.status_code, headers=exc.headers)  # type: ignore[attr-defined]

    app = Starlette(routes=[Route("/", hello)], exception_handlers={404: custom, 405: custom})
    not_allowed, missing = call(app, "POST", "/"), call(app, "GET", "/missing")
    assert (not_allowed.status, not_allowed.body, not_allowed.headers["allow"]) == (405, b"custom 405", "GET, HEAD")
    assert (missing.status, missing.body) == (404, b"custom 404")
