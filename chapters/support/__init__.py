"""Helpers shared by every chapter's notebooks and tests (not a chapter of the tutorial).

Every server in this repository follows one small contract (see :class:`Server`), so one
helper can run any of them in a background thread: that is how the notebooks talk to a live
server from the next cell, and how the tests talk to it over a real socket.
"""

from chapters.support.background import BackgroundServer, Server, serve_in_background, stop_all
from chapters.support.cli import port_number, serve_until_interrupted

__all__ = ["BackgroundServer", "Server", "port_number", "serve_in_background", "serve_until_interrupted", "stop_all"]
