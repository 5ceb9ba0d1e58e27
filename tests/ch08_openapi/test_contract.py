"""Chapter 08's contract: ``app.openapi()``, ``GET /openapi.json`` and ``GET /docs``.

Run against the reference by default, and against yours with
``pytest tests/ch08_openapi --impl my_openapi`` (see README.md, "Build it yourself: the
contract"). Each test builds one small shop on the implementation's ``FastAPI``,
``BaseModel`` and ``Depends``, asks it for its document, and checks one part of it; a failure
shows the app, the call, and the part of the document the test looked at (or where it
stopped finding one). The document is also checked whole by ``openapi-spec-validator``. The
last test runs the same contract tests on real FastAPI and pydantic, so the contract asks
for nothing they don't do.

No ``from __future__ import annotations`` here: the models and endpoints below are defined
inside functions, and their annotations must be real objects, not strings naming locals.
"""

# Models use mutable class defaults as models do: the rule against those does not apply.
# ruff: noqa: RUF012

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pytest

from tests.workshop import Transcript

pytestmark = pytest.mark.timeout(15)


def make_shop(impl: ModuleType) -> Any:
    """The app under test, built on the implementation's ``FastAPI``, ``BaseModel``, ``Depends``."""
    base: Any = impl.BaseModel

    class Tag(base):
        name: str

    class Item(base):
        name: str
        price: float
        tags: list[Tag] = []
        note: str | None = None

    app = impl.FastAPI(title="Shop", version="1.2.0")

    def pagination(offset: int = 0, limit: int = 10) -> dict[str, int]:
        return {"offset": offset, "limit": limit}

    @app.get("/items")
    def list_items(page: Annotated[dict, impl.Depends(pagination)], q: str | None = None) -> Any:
        return []

    @app.post("/items", status_code=201, response_model=Item)
    def create_item(item: Item) -> Any:
        """Add an item to the shop."""
        return item

    @app.get("/items/{item_id}", response_model=Item)
    async def read_item(item_id: int, full: bool = False) -> Any:
        return {"name": "Tea", "price": 2.5}

    @app.get("/ping")
    def ping() -> Any:
        return {"pong": True}

    return app


SHOP = (
    "the app: FastAPI(title='Shop', version='1.2.0');"
    " Tag(name: str); Item(name: str, price: float, tags: list[Tag] = [], note: str | None = None);"
    " pagination(offset: int = 0, limit: int = 10)\n"
    "  GET /items -> list_items(page = Depends(pagination), q: str | None = None)\n"
    "  POST /items (status_code=201, response_model=Item) -> create_item(item: Item),"
    " docstring 'Add an item to the shop.'\n"
    "  GET /items/{item_id} (response_model=Item) -> async read_item(item_id: int,"
    " full: bool = False)\n"
    "  GET /ping -> ping()"
)


def shop(impl: ModuleType, transcript: Transcript) -> Any:
    transcript.note(SHOP)
    return transcript.call(make_shop, impl)


def document_of(impl: ModuleType, transcript: Transcript) -> dict[str, Any]:
    app = shop(impl, transcript)
    document = transcript.call(app.openapi)
    assert isinstance(document, dict), "app.openapi() returns the document as a dict"
    return document


def part(transcript: Transcript, document: dict[str, Any], *keys: str, brief: bool = False) -> Any:
    """``document[keys[0]][keys[1]]...``, noted (``brief``: only its keys); a missing key
    fails, saying what is there."""
    found: Any = document
    for depth, key in enumerate(keys):
        if not isinstance(found, dict) or key not in found:
            where = " → ".join(keys[:depth]) or "the document"
            there = sorted(found) if isinstance(found, dict) else found
            transcript.note(f"{where} holds", there)
            pytest.fail(f"{where} has no {key!r}", pytrace=False)
        found = found[key]
    shown = sorted(found) if brief and isinstance(found, dict) else found
    transcript.note(" → ".join(keys) + (" (the keys)" if brief else ""), shown)
    return found


