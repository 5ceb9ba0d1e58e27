"""Flow control, both ways: don't read faster than the app consumes, don't write faster than
the client reads.

*Reading*: request body bytes wait in the cycle until the app calls ``receive()``. Above a
high-water mark we stop reading the socket (``transport.pause_reading()``): TCP's own window
then tells the client to slow down, and a huge upload never piles up in our memory.

*Writing*: ``transport.write()`` never blocks; it buffers. When that buffer grows too big,
asyncio calls ``pause_writing()`` on the protocol, and ``send()`` waits in :meth:`drain`
until ``resume_writing()``: a slow client slows the app down instead of filling memory.
"""

from __future__ import annotations

import asyncio


class FlowControl:
    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self.read_paused = False
        self.write_paused = False
        self._writable = asyncio.Event()
        self._writable.set()

    async def drain(self) -> None:
        """Wait until the transport's write buffer is below its high-water mark again."""
        if self.write_paused:
            await self._writable.wait()

    def pause_reading(self) -> None:
        if not self.read_paused:
            self.read_paused = True
            self._transport.pause_reading()

    def resume_reading(self) -> None:
        if self.read_paused:
            self.read_paused = False
            self._transport.resume_reading()

    def pause_writing(self) -> None:
        if not self.write_paused:
            self.write_paused = True
            self._writable.clear()

    def resume_writing(self) -> None:
        if self.write_paused:
            self.write_paused = False
            self._writable.set()
