"""Chapter 04's settings, plus the WebSocket ones (named as uvicorn names them)."""

from __future__ import annotations

from dataclasses import dataclass

from chapters.ch04_asgi.config import Config
from chapters.ch10_websockets.connection import DEFAULT_MAX_MESSAGE_SIZE


@dataclass(kw_only=True)
class WebSocketConfig(Config):
    #: The largest message we accept, reassembled (close 1009 beyond it); None: no limit.
    ws_max_size: int | None = DEFAULT_MAX_MESSAGE_SIZE
    #: Send a Ping after this many seconds; None: no keep-alive pings.
    ws_ping_interval: float | None = 20.0
    #: Close with 1011 if its Pong has not come back after this many seconds.
    ws_ping_timeout: float | None = 20.0
    #: After our Close, wait this long for the peer's before closing the TCP connection.
    ws_close_timeout: float = 5.0