def matches(found: Any, expected: Any) -> bool:
    """``expected``'s keys are in ``found`` with matching values (more keys are fine: a
    ``title`` FastAPI adds, say); lists match item by item."""
    if isinstance(expected, dict):
        return isinstance(found, dict) and all(
            key in found and matches(found[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(found, list)
            and len(found) == len(expected)
            and all(matches(f, e) for f, e in zip(found, expected, strict=True))
        )
    return bool(found == expected and type(found) is type(expected))


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


# -- the document -----------------------------------------------------------------------------


@pytest.mark.timeout(60)  # importing the validator takes seconds, more on a busy machine
def test_the_document_is_valid_openapi_3_1(impl: ModuleType, transcript: Transcript) -> None:
    # Imported here, for this test alone: a learner's other failures show at once.
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    document = document_of(impl, transcript)
    assert str(part(transcript, document, "openapi")).startswith("3.1."), "OpenAPI 3.1"
    assert part(transcript, document, "info") == {"title": "Shop", "version": "1.2.0"}
    problem = None
    try:
        validate(document)
    except OpenAPIValidationError as error:
        problem = f"not a valid OpenAPI document: {error.message} (at {error.json_path})"
    except Exception as error:  # noqa: BLE001 (a $ref to nowhere, say: the learner must see it)
        problem = f"the validator could not follow the document: {type(error).__name__}: {error}"
    if problem is not None:  # out of the except block: the validator's traceback says nothing
        transcript.note("openapi-spec-validator", problem[:300], raw=True)
        pytest.fail(problem[:300], pytrace=False)


def test_each_route_and_method_is_an_operation(impl: ModuleType, transcript: Transcript) -> None:
    paths = part(transcript, document_of(impl, transcript), "paths")
    found = {path: sorted(item) for path, item in paths.items()}
    assert found == {"/items": ["get", "post"], "/items/{item_id}": ["get"], "/ping": ["get"]}, (
        "one path item per route path, one operation per method, and no /openapi.json or "
        "/docs: they are not part of the API"
    )


def test_operations_are_named_as_fastapi_names_them(
    impl: ModuleType, transcript: Transcript
) -> None:
    document = document_of(impl, transcript)
    read = part(transcript, document, "paths", "/items/{item_id}", "get")
    assert read.get("operationId") == "read_item_items__item_id__get", (
        "operationId: the function's name, the path with every non-word character made _, "
        "the method"
    )
    assert read.get("summary") == "Read Item", "summary: the function's name, title-cased"
    create = part(transcript, document, "paths", "/items", "post")
    assert (create.get("operationId"), create.get("summary")) == (
        "create_item_items_post",
        "Create Item",
    )
    assert create.get("description") == "Add an item to the shop.", "description: the docstring"


def parameters_by_name(
    transcript: Transcript, document: dict[str, Any], path: str
) -> dict[str, Any]:
    parameters = part(transcript, document, "paths", path, "get").get("parameters", [])
    return {parameter.get("name"): parameter for parameter in parameters}


def test_path_and_query_parameters(impl: ModuleType, transcript: Transcript) -> None:
    parameters = parameters_by_name(transcript, document_of(impl, transcript), "/items/{item_id}")
    assert (
        matches(
            parameters,
            {
                "item_id": {"in": "path", "required": True, "schema": {"type": "integer"}},
                "full": {
                    "in": "query",
                    "required": False,
                    "schema": {"type": "boolean", "default": False},
                },
            },
        )
        and len(parameters) == 2
    ), (
        "each parameter has name, in, required and the JSON Schema of its type (with its "
        "default); a path parameter is always required"
    )


def test_a_dependencys_parameters_are_the_operations_too(
    impl: ModuleType, transcript: Transcript
) -> None:
    parameters = parameters_by_name(transcript, document_of(impl, transcript), "/items")
    assert (
        matches(
            parameters,
            {
                "q": {
                    "in": "query",
                    "required": False,
                    "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
                "offset": {"in": "query", "required": False, "schema": {"type": "integer"}},
                "limit": {"in": "query", "required": False, "schema": {"type": "integer"}},
            },
        )
        and len(parameters) == 3
    ), (
        "a client must send offset and limit too: pagination's parameters are listed; "
        "'str | None' is anyOf string or null"
    )


def test_a_body_is_a_reference_to_its_model(impl: ModuleType, transcript: Transcript) -> None:
    document = document_of(impl, transcript)
    body = part(transcript, document, "paths", "/items", "post", "requestBody")
    assert body == {"content": json_content(ref("Item")), "required": True}, (
        "the body's schema is written once, under components/schemas, and referred to by $ref"
    )
    assert "requestBody" not in part(transcript, document, "paths", "/items/{item_id}", "get")


def test_the_components_hold_every_model_reached(impl: ModuleType, transcript: Transcript) -> None:
    document = document_of(impl, transcript)
    part(transcript, document, "components", "schemas", brief=True)
    assert matches(
        part(transcript, document, "components", "schemas", "Item"),
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "price": {"type": "number"},
                "tags": {"type": "array", "items": ref("Tag"), "default": []},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": ["name", "price"],
        },
    ), "Item's JSON Schema: a property per field, the fields without a default required"
    assert matches(
        part(transcript, document, "components", "schemas", "Tag"),
        {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
    ), "Tag is reached through Item.tags: it is a component too, referred to by $ref"


def test_responses_give_the_success_status_and_the_422(
    impl: ModuleType, transcript: Transcript
) -> None:
    document = document_of(impl, transcript)
    responses = part(transcript, document, "paths", "/items", "post", "responses")
    assert sorted(responses) == ["201", "422"], "the success status (status_code=201), and 422"
    assert matches(responses["201"], {"content": json_content(ref("Item"))}), (
        "response_model=Item: the 201's schema is Item's"
    )
    assert matches(responses["422"], {"content": json_content(ref("HTTPValidationError"))})
    for answer in responses.values():
        assert isinstance(answer.get("description"), str), "every response has a description"
    assert matches(
        part(transcript, document, "components", "schemas", "HTTPValidationError"),
        {
            "type": "object",
            "properties": {"detail": {"type": "array", "items": ref("ValidationError")}},
        },
    ), 'the 422 body: {"detail": [ValidationError, ...]}'
    validation_error = part(transcript, document, "components", "schemas", "ValidationError")
    assert matches(validation_error, {"required": ["loc", "msg", "type"]})


def test_an_operation_that_reads_nothing_has_no_422(
    impl: ModuleType, transcript: Transcript
) -> None:
    ping = part(transcript, document_of(impl, transcript), "paths", "/ping", "get")
    assert ping.get("parameters", []) == [] and "requestBody" not in ping
    assert sorted(ping.get("responses", {})) == ["200"], "nothing is validated: no 422 to announce"


def refs_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            yield value["$ref"]
        for item in value.values():
            yield from refs_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from refs_in(item)


def test_every_ref_points_at_a_component(impl: ModuleType, transcript: Transcript) -> None:
    document = document_of(impl, transcript)
    schemas = document.get("components", {}).get("schemas", {})
    transcript.note("components → schemas", sorted(schemas))
    targets = {f"#/components/schemas/{name}" for name in schemas}
    dangling = sorted(set(refs_in(document)) - targets)
    assert not dangling, "a $ref must name a schema under components/schemas (no #/$defs/...)"


# -- served -----------------------------------------------------------------------------------


def test_openapi_json_serves_the_document(impl: ModuleType, transcript: Transcript) -> None:
    app = shop(impl, transcript)
    reply = transcript.asgi(app, "GET", "/openapi.json")
    assert reply.status == 200
    assert (reply.header(b"content-type") or b"").startswith(b"application/json")
    try:
        served = json.loads(reply.body)
    except ValueError:
        pytest.fail(f"the body is not JSON: {reply.body!r}", pytrace=False)
    assert served == transcript.call(app.openapi), "the same document as app.openapi()"


def test_docs_is_a_page_that_loads_the_document(impl: ModuleType, transcript: Transcript) -> None:
    app = shop(impl, transcript)
    reply = transcript.asgi(app, "GET", "/docs")
    assert reply.status == 200
    assert (reply.header(b"content-type") or b"").startswith(b"text/html")
    assert b"/openapi.json" in reply.body, "the page tells its script where the document is"


# -- the contract asks for nothing FastAPI and pydantic don't do ------------------------------

REAL = "from fastapi import Depends, FastAPI\nfrom pydantic import BaseModel\n"


@pytest.mark.timeout(120)
def test_fastapi_and_pydantic_meet_the_same_contract(tmp_path: Path) -> None:
    """The harness, run as a learner runs it, on a module that re-exports the real thing."""
    (tmp_path / "real_fastapi.py").write_text(REAL)
    command = [sys.executable, "-m", "pytest", __file__, "--impl", "real_fastapi", "-q"]
    command += ["-p", "no:cacheprovider", "-p", "no:hypothesispytest", "--color=no"]
    run = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=100, check=False
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "12 passed" in output and "failed" not in output, output
    assert "--impl real_fastapi" in output, output
