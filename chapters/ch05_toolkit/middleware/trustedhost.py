"""``TrustedHostMiddleware``: refuse requests whose ``Host`` header names someone else.

Why: the application builds absolute URLs (redirects, password-reset links, ``url_for``) from
the ``Host`` header, and a client may send any ``Host`` it likes. Checking it against the
names this deployment really answers to stops Host-header injection (a reset link pointing
at the attacker's site) and DNS-rebinding. Patterns are exact names or ``*.example.com``
(any subdomain); ``"*"`` allows everything. With ``www_redirect``, a request for
``example.com`` when only ``www.example.com`` is allowed is redirected there rather than
refused. Same rules and answers (400 "Invalid host header") as
``starlette.middleware.trustedhost``.
"""

from __future__ import annotations

from collections.abc import Sequence

from chapters.ch05_toolkit.datastructures import URL
from chapters.ch05_toolkit.headers import Headers
from chapters.ch05_toolkit.responses import PlainTextResponse, RedirectResponse, Response
from chapters.ch05_toolkit.types import ASGIApp, Receive, Scope, Send


def host_without_port(host_header: str) -> str:
    """``"Example.com:8000"`` -> ``"example.com"``; ``"[::1]:8000"`` -> ``"[::1]"``."""
    if host_header.startswith("["):  # IP-literal (RFC 3986 §3.2.2): the port follows the "]"
        return host_header[: host_header.find("]") + 1].lower()
    return host_header.partition(":")[0].lower()


class TrustedHostMiddleware:
    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str] = ("*",), www_redirect: bool = True) -> None:
        for pattern in allowed_hosts:
            if "*" in pattern[1:] or (pattern.startswith("*") and pattern != "*" and not pattern.startswith("*.")):
                raise ValueError(f"Domain wildcard patterns must be like '*.example.com', not {pattern!r}")
        self.app = app
        self.allowed_hosts = [pattern.lower() for pattern in allowed_hosts]
        self.allow_any = "*" in self.allowed_hosts
        self.www_redirect = www_redirect

    def is_allowed(self, host: str) -> bool:
        return any(
            host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
            for pattern in self.allowed_hosts
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allow_any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = host_without_port(Headers(scope=scope).get("host", ""))
        if host and self.is_allowed(host):
            await self.app(scope, receive, send)
            return
        response: Response = PlainTextResponse("Invalid host header", status_code=400)
        if host and self.www_redirect and "www." + host in self.allowed_hosts:
            url = URL(scope=scope)
            response = RedirectResponse(url=str(url.replace(netloc="www." + url.netloc)))
        await response(scope, receive, send)
