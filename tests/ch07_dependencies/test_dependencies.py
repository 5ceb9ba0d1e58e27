"""Analysis: the dependency graph is built once, at registration, and misuse fails there."""

import warnings
from typing import Annotated, Any

import pytest

from chapters.ch07_dependencies import (
    APIRoute,
    Body,
    Depends,
    FastAPI,
    Header,
    InvalidParameterError,
    Query,
    Request,
)
from chapters.ch07_dependencies.dependencies import (
    DependencyAnalyzer,
    DependencyCycleError,
    DependencyParam,
    call_kind,
)
from chapters.ch07_dependencies.params import Depends as DependsClass


def get_db() -> str:
    return "db"


def current_user(db: Annotated[str, Depends(get_db)], token: Annotated[str, Header()]) -> str:
    return token


class Pagination:
    def __init__(self, offset: int = 0, limit: Annotated[int, Query(le=100)] = 10) -> None:
        self.offset, self.limit = offset, limit


def endpoint(
    page: Annotated[Pagination, Depends()],
    user: Annotated[str, Depends(current_user)],
    db: Annotated[str, Depends(get_db, use_cache=False)],
    q: str | None = None,
) -> None: ...


def test_the_graph_holds_every_dependency_to_any_depth() -> None:
    root = DependencyAnalyzer().analyze(endpoint)
    assert [(p.name, p.source) for p in root.params] == [
        ("page", "dependency"),
        ("user", "dependency"),
        ("db", "dependency"),
        ("q", "query"),
    ]
    page, user, db = root.dependencies
    assert isinstance(page, DependencyParam) and page.call is Pagination  # from the annotation
    assert [(p.name, p.source) for p in page.dependant.params] == [  # type: ignore[union-attr]
        ("offset", "query"),
        ("limit", "query"),
    ]
    assert [p.call for p in user.dependant.dependencies] == [get_db]  # type: ignore[union-attr]
    assert (db.use_cache, user.use_cache) == (False, True)


def test_a_callable_met_twice_is_one_node() -> None:
    root = DependencyAnalyzer().analyze(endpoint)
    _, user, db = root.dependencies
    assert user.dependant.dependencies[0].dependant is db.dependant  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (get_db, "sync"),
        (Pagination, "sync"),
        (lambda: None, "sync"),
    ],
)
def test_call_kind_of_plain_callables(call: Any, kind: str) -> None:
    assert call_kind(call) == kind


def test_call_kind_of_generators_coroutines_and_instances() -> None:
    async def coroutine() -> None: ...

    def generator() -> Any:
        yield 1

    async def async_generator() -> Any:
        yield 1

    class AsyncInstance:
        async def __call__(self) -> None: ...

    class GeneratorInstance:
        def __call__(self) -> Any:
            yield 1

    assert [
        call_kind(c)
        for c in (coroutine, generator, async_generator, AsyncInstance(), GeneratorInstance())
    ] == ["async", "generator", "async_generator", "async", "generator"]


def test_a_cycle_is_reported_at_registration_naming_it() -> None:
    def first(value: Any = None) -> None: ...

    def second(value: Annotated[None, Depends(first)]) -> None: ...

    def third(value: Annotated[None, Depends(second)]) -> None: ...

    first.__defaults__ = (DependsClass(third),)  # close the loop: first -> third -> second -> first
    app = FastAPI()
    with pytest.raises(DependencyCycleError, match=r"third -> second -> first -> third"):

        @app.get("/")
        def read(value: Annotated[None, Depends(third)]) -> None: ...


def test_a_dependency_on_itself_is_a_cycle() -> None:
    def selfish(value: Any = None) -> None: ...

    selfish.__defaults__ = (DependsClass(selfish),)
    with pytest.raises(DependencyCycleError, match=r"selfish -> selfish$"):
        APIRoute("/", selfish)


def test_a_guard_cycle_is_reported_too() -> None:
    def guard(value: Any = None) -> None: ...

    guard.__defaults__ = (DependsClass(guard),)
    with pytest.raises(DependencyCycleError):
        APIRoute("/", get_db, dependencies=[DependsClass(guard)])


