"""Errors named for the fault, carrying the status code to answer with.

A :class:`RemoteProtocolError` means the *client* broke the protocol: the server should
answer ``error.status_hint`` (400 by default; 413, 431, 501, 505 for the specific faults)
and close the connection. A :class:`LocalProtocolError` means *our* code tried something
illegal, such as sending a body before the response head: it is a bug to fix, and the
connection cannot be trusted any more either.
"""

from __future__ import annotations


class ProtocolError(Exception):
    """Something broke the HTTP/1.1 protocol."""

    def __init__(self, message: str, *, status_hint: int = 400) -> None:
        super().__init__(message)
        self.status_hint = status_hint


class RemoteProtocolError(ProtocolError):
    """The peer sent something we cannot accept; answer ``status_hint`` and close."""


class LocalProtocolError(ProtocolError):
    """We tried to send something the protocol does not allow (a bug in our code)."""

    def __init__(self, message: str, *, status_hint: int = 500) -> None:
        super().__init__(message, status_hint=status_hint)
