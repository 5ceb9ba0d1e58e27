"""Chapter 06's contract: ``BaseModel``, ``ValidationError`` and ``FastAPI``.

Run against the reference by default, and against yours with
``pytest tests/ch06_framework --impl my_framework`` (see README.md, "Build it yourself: the
contract"). No server: the models are called directly, the app as an ASGI app, and a
failure shows the call or request sent and what came back. The last test runs the same
contract tests on real FastAPI and pydantic, so the contract asks for nothing they don't do.

No ``from __future__ import annotations`` here: the models and endpoints below are defined
inside functions (on the implementation under test), and their annotations must be real
objects, not strings naming local classes.
"""

# The models spell types as users do (Optional) and use mutable class defaults as models
# do: the rules against those do not apply here.
# ruff: noqa: UP045, RUF012

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Optional

import pytest

from tests.workshop import Transcript

pytestmark = pytest.mark.timeout(15)

JSON = [(b"content-type", b"application/json")]


def define_models(base: Any) -> tuple[Any, Any]:
    """``Item`` and ``Order``, on the ``BaseModel`` under test."""

    class Item(base):
        name: str
        price: float
        count: int = 1
        in_stock: bool = True
        note: Optional[str] = None  # the endpoints below write `str | None`: both count

    class Order(base):
        customer: str
        items: list[Item]
        tags: list[str] = []

    return Item, Order


MODELS = (
    "models: Item(name: str, price: float, count: int = 1, in_stock: bool = True, "
    "note: Optional[str] = None); Order(customer: str, items: list[Item], tags: list[str] = [])"
)


def models(impl: ModuleType, transcript: Transcript) -> tuple[Any, Any]:
    transcript.note(MODELS)
    return transcript.call(define_models, impl.BaseModel)


def validation_errors(
    impl: ModuleType, transcript: Transcript, model: Any, data: Any
) -> list[dict[str, Any]]:
    """The errors of ``model.model_validate(data)``, which must raise ``ValidationError``."""
    with pytest.raises(impl.ValidationError) as caught:
        transcript.call(model.model_validate, data)
    errors = transcript.read("error.errors()", caught.value.errors)
    assert isinstance(errors, list)
    return errors


