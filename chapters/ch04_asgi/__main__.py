"""``python -m chapters.ch04_asgi main:app --port 8000``: serve an ASGI application.

The options mirror uvicorn's, so ``uvicorn main:app --port 8000`` and this command are
interchangeable for the apps of this tutorial (and for Starlette and FastAPI apps).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from chapters.ch04_asgi.config import AppImportError, import_app
from chapters.ch04_asgi.server import Server
from chapters.support import port_number

LOG_LEVELS = ["critical", "error", "warning", "info", "debug"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chapters.ch04_asgi", description=__doc__)
    parser.add_argument("app", help='the application, as "module:attribute" (e.g. main:app)')
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)")
    parser.add_argument("--lifespan", choices=["auto", "on", "off"], default="auto", help="lifespan protocol (default: %(default)s)")
    parser.add_argument("--log-level", choices=LOG_LEVELS, default="info", help="(default: %(default)s)")
    parser.add_argument("--no-access-log", action="store_true", help="no log line per request")
    parser.add_argument("--root-path", default="", help="the path prefix a proxy mounts the app under")
    parser.add_argument("--timeout-keep-alive", type=float, default=5.0, help="seconds (default: %(default)s)")
    parser.add_argument("--timeout-graceful-shutdown", type=float, default=10.0, help="seconds (default: %(default)s)")
    args = parser.parse_args(argv)

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)-8s %(message)s")
    try:
        app = import_app(args.app)
    except AppImportError as error:
        parser.error(str(error))
    server = Server(
        app,
        args.host,
        args.port,
        lifespan=args.lifespan,
        access_log=not args.no_access_log,
        root_path=args.root_path,
        timeout_keep_alive=args.timeout_keep_alive,
        timeout_graceful_shutdown=args.timeout_graceful_shutdown,
    )
    # The same words as uvicorn's banner, so tools that wait for it work with both.
    print(f"ASGI server running on http://{server.host}:{server.port} (Press CTRL+C to quit)", flush=True)
    asyncio.run(server.serve(install_signal_handlers=True))
    return 3 if server.startup_failed else 0


if __name__ == "__main__":
    sys.exit(main())
