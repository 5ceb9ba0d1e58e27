"""``python -m chapters.ch10_websockets [module:app] --port 8000``: serve HTTP and WebSockets.

Chapter 04's command line with the WebSocket options of uvicorn (``--ws-max-size``,
``--ws-ping-interval``, ``--ws-ping-timeout``). Without an application it serves the chat
demo (``chapters.ch10_websockets.chat:app``), or the echo application if there is no chat.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import sys

from chapters.ch04_asgi.__main__ import LOG_LEVELS
from chapters.ch04_asgi.config import AppImportError, import_app
from chapters.ch04_asgi.types import ASGIApp
from chapters.ch10_websockets.connection import DEFAULT_MAX_MESSAGE_SIZE
from chapters.ch10_websockets.server import Server
from chapters.support import port_number


def default_app() -> str:
    """The chat demo, or the echo application where the chat module is absent."""
    chat = importlib.util.find_spec("chapters.ch10_websockets.chat")
    return (
        "chapters.ch10_websockets.chat:app"
        if chat is not None
        else "chapters.ch10_websockets.echo:app"
    )


def build_parser() -> argparse.ArgumentParser:
    """Chapter 04's options, uvicorn's names and defaults; the WebSocket ones added below."""
    parser = argparse.ArgumentParser(prog="python -m chapters.ch10_websockets", description=__doc__)
    parser.add_argument(
        "app", nargs="?", default=default_app(), help='"module:attribute" (default: %(default)s)'
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)"
    )
    parser.add_argument(
        "--lifespan", choices=["auto", "on", "off"], default="auto", help="(default: %(default)s)"
    )
    parser.add_argument(
        "--log-level", choices=LOG_LEVELS, default="info", help="(default: %(default)s)"
    )
    parser.add_argument("--no-access-log", action="store_true", help="no log line per request")
    parser.add_argument(
        "--root-path", default="", help="the path prefix a proxy mounts the app under"
    )
    parser.add_argument(
        "--timeout-graceful-shutdown",
        type=float,
        default=10.0,
        help="seconds (default: %(default)s)",
    )
    add_websocket_options(parser)
    return parser


def add_websocket_options(parser: argparse.ArgumentParser) -> None:
    """uvicorn's ``--ws-max-size``, ``--ws-ping-interval`` and ``--ws-ping-timeout``."""
    parser.add_argument(
        "--ws-max-size",
        type=int,
        default=DEFAULT_MAX_MESSAGE_SIZE,
        help="bytes (default: %(default)s)",
    )
    parser.add_argument(
        "--ws-ping-interval", type=float, default=20.0, help="seconds (default: %(default)s)"
    )
    parser.add_argument(
        "--ws-ping-timeout", type=float, default=20.0, help="seconds (default: %(default)s)"
    )


def load_app(parser: argparse.ArgumentParser, spec: str) -> ASGIApp:
    """The application ``spec`` names; one that cannot be imported is a usage error (exit 2)."""
    try:
        return import_app(spec)
    except AppImportError as error:
        parser.error(str(error))


def make_server(app: ASGIApp, args: argparse.Namespace) -> Server:
    """The server, bound to its port already (``--port 0`` picks one), configured from ``args``."""
    return Server(
        app,
        args.host,
        args.port,
        lifespan=args.lifespan,
        access_log=not args.no_access_log,
        root_path=args.root_path,
        timeout_graceful_shutdown=args.timeout_graceful_shutdown,
        ws_max_size=args.ws_max_size,
        ws_ping_interval=args.ws_ping_interval,
        ws_ping_timeout=args.ws_ping_timeout,
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the options, load the application, serve until Ctrl+C; 3 if startup failed."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)-8s %(message)s")
    server = make_server(load_app(parser, args.app), args)
    # The same words as uvicorn's banner, so tools that wait for it work with both.
    print(
        f"ASGI server running on http://{server.host}:{server.port} (Press CTRL+C to quit)",
        flush=True,
    )
    asyncio.run(server.serve(install_signal_handlers=True))
    return 3 if server.startup_failed else 0


if __name__ == "__main__":
    sys.exit(main())
