"""Chapter 04: an asyncio ASGI server (our uvicorn) on chapter 02's sans-IO parser."""

from chapters.ch04_asgi.config import AppImportError, Config, import_app
from chapters.ch04_asgi.server import Server
from chapters.ch04_asgi.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ASGIApp", "AppImportError", "Config", "Message", "Receive", "Scope", "Send", "Server", "import_app"]
