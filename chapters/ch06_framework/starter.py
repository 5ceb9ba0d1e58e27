"""Chapter 06, build it yourself: models and a framework driven by type hints (pydantic's and
FastAPI's names).

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch06_framework/starter.py my_framework.py
    pytest tests/ch06_framework --impl my_framework

The contract is in ``chapters/ch06_framework/README.md`` ("Build it yourself: the
contract"). No server needed: the tests call your models directly and your app as an ASGI
app. Build on chapter 05 rather than from scratch: ``from chapters.ch05_toolkit import
JSONResponse, Request, Route, Router`` (or the same names from your own ``my_toolkit``)
gives you routing, 404s, the query string, the body and JSON responses.

Two habits from the chapter make it easier. **Analyse once**: turn each annotation into a
small validator function when the class or the route is defined (``__init_subclass__``,
the decorator), not on every call. **Collect, don't stop**: a validator that meets bad input
appends an error to a list and goes on, so that one answer names every problem.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Self, TypeVar

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

#: One problem: ``{"type": "int_parsing", "loc": ("count",), "msg": "...", "input": "many"}``.
ErrorDict = dict[str, Any]


class ValidationError(ValueError):
    """Every problem one validation found, raised once, at the end."""

    def __init__(self, errors: list[ErrorDict]) -> None:
        raise NotImplementedError

    def errors(self) -> list[ErrorDict]:
        """The problems, in field order: each has ``type``, ``loc`` (a tuple), ``msg``, ``input``."""
        raise NotImplementedError


class BaseModel:
    """Subclass it with annotated fields; a field with a default may be left out::

        class Item(BaseModel):
            name: str
            price: float
            tags: list[str] = []

    Annotations to support: ``str``, ``int``, ``float``, ``bool``, ``Optional[X]`` (also
    written ``X | None``), another ``BaseModel`` subclass, and ``list[X]`` of any of these.
    """

    def __init__(self, **data: Any) -> None:
        """``Item(name="Tea", price=2)``: validate the keyword arguments as ``model_validate``
        does, and set each field as an attribute (``item.price == 2.0``)."""
        raise NotImplementedError

    @classmethod
    def model_validate(cls, obj: dict[str, Any]) -> Self:
        """Convert and check every field of ``obj`` (lax: ``"3"`` is a fine ``int``); raise
        one :class:`ValidationError` with every problem found."""
        raise NotImplementedError

    def model_dump(self) -> dict[str, Any]:
        """The fields as a dict, nested models as dicts too."""
        raise NotImplementedError


class FastAPI:
    """An ASGI app whose endpoints take their values from their signature::

        app = FastAPI()

        @app.get("/items/{item_id}")
        async def read_item(item_id: int, q: str | None = None):
            return {"item_id": item_id, "q": q}

    A parameter named in the path comes from the path; one annotated with a ``BaseModel``
    subclass is the JSON body; any other comes from the query string.
    """

    def __init__(self) -> None:
        raise NotImplementedError

    def get(self, path: str, *, status_code: int = 200) -> Callable[[Endpoint], Endpoint]:
        """A decorator registering a ``GET`` endpoint (``def`` or ``async def``); it returns
        the function unchanged."""
        raise NotImplementedError

    def post(self, path: str, *, status_code: int = 200) -> Callable[[Endpoint], Endpoint]:
        """The same for ``POST``."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Route the request; gather, convert and validate every parameter, collecting the
        errors; answer ``422 {"detail": [...]}`` if there are any, else call the endpoint and
        answer what it returned as JSON, with the route's ``status_code``."""
        raise NotImplementedError
