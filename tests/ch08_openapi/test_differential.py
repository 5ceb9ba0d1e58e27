"""Our OpenAPI documents against FastAPI's, for the same apps with only their imports changed.

The apps: chapter 06's ``diff_apps.py`` (parameters, bodies, responses, handlers, routers),
this chapter's ``openapi_apps.py`` (metadata, models, extra responses, hidden routes, and
dependencies whose parameters and bodies join the operations') and the seed calculator. Each is loaded twice, as written (real FastAPI and pydantic) and with its
``from fastapi``/``from pydantic`` lines pointed at ``chapters.ch08_openapi``.

First the facts are compared one by one, so a failure names the fact: paths and methods,
each parameter's name, location, ``required`` and schema type, the request body's
properties and required list, the response status codes, and each component schema's
properties and required list. Then the whole documents: they are **equal as JSON values**
for every app but one (the same dicts, lists, strings and numbers; only the order of keys
inside objects differs, since chapter 06 sorts schema keys the way pydantic's
``model_json_schema`` does). The exception is a route answering two methods, where FastAPI
repeats one operationId and we give each method its own.
"""

from __future__ import annotations

import copy
import functools
import re
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import DuplicateOperationIDError

ROOT = Path(__file__).parent.parent
SOURCES = {
    "ch06": ROOT / "ch06_framework" / "diff_apps.py",
    "ch08": Path(__file__).with_name("openapi_apps.py"),
    "seed": ROOT / "ch06_framework" / "seed_calculator.py",
}
FOREIGN_IMPORT = re.compile(r"^from (?:fastapi|pydantic)(?:\.\w+)* import", flags=re.MULTILINE)


def load(source: str, framework: str) -> types.ModuleType:
    """An app file as written (``"fastapi"``) or with its imports changed (``"ours"``)."""
    path = SOURCES[source]
    text = path.read_text()
    if framework == "ours":
        text = FOREIGN_IMPORT.sub("from chapters.ch08_openapi import", text)
    module = types.ModuleType(f"tests.ch08_openapi.{source}_{framework}")
    sys.modules[module.__name__] = module  # pydantic resolves a model's annotations through it
    exec(compile(text, str(path), "exec"), module.__dict__)  # noqa: S102  # our own test files
    return module


def documents(source: str, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(FastAPI's document, ours) for one app of one source; fresh copies for each test."""
    return copy.deepcopy(built_documents(source, name))


@functools.cache
def built_documents(source: str, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    built = []
    for framework in ("fastapi", "ours"):
        module = load(source, framework)
        app = module.app if name == "app" else module.APPS[name]()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # FastAPI warns about its own duplicate ids
            built.append(app.openapi())
    return built[0], built[1]


CASES = [
    *((("ch06", name)) for name in ("params", "body", "response", "handlers", "router")),
    ("ch08", "metadata"),
    ("ch08", "models"),
    ("ch08", "dependencies"),
    ("seed", "app"),
]
IDS = [f"{source}-{name}" for source, name in CASES]


def schema_type(schema: dict[str, Any]) -> Any:
    """A schema's kind: its type, its $ref, or the kinds of its anyOf members."""
    if "anyOf" in schema:
        return [schema_type(member) for member in schema["anyOf"]]
    return schema.get("type", schema.get("$ref"))


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def parameter_facts(operation: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (p["name"], p["in"], p["required"], schema_type(p["schema"]))
        for p in operation.get("parameters", [])
    ]


def body_facts(document: dict[str, Any], operation: dict[str, Any]) -> Any:
    """The body's properties and required list (resolving a $ref), and whether it is required."""
    if "requestBody" not in operation:
        return None
    body = operation["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    properties = {key: schema_type(value) for key, value in schema.get("properties", {}).items()}
    return properties, schema.get("required"), schema_type(schema), body.get("required")


@pytest.mark.parametrize(("source", "name"), CASES, ids=IDS)
def test_both_documents_are_valid_openapi(source: str, name: str) -> None:
    theirs, ours = documents(source, name)
    validate(ours)
    if (source, name) == ("ch06", "router"):  # see the last test
        with pytest.raises(DuplicateOperationIDError):
            validate(theirs)
    else:
        validate(theirs)
    assert ours["openapi"] == "3.1.0" and ours["info"] == theirs["info"]


@pytest.mark.parametrize(("source", "name"), CASES, ids=IDS)
def test_same_paths_methods_parameters_bodies_and_statuses(source: str, name: str) -> None:
    theirs, ours = documents(source, name)
    assert list(ours["paths"]) == list(theirs["paths"])
    their_ops, our_ops = operations(theirs), operations(ours)
    assert sorted(our_ops) == sorted(their_ops)
    for key, their_op in their_ops.items():
        our_op = our_ops[key]
        assert parameter_facts(our_op) == parameter_facts(their_op), key
        assert body_facts(ours, our_op) == body_facts(theirs, their_op), key
        assert sorted(our_op["responses"]) == sorted(their_op["responses"]), key
        for status, response in their_op["responses"].items():
            assert our_op["responses"][status] == response, (key, status)
        for fact in ("summary", "description", "tags", "deprecated"):
            assert our_op.get(fact) == their_op.get(fact), (key, fact)


@pytest.mark.parametrize(("source", "name"), CASES, ids=IDS)
def test_same_component_schemas(source: str, name: str) -> None:
    theirs, ours = documents(source, name)
    their_schemas = theirs.get("components", {}).get("schemas", {})
    our_schemas = ours.get("components", {}).get("schemas", {})
    assert list(our_schemas) == list(their_schemas)
    for model, schema in their_schemas.items():
        ours_ = our_schemas[model]
        assert list(ours_.get("properties", {})) == list(schema.get("properties", {})), model
        assert ours_.get("required") == schema.get("required"), model
        assert ours_ == schema, model


@pytest.mark.parametrize(
    ("source", "name"), [case for case in CASES if case != ("ch06", "router")], ids=str
)
def test_whole_documents_are_equal_json_values(source: str, name: str) -> None:
    theirs, ours = documents(source, name)
    assert ours == theirs


def test_the_one_difference_each_method_has_its_own_operation_id() -> None:
    """FastAPI derives a route's id from one element of its method *set* and repeats it, which
    makes its document invalid (operation ids must be unique, OpenAPI 3.1.0 §4.8.10.1)."""
    theirs, ours = documents("ch06", "router")
    ping = "/v1/users/{user_id}/ping"
    their_ids = {theirs["paths"][ping][m]["operationId"] for m in ("get", "post")}
    our_ids = [ours["paths"][ping][m]["operationId"] for m in ("get", "post")]
    assert len(their_ids) == 1
    assert our_ids == ["ping_v1_users__user_id__ping_get", "ping_v1_users__user_id__ping_post"]
    for method in ("get", "post"):
        del theirs["paths"][ping][method]["operationId"], ours["paths"][ping][method]["operationId"]
    assert ours == theirs
