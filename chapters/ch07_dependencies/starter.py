"""Chapter 07, build it yourself: dependency injection with FastAPI's names.

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch07_dependencies/starter.py my_dependencies.py
    pytest tests/ch07_dependencies --impl my_dependencies

The contract is in ``chapters/ch07_dependencies/README.md`` ("Build it yourself: the
contract"). No server needed: the tests build small apps on your ``FastAPI`` and ``Depends``
and call them as ASGI apps. Build on chapter 06 rather than from scratch: ours
(``chapters.ch06_framework``, or your own ``my_framework``) already turns a signature into
path, query and body values with one 422 for every error; a dependency declares its
parameters exactly like an endpoint, so the same analysis reads them. Subclassing ours, the
hooks are ``SignatureAnalyzer.analyze_param`` (a ``Depends`` default or ``Annotated``
marker), ``APIRoute.analyzer_class``/``solver_class``/``get_route_handler`` and
``FastAPI.router_class``; ``HTTPException`` below is chapter 06's, which its ``FastAPI``
already answers as ``{"detail": ...}``.

Three habits from the chapter make it easier. **Analyse once**: turn each endpoint into a
graph of nodes (a callable, its own parameters, the nodes it depends on) when the route is
registered; per request only walk it. **One dict per request** is the cache: key it by the
callable, and look an override up before calling. **One exit stack per request**
(``contextlib.AsyncExitStack``) for the generators: enter each with
``contextlib.contextmanager``/``asynccontextmanager``, and leave the stack after the
response was sent, passing the endpoint's exception in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any, TypeVar

# Chapter 06's exception (a status and a detail), which chapter 06's FastAPI answers: keep it,
# or write your own if your FastAPI is your own.
from chapters.ch06_framework import HTTPException

__all__ = ["Depends", "FastAPI", "HTTPException"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def Depends(dependency: Callable[..., Any], *, use_cache: bool = True) -> Any:
    """A marker: "call ``dependency`` and pass me what it returned". Two ways to write it::

        def read_notes(db: Annotated[Connection, Depends(get_db)]): ...
        def read_notes(db: Connection = Depends(get_db)): ...

    Return an object your analysis recognises (a small frozen dataclass holding the two
    arguments is enough). ``use_cache=False``: call it again even if this request already
    did.
    """
    raise NotImplementedError


class FastAPI:
    """An ASGI app whose endpoints, and their dependencies, take values from their
    signature::

        def current_user(token: str | None = None) -> str:   # a query parameter
            if token not in USERS:
                raise HTTPException(status_code=401, detail="Not authenticated")
            return USERS[token]

        app = FastAPI(dependencies=[Depends(count_request)])   # run on every request

        @app.get("/me")
        def read_me(user: Annotated[str, Depends(current_user)]):
            return {"user": user}

    A dependency is any callable (a function, an ``async def``, a class, a generator that
    ``yield``s once): its parameters are read like an endpoint's, ``Depends`` included.
    """

    def __init__(self, *, dependencies: Sequence[Any] | None = None) -> None:
        """``dependencies``: ``Depends(...)`` markers solved on every request, before the
        route's own, their values thrown away (guards). Also set
        ``self.dependency_overrides = {}``: ``{original: replacement}``, looked up per
        request, so that an override set after the routes were declared applies."""
        raise NotImplementedError

    def get(
        self, path: str, *, status_code: int = 200, dependencies: Sequence[Any] | None = None
    ) -> Callable[[Endpoint], Endpoint]:
        """Register a ``GET`` endpoint, as in chapter 06; ``dependencies`` are this route's
        guards, solved after the app's and before the endpoint's parameters."""
        raise NotImplementedError

    def post(
        self, path: str, *, status_code: int = 200, dependencies: Sequence[Any] | None = None
    ) -> Callable[[Endpoint], Endpoint]:
        """The same for ``POST``."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Route the request, then solve the graph: each dependency's own dependencies and
        parameters first, each callable once per request; collect every parameter error into
        one 422; an ``HTTPException`` from a dependency is the answer. Call the endpoint,
        send its JSON answer, and only then finish the generators (last one first), passing
        the endpoint's exception in if it raised."""
        raise NotImplementedError
