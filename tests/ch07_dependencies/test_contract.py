"""Chapter 07's contract: ``Depends``, and a ``FastAPI`` whose routes solve dependencies.

Run against the reference by default, and against yours with
``pytest tests/ch07_dependencies --impl my_dependencies`` (see README.md, "Build it yourself:
the contract"). No server: each test builds a small app on the implementation's ``FastAPI``
and ``Depends`` and calls it as an ASGI app; a failure shows the app, each request sent, what
came back and, where it matters, the log the dependencies kept. The last test runs the same
contract tests on real FastAPI, so the contract asks for nothing FastAPI doesn't do.

No ``from __future__ import annotations`` here: the dependencies below are defined inside
functions, and ``Annotated[..., Depends(local_function)]`` must be a real object, not a
string naming a local.
"""

import json
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pytest

from tests.workshop import Transcript

pytestmark = pytest.mark.timeout(15)

JSON = [(b"content-type", b"application/json")]
#: The tokens the apps below know, and whose they are.
USERS = {"alice-token": "alice", "bob-token": "bob"}


def ask(transcript: Transcript, app: Any, path: str, method: str = "GET") -> tuple[int | None, Any]:
    """One request to ``app``; its status, and its body parsed as JSON."""
    sent = transcript.asgi(app, method, path)
    try:
        return sent.status, json.loads(sent.body)
    except ValueError:
        pytest.fail(f"the body is not JSON: {sent.body!r}", pytrace=False)


def logging_sends(app: Any, log: list[str]) -> Any:
    """``app``, wrapped so that every ASGI message it sends is also written in ``log``: the
    dependencies write in the same list, so the log shows what ran before what was sent."""

    async def wrapper(scope: Any, receive: Any, send: Any) -> None:
        async def send_and_log(message: Any) -> None:
            log.append(f"sent {message['type']}")
            await send(message)

        await app(scope, receive, send_and_log)

    return wrapper


def build(transcript: Transcript, description: str, builder: Any, impl: ModuleType) -> Any:
    transcript.note(f"the app: {description}")
    return transcript.call(builder, impl)


# -- values, sub-dependencies, classes -------------------------------------------------------


def greeting_app(impl: ModuleType) -> Any:
    app = impl.FastAPI()

    def name_of(name: str = "world") -> str:
        return name.title()

    def greeting(name: Annotated[str, impl.Depends(name_of)], punctuation: str = "!") -> str:
        return f"Hello, {name}{punctuation}"

    def loud(text: Annotated[str, impl.Depends(greeting)], times: int = 1) -> str:
        return text.upper() * times

    @app.get("/names")
    def names(
        annotated: Annotated[str, impl.Depends(name_of)], default: str = impl.Depends(name_of)
    ) -> Any:
        return {"annotated": annotated, "default": default}

    @app.get("/loud/{word}")
    async def shout(word: str, text: Annotated[str, impl.Depends(loud)]) -> Any:
        return {"word": word, "text": text}

    return app


GREETING = (
    "name_of(name: str = 'world') -> name.title();"
    " greeting(name = Depends(name_of), punctuation: str = '!') -> f'Hello, {name}{punctuation}';"
    " loud(text = Depends(greeting), times: int = 1) -> text.upper() * times\n"
    "  GET /names -> names(annotated: Annotated[str, Depends(name_of)],"
    " default: str = Depends(name_of))\n"
    "  GET /loud/{word} -> async shout(word: str, text: Annotated[str, Depends(loud)])"
)


def test_depends_passes_what_the_dependency_returned(
    impl: ModuleType, transcript: Transcript
) -> None:
    app = build(transcript, GREETING, greeting_app, impl)
    assert ask(transcript, app, "/names?name=ada") == (
        200,
        {"annotated": "Ada", "default": "Ada"},
    ), "Annotated[str, Depends(f)] and '= Depends(f)' both get f's return value"


