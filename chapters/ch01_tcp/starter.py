"""Chapter 01, build it yourself: an echo server that serves many clients, and line framing.

Copy this file next to the repository's README, fill in the bodies, and run the contract
tests against it::

    cp chapters/ch01_tcp/starter.py my_tcp.py
    pytest tests/ch01_tcp --impl my_tcp

The contract is in ``chapters/ch01_tcp/README.md`` ("Build it yourself: the contract").
Only the standard library is needed: ``socket``, ``threading`` (or ``selectors``).
"""

from __future__ import annotations


class EchoServer:
    """Send back every byte each client sends, to many clients at once.

    The server contract of ``chapters.support`` (what lets a notebook or a test run it in a
    background thread)::

        server = EchoServer("127.0.0.1", 0)   # binds and listens: clients may connect now
        server.port                           # the port it got (port 0: the system picks)
        server.serve_forever()                # serves until shutdown()
        server.shutdown()                     # from any thread; serve_forever() returns
        server.server_close()                 # releases the port
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Create the listening socket, bind it to ``(host, port)``, listen; set ``self.port``."""
        raise NotImplementedError

    def serve_forever(self) -> None:
        """Accept clients and echo to each (a thread per client, or one ``selectors`` loop)
        until ``shutdown()``; close a client's connection when it closes its side
        (``recv()`` returns ``b""``). Before returning, close every open connection.
        """
        raise NotImplementedError

    def shutdown(self) -> None:
        """Make ``serve_forever()`` return soon, even if it is blocked in ``accept()``.

        Safe from any thread, more than once, and before ``serve_forever()`` has started.
        Hint: a flag, then connect to yourself so that ``accept()`` wakes up.
        """
        raise NotImplementedError

    def server_close(self) -> None:
        """Close the listening socket (after ``serve_forever()`` has returned)."""
        raise NotImplementedError


class LineBuffer:
    """Turn a byte stream back into lines: bytes in, complete lines out (sans-IO)."""

    def __init__(self) -> None:
        raise NotImplementedError

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return the lines they complete, without their ``b"\\n"``.

        >>> lines = LineBuffer()
        >>> lines.feed(b"hel"), lines.feed(b"lo\\nwor"), lines.feed(b"ld\\nbye\\n")
        ([], [b'hello'], [b'world', b'bye'])
        """
        raise NotImplementedError