def test_a_bad_parameter_deep_down_names_the_path_to_it() -> None:
    def broken(value: Annotated[int, Query(3)]) -> None: ...  # a default inside Annotated

    def middle(b: Annotated[None, Depends(broken)]) -> None: ...

    def read(m: Annotated[None, Depends(middle)]) -> None: ...

    with pytest.raises(InvalidParameterError) as caught:
        APIRoute("/", read)
    message = str(caught.value)
    assert "parameter 'm'" in message and "middle(), parameter 'b'" in message
    assert "broken(), parameter 'value'" in message and "default value" in message


def test_depends_without_a_callable_needs_a_class() -> None:
    def read(thing: Annotated[Any, Depends()]) -> None: ...

    with pytest.raises(InvalidParameterError, match="needs a class annotation"):
        APIRoute("/", read)


def test_depends_and_another_marker_together_are_refused() -> None:
    def read(value: Annotated[int, Query()] = DependsClass(get_db)) -> None: ...

    def other_way(value: Annotated[int, Depends(get_db)] = Query(3)) -> None: ...

    for endpoint in (read, other_way):
        with pytest.raises(InvalidParameterError, match="both in `Annotated` and as the default"):
            APIRoute("/", endpoint)


def test_guards_must_be_depends() -> None:
    with pytest.raises(InvalidParameterError, match=r"dependencies=\[...\] takes Depends"):
        APIRoute("/", get_db, dependencies=[get_db])


def test_a_class_dependency_reads_its_init_hints() -> None:
    class Page:
        def __init__(self, size: Annotated[int, Query(alias="page-size")] = 5) -> None:
            self.size = size

    root = DependencyAnalyzer().analyze(Page)
    (size,) = root.params
    assert (size.source, size.alias, size.annotation) == ("query", "page-size", int)


def test_request_in_a_dependency_is_the_request() -> None:
    def path_of(request: Request) -> str:
        return request.url.path

    root = DependencyAnalyzer().analyze(path_of)
    assert [(p.name, p.source) for p in root.params] == [("request", "request")]


# -- flattening, for the OpenAPI document: compared with FastAPI's own -------------------------


def nested_app(framework: Any) -> Any:
    """One app, built with either framework's names (a module or our package)."""
    depends, query, header, cookie, path, body = (
        framework.Depends,
        framework.Query,
        framework.Header,
        framework.Cookie,
        framework.Path,
        framework.Body,
    )

    def token(x_token: Annotated[str, header()], limit: Annotated[int, query()] = 1) -> str:
        return x_token

    def user(
        item_id: Annotated[int, path()],
        t: Annotated[str, depends(token)],
        session: Annotated[str | None, cookie()] = None,
    ) -> str:
        return t

    def audit(note: Annotated[str, body()], t: Annotated[str, depends(token)]) -> None: ...

    app = framework.FastAPI(dependencies=[depends(audit)])

    @app.post("/items/{item_id}")
    def update(
        u: Annotated[str, depends(user)],
        q: str | None = None,
        importance: Annotated[int, body()] = 1,
        again: Annotated[str, depends(token, use_cache=False)] = "",
    ) -> None: ...

    return app


def test_flat_params_follow_fastapi_order() -> None:
    import chapters.ch07_dependencies as ours

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import fastapi
        from fastapi.dependencies.utils import _get_flat_body_params, get_flat_params

    theirs_route = next(
        r for r in nested_app(fastapi).routes if getattr(r, "path", "") == "/items/{item_id}"
    )
    our_route = next(r for r in nested_app(ours).router.routes if r.path == "/items/{item_id}")
    expected = [(f.field_info.in_.value, f.name) for f in get_flat_params(theirs_route.dependant)]
    assert [(p.source, p.name) for p in our_route.flat_params()] == expected
    assert expected == [
        ("path", "item_id"),
        ("query", "q"),
        ("query", "limit"),
        ("header", "x_token"),
        ("cookie", "session"),
    ]
    body = [f.name for f in _get_flat_body_params(theirs_route.dependant)]
    assert [p.name for p in our_route.body_params()] == body == ["importance", "note"]
    assert our_route.spec.embed_body is True  # two names: each is a key of the body


def test_a_body_read_by_two_dependencies_is_still_the_whole_body() -> None:
    def first(item: Annotated[dict[str, int], Body()]) -> None: ...

    def second(item: Annotated[dict[str, int], Body()]) -> None: ...

    def both(a: Annotated[None, Depends(first)], b: Annotated[None, Depends(second)]) -> None: ...

    route = APIRoute("/", both, methods=["POST"])
    assert [p.name for p in route.body_params()] == ["item", "item"]
    assert route.spec.embed_body is False
