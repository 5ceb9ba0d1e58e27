"""Chapter 08, build it yourself: a ``FastAPI`` that writes its own OpenAPI 3.1 document.

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch08_openapi/starter.py my_openapi.py
    pytest tests/ch08_openapi --impl my_openapi

The contract is in ``chapters/ch08_openapi/README.md`` ("Build it yourself: the contract").
No server needed: the tests build a small shop on your ``FastAPI``, call ``app.openapi()``
and check the document part by part, then ask your app for ``/openapi.json`` and ``/docs``
as an ASGI app. Build on chapter 07 rather than from scratch: subclass
``chapters.ch07_dependencies.FastAPI`` (or your own ``my_dependencies.FastAPI``), which
already analysed every route once. Each of its routes (``app.routes``, the ``APIRoute``
ones) knows its ``path``, ``methods``, ``name`` (the function's), ``endpoint``,
``status_code`` (``None`` for 200) and ``response_model``; ``route.flat_params()`` lists
every path and query parameter it reads, its dependencies' included, and
``route.body_params()`` its body: each a ``ParamSpec`` with ``alias`` (the wire name),
``source`` (``"path"``, ``"query"``, ``"body"``), ``field_info`` (``.is_required()``,
``.default``) and ``adapter`` (``.json_schema()``). Chapter 06's models write their own JSON
Schema too: ``Item.model_json_schema()``, the models it reaches under ``"$defs"``.

Two habits from the chapter make it easier. **Read the same specs twice**: the document
comes from the objects that validate the requests, so it cannot drift from them. **One
shared ``components/schemas``**: move every ``$defs`` entry there and rewrite each
``#/$defs/X`` to ``#/components/schemas/X``, so that each model is written once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeVar

# Chapter 07's names, for the tests' shop; keep them, or use your own chapter 06 and 07.
from chapters.ch07_dependencies import BaseModel, Depends

__all__ = ["BaseModel", "Depends", "FastAPI"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


class FastAPI:
    """Chapter 07's app, which describes itself::

        app = FastAPI(title="Shop", version="1.2.0")

        @app.post("/items", status_code=201, response_model=Item)
        def create_item(item: Item):  # its docstring would be the operation's description
            return item

        app.openapi()["paths"]["/items"]["post"]["operationId"]  # 'create_item_items_post'

    The document describes the same routes, parameters and models that validate requests.
    """

    def __init__(self, *, title: str = "FastAPI", version: str = "0.1.0") -> None:
        """Keep the title and version for the document's ``info``; add the routes
        ``GET /openapi.json`` and ``GET /docs``, which are not part of the document."""
        raise NotImplementedError

    def get(
        self, path: str, *, status_code: int = 200, response_model: Any = None
    ) -> Callable[[Endpoint], Endpoint]:
        """Register a ``GET`` endpoint, as in chapters 06 and 07; ``response_model`` is the
        schema the document gives the success response."""
        raise NotImplementedError

    def post(
        self, path: str, *, status_code: int = 200, response_model: Any = None
    ) -> Callable[[Endpoint], Endpoint]:
        """The same for ``POST``."""
        raise NotImplementedError

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI 3.1 document: ``openapi``, ``info``, one operation per route and
        method under ``paths`` (``operationId``, ``summary``, ``description``,
        ``parameters``, ``requestBody``, ``responses``), and every model reached under
        ``components/schemas``. Build it on the first call and keep it."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer requests as chapter 07 does; ``GET /openapi.json`` answers the document as
        JSON, ``GET /docs`` an HTML page whose script loads ``/openapi.json``."""
        raise NotImplementedError
