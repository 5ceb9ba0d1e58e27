"""Chapter 01's workshop contract, met by the chapter's own code.

The learner harness (``pytest tests/ch01_tcp --impl my_tcp``) runs the contract tests against
a learner's module; without ``--impl`` it runs them against this one, so the tests and the
reference can never drift apart. The contract (README.md, "Build it yourself") asks for an
echo server that serves clients at once and stops cleanly, and for ``LineBuffer``: step 2's
``ThreadedEchoServer`` and ``framing.LineBuffer`` are exactly that. ``starter.py`` is the same
API with empty bodies, for the learner to fill in.
"""

from __future__ import annotations

from chapters.ch01_tcp.framing import LineBuffer
from chapters.ch01_tcp.step2_threads import ThreadedEchoServer

__all__ = ["EchoServer", "LineBuffer"]

#: A thread per connection; ``SelectorEchoServer`` (step 3) meets the contract as well.
EchoServer = ThreadedEchoServer
