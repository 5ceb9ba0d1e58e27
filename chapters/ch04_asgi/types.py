"""The ASGI contract, as types: an application is ``await app(scope, receive, send)``.

``scope`` describes the connection (for HTTP: one request's head), ``receive()`` gives the
application the next message from the client (body pieces, or a disconnect), and ``send()``
takes the application's messages (the response start, body pieces). All messages are plain
dicts with a ``"type"`` key. The same names are used by Starlette and FastAPI.
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]

Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