def essentials(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each error's ``type``, ``loc`` and ``input``, after checking its ``msg`` is a text."""
    for error in errors:
        assert isinstance(error.get("msg"), str) and error["msg"], f"no msg in {error}"
    return [{key: error.get(key) for key in ("type", "loc", "input")} for error in errors]


def test_a_model_converts_its_fields(impl: ModuleType, transcript: Transcript) -> None:
    item_class, _ = models(impl, transcript)
    data = {"name": "Tea", "price": "2.5", "count": "3", "in_stock": "yes", "colour": "green"}
    item = transcript.call(item_class.model_validate, data)
    assert transcript.read("item.name", lambda: item.name) == "Tea"
    price = transcript.read("item.price", lambda: item.price)
    assert price == 2.5 and type(price) is float, "'2.5' is a fine float"
    count = transcript.read("item.count", lambda: item.count)
    assert count == 3 and type(count) is int, "'3' is a fine int"
    assert transcript.read("item.in_stock", lambda: item.in_stock) is True, "'yes' is True"
    assert transcript.read("item.note", lambda: item.note) is None, "a default when left out"
    built = transcript.call(item_class, name="Pot", price=2, in_stock="off", note="old")
    price = transcript.read("item.price", lambda: built.price)
    assert price == 2.0 and type(price) is float, "an int is a fine float, and becomes one"
    assert transcript.read("item.count", lambda: built.count) == 1
    assert transcript.read("item.in_stock", lambda: built.in_stock) is False, "'off' is False"
    assert transcript.read("item.note", lambda: built.note) == "old"


def test_nested_models_and_lists(impl: ModuleType, transcript: Transcript) -> None:
    item_class, order_class = models(impl, transcript)
    data = {"customer": "Ada", "items": [{"name": "Tea", "price": 2}], "tags": ["gift"]}
    order = transcript.call(order_class.model_validate, data)
    items = transcript.read("order.items", lambda: order.items)
    assert isinstance(items, list) and len(items) == 1
    assert isinstance(items[0], item_class), "each dict of the list became an Item"
    assert items[0].price == 2.0
    assert transcript.read("order.model_dump()", order.model_dump) == {
        "customer": "Ada",
        "items": [{"name": "Tea", "price": 2.0, "count": 1, "in_stock": True, "note": None}],
        "tags": ["gift"],
    }
    bare = transcript.call(order_class.model_validate, {"customer": "Bo", "items": []})
    assert transcript.read("order.tags", lambda: bare.tags) == []


def test_a_validation_error_lists_every_problem(impl: ModuleType, transcript: Transcript) -> None:
    item_class, _ = models(impl, transcript)
    data = {"price": "free", "count": "many", "in_stock": "maybe", "note": 5}
    errors = validation_errors(impl, transcript, item_class, data)
    assert essentials(errors) == [
        {"type": "missing", "loc": ("name",), "input": data},
        {"type": "float_parsing", "loc": ("price",), "input": "free"},
        {"type": "int_parsing", "loc": ("count",), "input": "many"},
        {"type": "bool_parsing", "loc": ("in_stock",), "input": "maybe"},
        {"type": "string_type", "loc": ("note",), "input": 5},
    ], "one error per bad field, in field order; loc is a tuple; 'missing' shows the whole input"


def test_an_error_inside_a_list_or_a_nested_model_says_where(
    impl: ModuleType, transcript: Transcript
) -> None:
    _, order_class = models(impl, transcript)
    data = {
        "customer": 7,
        "items": [{"name": "Tea", "price": 2}, {"name": "Pot", "price": "free"}],
        "tags": ["gift", 3],
    }
    errors = validation_errors(impl, transcript, order_class, data)
    assert essentials(errors) == [
        {"type": "string_type", "loc": ("customer",), "input": 7},
        {"type": "float_parsing", "loc": ("items", 1, "price"), "input": "free"},
        {"type": "string_type", "loc": ("tags", 1), "input": 3},
    ], "a list adds the index to the loc, a nested model the field name"


def make_shop(impl: ModuleType) -> Any:
    """The app under test, built on the implementation's ``FastAPI`` and ``BaseModel``."""
    base: Any = impl.BaseModel

    class Item(base):
        name: str
        price: float
        tags: list[str] = []

    app = impl.FastAPI()

    @app.get("/items/{item_id}")
    async def read_item(
        item_id: int, q: str | None = None, limit: int = 10, full: bool = False
    ) -> Any:
        return {"item_id": item_id, "q": q, "limit": limit, "full": full}

    @app.post("/items", status_code=201)
    def create_item(item: Item) -> Any:  # a plain def: it may block, so not on the event loop
        return item

    @app.post("/carts/{cart_id}/items")
    async def add_to_cart(cart_id: int, item: Item, quantity: int) -> Any:
        return {"cart_id": cart_id, "quantity": quantity, "item": item}

    return app


SHOP = (
    "the app: Item(name: str, price: float, tags: list[str] = []);\n"
    "  GET /items/{item_id} -> async read_item(item_id: int, q: str | None = None,"
    " limit: int = 10, full: bool = False): returns a dict of the four\n"
    "  POST /items (status_code=201) -> def create_item(item: Item): returns item\n"
    "  POST /carts/{cart_id}/items -> async add_to_cart(cart_id: int, item: Item,"
    " quantity: int): returns {'cart_id', 'quantity', 'item': item}"
)


def request_shop(
    impl: ModuleType, transcript: Transcript, method: str, path: str, body: Any
) -> tuple[int | None, Any]:
    """Send one request to the app; its status, and its body parsed as JSON."""
    transcript.note(SHOP)
    app = transcript.call(make_shop, impl)
    content = b"" if body is None else json.dumps(body).encode()
    sent = transcript.asgi(app, method, path, body=content, headers=JSON if content else [])
    assert sent.header(b"content-type") == b"application/json", "answer with JSON"
    try:
        return sent.status, json.loads(sent.body)
    except ValueError:
        pytest.fail(f"the body is not JSON: {sent.body!r}", pytrace=False)


TEA = {"name": "Tea", "price": "2.5"}
TEA_OUT = {"name": "Tea", "price": 2.5, "tags": []}

ANSWERS = {
    "path-and-query": (
        "GET",
        "/items/7?q=green+tea&limit=5&full=yes",
        None,
        200,
        {"item_id": 7, "q": "green tea", "limit": 5, "full": True},
    ),
    "defaults": (
        "GET",
        "/items/7",
        None,
        200,
        {"item_id": 7, "q": None, "limit": 10, "full": False},
    ),
    "body-model-returned": ("POST", "/items", TEA, 201, TEA_OUT),
    "model-inside-a-dict": (
        "POST",
        "/carts/3/items?quantity=2",
        TEA,
        200,
        {"cart_id": 3, "quantity": 2, "item": TEA_OUT},
    ),
}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "data"), ANSWERS.values(), ids=ANSWERS
)
def test_the_app_fills_in_the_parameters_and_answers_json(
    impl: ModuleType,
    transcript: Transcript,
    method: str,
    path: str,
    body: Any,
    status: int,
    data: Any,
) -> None:
    assert request_shop(impl, transcript, method, path, body) == (status, data)


