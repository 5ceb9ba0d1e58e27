"""Chapter 10 (bonus): WebSockets from RFC 6455 up, on our server, toolkit and framework.

Three layers, as in the HTTP chapters: the sans-IO protocol (handshake, frames, the
connection's events and closing state), chapter 04's server extended to serve the ASGI
``websocket`` scope (``Server``), and the toolkit and framework names of Starlette and
FastAPI (``WebSocket``, ``WebSocketRoute``, ``@app.websocket``), with a chat demo. Everything
chapter 08 exports is exported here too, so FastAPI code with websockets runs with only its
import lines changed.
"""

from chapters.ch08_openapi import (
    APIRoute,
    BaseModel,
    Body,
    Cookie,
    Depends,
    FastAPIError,
    Field,
    FileResponse,
    Header,
    HTMLResponse,
    HTTPException,
    InvalidParameterError,
    JSONResponse,
    Path,
    PlainTextResponse,
    Query,
    RedirectResponse,
    Request,
    RequestValidationError,
    Response,
    ResponseValidationError,
    StreamingResponse,
    TestClient,
    ValidationError,
    get_openapi,
    get_redoc_html,
    get_swagger_ui_html,
    jsonable_encoder,
    status,
)
from chapters.ch10_websockets.applications import FastAPI
from chapters.ch10_websockets.chat import Rooms, create_app
from chapters.ch10_websockets.config import WebSocketConfig
from chapters.ch10_websockets.connection import DEFAULT_MAX_MESSAGE_SIZE, WebSocketConnection
from chapters.ch10_websockets.cycle import ClientDisconnected, WebSocketCycle
from chapters.ch10_websockets.errors import (
    HandshakeError,
    LocalProtocolError,
    ProtocolError,
    RemoteProtocolError,
)
from chapters.ch10_websockets.events import (
    NEED_DATA,
    BinaryMessage,
    Close,
    Event,
    Ping,
    Pong,
    TextMessage,
)
from chapters.ch10_websockets.exceptions import (
    WebSocketException,
    WebSocketRequestValidationError,
)
from chapters.ch10_websockets.frames import (
    CloseCode,
    Frame,
    Opcode,
    build_frame,
    parse_frame,
    unmask,
)
from chapters.ch10_websockets.handshake import (
    Handshake,
    accept_key,
    accept_response,
    is_websocket_request,
    read_handshake,
)
from chapters.ch10_websockets.protocol import WebSocketProtocol
from chapters.ch10_websockets.routing import (
    APIRouter,
    APIWebSocketRoute,
    WebSocketRoute,
    websocket_session,
)
from chapters.ch10_websockets.server import Server
from chapters.ch10_websockets.state import (
    CLOSE_RECEIVED,
    CLOSE_SENT,
    CLOSED,
    FAILED,
    OPEN,
    State,
)
from chapters.ch10_websockets.websockets import (
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketState,
)

__all__ = [
    "CLOSED",
    "CLOSE_RECEIVED",
    "CLOSE_SENT",
    "DEFAULT_MAX_MESSAGE_SIZE",
    "FAILED",
    "NEED_DATA",
    "OPEN",
    "APIRoute",
    "APIRouter",
    "APIWebSocketRoute",
    "BaseModel",
    "BinaryMessage",
    "Body",
    "ClientDisconnected",
    "Close",
    "CloseCode",
    "Cookie",
    "Depends",
    "Event",
    "FastAPI",
    "FastAPIError",
    "Field",
    "FileResponse",
    "Frame",
    "HTMLResponse",
    "HTTPException",
    "Handshake",
    "HandshakeError",
    "Header",
    "InvalidParameterError",
    "JSONResponse",
    "LocalProtocolError",
    "Opcode",
    "Path",
    "Ping",
    "PlainTextResponse",
    "Pong",
    "ProtocolError",
    "Query",
    "RedirectResponse",
    "RemoteProtocolError",
    "Request",
    "RequestValidationError",
    "Response",
    "ResponseValidationError",
    "Rooms",
    "Server",
    "State",
    "StreamingResponse",
    "TestClient",
    "TextMessage",
    "ValidationError",
    "WebSocket",
    "WebSocketClose",
    "WebSocketConfig",
    "WebSocketConnection",
    "WebSocketCycle",
    "WebSocketDisconnect",
    "WebSocketException",
    "WebSocketProtocol",
    "WebSocketRequestValidationError",
    "WebSocketRoute",
    "WebSocketState",
    "accept_key",
    "accept_response",
    "build_frame",
    "create_app",
    "get_openapi",
    "get_redoc_html",
    "get_swagger_ui_html",
    "is_websocket_request",
    "jsonable_encoder",
    "parse_frame",
    "read_handshake",
    "status",
    "unmask",
    "websocket_session",
]