def test_dependencies_have_dependencies_and_read_the_request(
    impl: ModuleType, transcript: Transcript
) -> None:
    app = build(transcript, GREETING, greeting_app, impl)
    status, data = ask(transcript, app, "/loud/hi?name=bo&punctuation=?&times=2")
    assert (status, data) == (200, {"word": "hi", "text": "HELLO, BO?HELLO, BO?"}), (
        "shout -> loud -> greeting -> name_of, each reading its own query parameters"
    )
    assert ask(transcript, app, "/loud/hi") == (200, {"word": "hi", "text": "HELLO, WORLD!"})


class Pagination:
    """A class is a callable too: ``Depends(Pagination)`` calls ``Pagination(offset, limit)``."""

    def __init__(self, offset: int = 0, limit: int = 10) -> None:
        self.offset, self.limit = offset, limit


def pages_app(impl: ModuleType) -> Any:
    app, calls = impl.FastAPI(), []  # the endpoint notes each call: none on a 422

    @app.get("/teas")
    def list_teas(
        page: Annotated[Pagination, impl.Depends(Pagination)], strong: bool = False
    ) -> Any:
        calls.append("list_teas")
        return {"offset": page.offset, "limit": page.limit, "strong": strong}

    return app, calls


PAGES = (
    "class Pagination: __init__(self, offset: int = 0, limit: int = 10)\n"
    "  GET /teas -> list_teas(page: Annotated[Pagination, Depends(Pagination)],"
    " strong: bool = False): returns {'offset', 'limit', 'strong'}"
)


def test_a_class_is_a_dependency(impl: ModuleType, transcript: Transcript) -> None:
    app, _ = build(transcript, PAGES, pages_app, impl)
    assert ask(transcript, app, "/teas?offset=20&limit=5&strong=yes") == (
        200,
        {"offset": 20, "limit": 5, "strong": True},
    ), "Depends(Pagination) reads __init__'s parameters and passes the instance"
    assert ask(transcript, app, "/teas") == (200, {"offset": 0, "limit": 10, "strong": False})


def test_a_dependencys_errors_join_the_endpoints_in_one_422(
    impl: ModuleType, transcript: Transcript
) -> None:
    app, calls = build(transcript, PAGES, pages_app, impl)
    status, data = ask(transcript, app, "/teas?offset=x&limit=y&strong=maybe")
    assert status == 422
    locs = [error.get("loc") for error in data.get("detail", [])]
    assert locs == [["query", "offset"], ["query", "limit"], ["query", "strong"]], (
        "every error in one list: the dependencies' parameters first, then the endpoint's"
    )
    assert transcript.read("endpoint calls", lambda: calls) == [], (
        "with invalid parameters the endpoint is not called"
    )


# -- the cache --------------------------------------------------------------------------------


def counting_app(impl: ModuleType) -> Any:
    app, calls = impl.FastAPI(), []

    def request_number() -> int:
        calls.append("request_number")
        return len(calls)

    def tag(number: Annotated[int, impl.Depends(request_number)]) -> str:
        return f"#{number}"

    @app.get("/cached")
    def cached(
        number: Annotated[int, impl.Depends(request_number)],
        tag: Annotated[str, impl.Depends(tag)],
    ) -> Any:
        return {"number": number, "tag": tag}

    @app.get("/fresh")
    def fresh(
        number: Annotated[int, impl.Depends(request_number)],
        again: Annotated[int, impl.Depends(request_number, use_cache=False)],
    ) -> Any:
        return {"number": number, "again": again}

    return app


COUNTING = (
    "request_number() appends to a list of calls and returns how many calls so far;"
    " tag(number = Depends(request_number)) -> f'#{number}'\n"
    "  GET /cached -> cached(number = Depends(request_number), tag = Depends(tag))\n"
    "  GET /fresh -> fresh(number = Depends(request_number),"
    " again = Depends(request_number, use_cache=False))"
)


def test_a_dependency_runs_once_per_request(impl: ModuleType, transcript: Transcript) -> None:
    app = build(transcript, COUNTING, counting_app, impl)
    assert ask(transcript, app, "/cached") == (200, {"number": 1, "tag": "#1"}), (
        "asked for twice in one request (by the endpoint and by tag), called once"
    )
    assert ask(transcript, app, "/cached") == (200, {"number": 2, "tag": "#2"}), (
        "the cache lasts one request: the next request calls it again"
    )


