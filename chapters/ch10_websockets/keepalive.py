"""Keep-alive: ping a quiet peer, and give up on one that no longer answers.

Why a unit of its own: a peer can vanish without a word. A laptop lid closes, a NAT box
forgets the mapping, a cable is pulled: no FIN and no Close frame ever arrive, so the
connection looks open for ever, and so does the application task waiting in ``receive()``.
RFC 6455 gives the tool but not the policy: a Ping "may serve either as a keepalive or as a
means to verify that the remote endpoint is still responsive" (§5.5.2), and the peer must
answer it with a Pong carrying the same payload (§5.5.3). The policy is the server's, and
ours is uvicorn's: a Ping every ``ws_ping_interval`` seconds with a fresh random payload;
if its Pong is not back within ``ws_ping_timeout``, the connection is failed with 1011.

A Pong with another payload (a late answer, or an unsolicited one-way heartbeat, §5.5.3)
proves nothing about *this* Ping and is ignored. Answering the *peer's* Pings is not here:
that is the protocol's duty, done by the cycle for every Ping while the connection is open.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable


class KeepAlive:
    """The ping loop of one connection, run in its own task.

    ``ping(payload)`` sends a Ping and says whether it could (``False`` once the connection is
    closing: the loop ends); ``on_timeout()`` fails the connection. ``timeout=None`` pings
    without waiting for the answers.
    """

    def __init__(
        self,
        interval: float,
        timeout: float | None,
        *,
        ping: Callable[[bytes], bool],
        on_timeout: Callable[[], None],
    ) -> None:
        self.interval = interval
        self.timeout = timeout
        self._ping = ping
        self._on_timeout = on_timeout
        self._waiting: tuple[bytes, asyncio.Event] | None = None  # the Ping's payload, its Pong
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def cancel(self) -> None:
        """The application is done with the connection: no more pings."""
        if self._task is not None:
            self._task.cancel()

    def pong_received(self, payload: bytes) -> None:
        if self._waiting is not None and self._waiting[0] == payload:
            self._waiting[1].set()

    def connection_closed(self) -> None:
        """Stop waiting for a Pong that cannot come; the next tick ends the loop."""
        if self._waiting is not None:
            self._waiting[1].set()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            payload = os.urandom(4)
            self._waiting = (payload, asyncio.Event())
            if not self._ping(payload):
                return
            if self.timeout is None:
                continue
            try:
                await asyncio.wait_for(self._waiting[1].wait(), self.timeout)
            except TimeoutError:
                self._on_timeout()
                return
