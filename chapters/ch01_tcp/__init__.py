"""Chapter 01: TCP echo servers on the raw ``socket`` API, in three steps.

blocking (one client at a time) → a thread per connection → a ``selectors`` event loop.
"""

from chapters.ch01_tcp.base import TCPServer
from chapters.ch01_tcp.client import LineClient, echo_once
from chapters.ch01_tcp.framing import LineBuffer
from chapters.ch01_tcp.step1_blocking import BlockingEchoServer
from chapters.ch01_tcp.step2_threads import ThreadedEchoServer, ThreadingTCPServer
from chapters.ch01_tcp.step3_selectors import SelectorEchoServer

#: ``--mode`` on the command line → server class.
SERVERS: dict[str, type[TCPServer]] = {
    "blocking": BlockingEchoServer,
    "threads": ThreadedEchoServer,
    "selectors": SelectorEchoServer,
}

__all__ = [
    "SERVERS",
    "BlockingEchoServer",
    "LineBuffer",
    "LineClient",
    "SelectorEchoServer",
    "TCPServer",
    "ThreadedEchoServer",
    "ThreadingTCPServer",
    "echo_once",
]
