"""Every name the differential apps import, from our chapters (see :mod:`.loading`)."""

from chapters.ch05_toolkit import Mount, PlainTextResponse, Route, Starlette
from chapters.ch08_openapi import Depends, Header, JSONResponse, Path, Query, status
from chapters.ch10_websockets.applications import FastAPI
from chapters.ch10_websockets.exceptions import WebSocketException
from chapters.ch10_websockets.routing import APIRouter, WebSocketRoute
from chapters.ch10_websockets.websockets import WebSocket, WebSocketDisconnect, WebSocketState

__all__ = [
    "APIRouter",
    "Depends",
    "FastAPI",
    "Header",
    "JSONResponse",
    "Mount",
    "Path",
    "PlainTextResponse",
    "Query",
    "Route",
    "Starlette",
    "WebSocket",
    "WebSocketDisconnect",
    "WebSocketException",
    "WebSocketRoute",
    "WebSocketState",
    "status",
]
