"""Read-side flow control: the messages received and not yet given to the application.

Why a unit of its own: a client may send faster than the application calls ``receive()``
(or an application may stop reading altogether). Every complete message waits here, and
without a bound a fast sender would grow the server's memory without limit. So, as chapter
04 does for a request body: above a high-water mark (``high_water``, counted in message
bytes) we stop reading the socket, TCP's window fills, and the *client's* sends block; each
``receive()`` that brings the total back under the mark resumes reading. The size limit of
one message (``ws_max_size``, 1009 beyond it) is a different bound, enforced by the
connection itself.

Once the connection is closed, nothing more will be queued: reading resumes (the peer's
Close or EOF must still be read), and ``get()`` hands over what is left, then ``None``.
"""

from __future__ import annotations

import asyncio
from collections import deque

from chapters.ch04_asgi.flow import FlowControl
from chapters.ch04_asgi.types import Message


class Inbox:
    def __init__(self, flow: FlowControl, high_water: int) -> None:
        self.flow = flow
        self.high_water = high_water
        self._messages: deque[tuple[Message, int]] = deque()  # each with its size in bytes
        self._size = 0
        self._event = asyncio.Event()
        self._closed = False

    def put(self, message: Message, size: int) -> None:
        self._messages.append((message, size))
        self._size += size
        if self._size > self.high_water:
            self.flow.pause_reading()  # resumed by get(): TCP slows the client down
        self._event.set()

    async def get(self) -> Message | None:
        """The next message, waiting for one; ``None`` once closed and empty."""
        while not self._messages and not self._closed:
            await self._event.wait()
            self._event.clear()
        if not self._messages:
            return None
        message, size = self._messages.popleft()
        self._size -= size
        if self._size <= self.high_water:
            self.flow.resume_reading()
        return message

    def close(self) -> None:
        self._closed = True
        self.flow.resume_reading()
        self._event.set()
