"""A bounded pool of worker threads: at most ``threads`` connections are served at once.

Chapter 01's :class:`ThreadingTCPServer` starts a thread for every connection it accepts, so
ten thousand clients mean ten thousand threads (and their stacks). Here the accept loop
first takes a *slot*; with all ``threads`` slots taken it stops accepting. New connections
then wait in the kernel's listen queue (``backlog``), where they cost no thread, until a
worker finishes its connection and frees a slot. That is how gunicorn's workers and most
thread-pool servers behave: under overload, clients queue instead of the server running out
of memory.

A worker is held for a whole connection, keep-alive included. So that idle keep-alive
clients cannot starve the queue, the WSGI server asks :meth:`clients_waiting` before each
response and, when every worker is busy *and* a connection waits in the listen queue,
answers with ``Connection: close``, freeing the worker for the next client (gunicorn's gthread
worker stops keep-alive under the same pressure).
"""

from __future__ import annotations

import select
import socket
import threading
from typing import Any

from chapters.ch01_tcp import ThreadingTCPServer

DEFAULT_THREADS = 32


class BoundedThreadingTCPServer(ThreadingTCPServer):
    """:class:`ThreadingTCPServer` with at most ``threads`` connections served at once."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *args: Any,
        threads: int = DEFAULT_THREADS,
        **kwargs: Any,
    ) -> None:
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        super().__init__(host, port, *args, **kwargs)
        self.threads = threads
        # A plain Semaphore, not a BoundedSemaphore: shutdown() releases one extra slot to
        # wake an accept loop that is waiting for a free worker.
        self._slots = threading.Semaphore(threads)
        self._busy = 0

    def clients_waiting(self) -> bool:
        """Every worker is busy and a new connection waits in the listen queue.

        A listening socket is "readable" when a connection is ready to ``accept()``, so a
        zero-timeout ``select`` looks into the queue without taking anything from it.
        """
        if self._busy < self.threads:
            return False
        try:
            readable, _, _ = select.select([self.socket], [], [], 0)
        except (OSError, ValueError):
            return False  # the listener is closed: we are shutting down
        return bool(readable)

    def serve_forever(self) -> None:
        try:
            while True:
                self._slots.acquire()  # wait for a free worker before accepting
                if self.stopping:
                    break
                conn, address = self.socket.accept()
                if self.stopping:
                    conn.close()
                    break
                self._start_worker(conn, address)
        finally:
            self._close_connections()

    def _start_worker(self, conn: socket.socket, address: Any) -> None:
        thread = threading.Thread(target=self._run_handler, args=(conn, address), daemon=True)
        with self._lock:
            self._connections[conn] = thread
            self._busy += 1
        thread.start()

    def _run_handler(self, conn: socket.socket, address: Any) -> None:
        try:
            super()._run_handler(conn, address)
        finally:
            with self._lock:
                self._busy -= 1
            self._slots.release()

    def shutdown(self) -> None:
        if not self.stopping:
            super().shutdown()  # sets the flag, then wakes a loop blocked in accept()
            self._slots.release()  # ... or one blocked waiting for a slot
