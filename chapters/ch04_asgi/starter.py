"""Chapter 04, build it yourself: an ASGI server on asyncio.

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch04_asgi/starter.py my_asgi.py
    pytest tests/ch04_asgi --impl my_asgi

The contract is in ``chapters/ch04_asgi/README.md`` ("Build it yourself: the contract").
Import, don't copy: parse requests with chapter 02's ``Connection`` (it is sans-IO, so it
works as well under asyncio as in a thread). One request per connection is enough: answer,
then close.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Server:
    """Serve ``app`` over HTTP/1.1 from one thread and one asyncio event loop.

    The ``chapters.support`` server contract::

        server = Server(app, "127.0.0.1", 0)  # binds and listens: clients may connect now
        server.port                           # the port it got
        server.serve_forever()                # runs an event loop until shutdown()
        server.shutdown()                     # from any thread
        server.server_close()                 # releases the port
    """

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> None:
        """Bind and listen now (``socket.create_server``); set ``self.port``."""
        raise NotImplementedError

    def serve_forever(self) -> None:
        """``asyncio.run()`` a coroutine that serves the listening socket (``sock=``) until
        ``shutdown()``. Per request: build the ``http`` scope, ``await app(scope, receive,
        send)``; ``receive()`` gives the body as ``http.request`` messages; ``send()`` turns
        ``http.response.start`` and ``http.response.body`` (``more_body`` for more) into
        bytes. An app that raises before ``http.response.start`` gets a ``500``.
        """
        raise NotImplementedError

    def shutdown(self) -> None:
        """Make ``serve_forever()`` return; safe from any thread, even before it started.

        Hint: another thread may not touch the loop's objects, except through
        ``loop.call_soon_threadsafe``.
        """
        raise NotImplementedError

    def server_close(self) -> None:
        """Close the listening socket."""
        raise NotImplementedError