def error(type_: str, loc: list[str | int], input_: Any) -> dict[str, Any]:
    return {"type": type_, "loc": loc, "input": input_}


UNFIT = {"price": "free", "tags": ["a", 3]}
INVALID = {
    "path": ("GET", "/items/abc", None, [error("int_parsing", ["path", "item_id"], "abc")]),
    "query": (
        "GET",
        "/items/7?limit=ten&full=maybe",
        None,
        [
            error("int_parsing", ["query", "limit"], "ten"),
            error("bool_parsing", ["query", "full"], "maybe"),
        ],
    ),
    "missing-query": (
        "POST",
        "/carts/3/items",
        TEA,
        [error("missing", ["query", "quantity"], None)],
    ),
    "body-fields": (
        "POST",
        "/items",
        UNFIT,
        [
            error("missing", ["body", "name"], UNFIT),
            error("float_parsing", ["body", "price"], "free"),
            error("string_type", ["body", "tags", 1], 3),
        ],
    ),
    "no-body": ("POST", "/items", None, [error("missing", ["body"], None)]),
    "body-not-an-object": (
        "POST",
        "/items",
        ["Tea", 2.5],
        [error("model_attributes_type", ["body"], ["Tea", 2.5])],
    ),
    "every-source-in-order": (
        "POST",
        "/carts/x/items?quantity=many",
        {"price": 1},
        [
            error("int_parsing", ["path", "cart_id"], "x"),
            error("int_parsing", ["query", "quantity"], "many"),
            error("missing", ["body", "name"], {"price": 1}),
        ],
    ),
}


@pytest.mark.parametrize(("method", "path", "body", "errors"), INVALID.values(), ids=INVALID)
def test_invalid_input_gets_a_422_with_every_error(
    impl: ModuleType,
    transcript: Transcript,
    method: str,
    path: str,
    body: Any,
    errors: list[dict[str, Any]],
) -> None:
    status, data = request_shop(impl, transcript, method, path, body)
    assert status == 422
    assert isinstance(data, dict) and isinstance(data.get("detail"), list), (
        'the body is {"detail": [...]}'
    )
    assert essentials(data["detail"]) == errors, (
        "one error per problem: path, then query, then body; loc starts with the source"
    )


# -- the contract asks for nothing FastAPI and pydantic don't do ------------------------------

REAL = "from fastapi import FastAPI\nfrom pydantic import BaseModel, ValidationError\n"


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
    contract_tests = 4 + len(ANSWERS) + len(INVALID)  # the four model tests, then the tables
    assert f"{contract_tests} passed" in output and "failed" not in output, output
    assert "--impl real_fastapi" in output, output