def test_use_cache_false_calls_it_again(impl: ModuleType, transcript: Transcript) -> None:
    app = build(transcript, COUNTING, counting_app, impl)
    assert ask(transcript, app, "/fresh") == (200, {"number": 1, "again": 2})


# -- HTTPException, guards, overrides ---------------------------------------------------------


def guarded_app(impl: ModuleType) -> Any:
    calls: list[str] = []

    def count_request() -> None:
        calls.append("count_request")

    app = impl.FastAPI(dependencies=[impl.Depends(count_request)])

    def current_user(token: str | None = None) -> str:
        if token not in USERS:
            raise impl.HTTPException(status_code=401, detail="Not authenticated")
        return USERS[token]

    def require_alice(user: Annotated[str, impl.Depends(current_user)]) -> str:
        if user != "alice":
            raise impl.HTTPException(status_code=403, detail="Only alice")
        return user

    @app.get("/me")
    def read_me(user: Annotated[str, impl.Depends(current_user)]) -> Any:
        calls.append("read_me")
        return {"user": user}

    @app.post("/reset", status_code=202, dependencies=[impl.Depends(require_alice)])
    def reset() -> Any:
        calls.append("reset")
        return {"reset": True}

    return app, calls


GUARDED = (
    "FastAPI(dependencies=[Depends(count_request)]), count_request() notes each call;"
    " current_user(token: str | None = None): 401 unless the token is known;"
    " require_alice(user = Depends(current_user)): 403 unless alice\n"
    "  GET /me -> read_me(user = Depends(current_user))\n"
    "  POST /reset (status_code=202, dependencies=[Depends(require_alice)]) -> reset()"
)


def test_an_http_exception_in_a_dependency_is_the_answer(
    impl: ModuleType, transcript: Transcript
) -> None:
    app, calls = build(transcript, GUARDED, guarded_app, impl)
    assert ask(transcript, app, "/me?token=bob-token") == (200, {"user": "bob"})
    assert ask(transcript, app, "/me?token=nobody") == (401, {"detail": "Not authenticated"})
    calls = transcript.read("calls", lambda: calls)
    assert calls == ["count_request", "read_me", "count_request"], (
        "the app's dependencies run on every request; after a 401 the endpoint does not run"
    )


def test_guards_run_before_the_endpoint_and_pass_nothing(
    impl: ModuleType, transcript: Transcript
) -> None:
    app, calls = build(transcript, GUARDED, guarded_app, impl)
    assert ask(transcript, app, "/reset", "POST") == (401, {"detail": "Not authenticated"})
    assert ask(transcript, app, "/reset?token=bob-token", "POST") == (
        403,
        {"detail": "Only alice"},
    )
    assert ask(transcript, app, "/reset?token=alice-token", "POST") == (202, {"reset": True})
    calls = transcript.read("calls", lambda: calls)
    assert calls.count("reset") == 1, "refused twice by the route's guard, then called once"


def overridden_app(impl: ModuleType) -> Any:
    app = impl.FastAPI()

    def get_database() -> str:
        return "production.db"

    def get_db(database: Annotated[str, impl.Depends(get_database)]) -> str:
        return f"connection to {database}"

    @app.get("/where")
    def where(db: Annotated[str, impl.Depends(get_db)]) -> Any:
        return {"db": db}

    return app, get_database


OVERRIDDEN = (
    "get_database() -> 'production.db';"
    " get_db(database = Depends(get_database)) -> f'connection to {database}'\n"
    "  GET /where -> where(db = Depends(get_db))"
)


def test_dependency_overrides_replace_a_dependency_everywhere(
    impl: ModuleType, transcript: Transcript
) -> None:
    app, get_database = build(transcript, OVERRIDDEN, overridden_app, impl)
    assert ask(transcript, app, "/where") == (200, {"db": "connection to production.db"})

    def test_database(name: str = "test.db") -> str:
        return name

    transcript.note(
        "then app.dependency_overrides[get_database] = test_database(name: str = 'test.db')"
    )
    app.dependency_overrides[get_database] = test_database
    assert ask(transcript, app, "/where?name=tmp.db") == (200, {"db": "connection to tmp.db"}), (
        "get_db's own dependency is replaced too, and the replacement's parameters are read"
    )
    transcript.note("then app.dependency_overrides.clear()")
    app.dependency_overrides.clear()
    assert ask(transcript, app, "/where") == (200, {"db": "connection to production.db"})


# -- yield: teardown --------------------------------------------------------------------------


def yielding_app(impl: ModuleType) -> tuple[Any, list[str]]:
    log: list[str] = []
    app = impl.FastAPI()

    async def outer() -> AsyncIterator[str]:
        log.append("outer: setup")
        try:
            yield "outer"
        finally:
            log.append("outer: teardown")

    def inner(value: Annotated[str, impl.Depends(outer)]) -> Iterator[str]:
        log.append("inner: setup")
        try:
            yield f"{value} > inner"
        except Exception as error:
            log.append(f"inner: saw {type(error).__name__}")
            raise
        finally:
            log.append("inner: teardown")

    @app.get("/ok")
    async def ok(value: Annotated[str, impl.Depends(inner)]) -> Any:
        log.append("endpoint")
        return {"value": value}

    @app.get("/conflict")
    async def conflict(value: Annotated[str, impl.Depends(inner)]) -> Any:
        log.append("endpoint raises")
        raise impl.HTTPException(status_code=409, detail="Conflict")

    return logging_sends(app, log), log


YIELDING = (
    "async outer(): setup, yield 'outer', teardown in finally;"
    " def inner(value = Depends(outer)): setup, yield f'{value} > inner', an exception"
    " noted ('inner: saw ...') and re-raised, teardown in finally\n"
    "  GET /ok -> async ok(value = Depends(inner)): returns {'value': value}\n"
    "  GET /conflict -> async conflict(value = Depends(inner)): raises HTTPException(409)\n"
    "  the log also notes every ASGI message the app sends ('sent ...')"
)


def test_teardown_runs_after_the_response_in_reverse_order(
    impl: ModuleType, transcript: Transcript
) -> None:
    app, log = build(transcript, YIELDING, yielding_app, impl)
    assert ask(transcript, app, "/ok") == (200, {"value": "outer > inner"})
    assert transcript.read("the log", lambda: log) == [
        "outer: setup",
        "inner: setup",
        "endpoint",
        "sent http.response.start",
        "sent http.response.body",
        "inner: teardown",
        "outer: teardown",
    ], "the code after yield runs once the response is sent, last set up first torn down"


def test_teardown_sees_the_endpoints_exception(impl: ModuleType, transcript: Transcript) -> None:
    app, log = build(transcript, YIELDING, yielding_app, impl)
    assert ask(transcript, app, "/conflict") == (409, {"detail": "Conflict"})
    torn_down = [entry for entry in transcript.read("the log", lambda: log) if ":" in entry]
    assert torn_down == [
        "outer: setup",
        "inner: setup",
        "inner: saw HTTPException",
        "inner: teardown",
        "outer: teardown",
    ], "the endpoint's exception is thrown in at the yield (where a database rolls back)"


# -- the contract asks for nothing FastAPI doesn't do -----------------------------------------

REAL = "from fastapi import Depends, FastAPI, HTTPException\n"


@pytest.mark.timeout(120)
def test_fastapi_meets_the_same_contract(tmp_path: Path) -> None:
    """The harness, run as a learner runs it, on a module that re-exports the real thing."""
    (tmp_path / "real_fastapi.py").write_text(REAL)
    command = [sys.executable, "-m", "pytest", __file__, "--impl", "real_fastapi", "-q"]
    command += ["-p", "no:cacheprovider", "-p", "no:hypothesispytest", "--color=no"]
    run = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=100, check=False
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "11 passed" in output and "failed" not in output, output
    assert "--impl real_fastapi" in output, output
