"""``python -m chapters.ch09_capstone [--host HOST] [--port PORT] [--database FILE]``.

Serves the capstone application (:mod:`chapters.ch09_capstone.main`) on chapter 04's server:
the finished framework on the finished server. ``--database`` names the sqlite file
(default: ``$CAPSTONE_DATABASE``, else ``capstone.db``; created if missing). The docs are at
``/docs``, ``/redoc`` and ``/openapi.json``. The same app runs on uvicorn too:
``uvicorn chapters.ch09_capstone.main:app``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from chapters.ch04_asgi import Server
from chapters.ch09_capstone import main as capstone
from chapters.support import port_number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chapters.ch09_capstone", description=__doc__)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)"
    )
    parser.add_argument(
        "--database",
        default=str(capstone.database.path),
        help="the sqlite file (default: %(default)s, from $CAPSTONE_DATABASE if set)",
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level="INFO", format="%(levelname)-8s %(message)s")
    capstone.use_database(args.database)
    server = Server(capstone.app, args.host, args.port)
    base = f"http://{server.host}:{server.port}"
    # The docs line first: tools (and the tests) wait for the "running on" line, then read on.
    print(f"Interactive docs: {base}/docs  ReDoc: {base}/redoc", flush=True)
    print(
        f"Capstone ({args.database}) running on {base} (Press CTRL+C to quit)",
        flush=True,
    )
    asyncio.run(server.serve(install_signal_handlers=True))
    return 3 if server.startup_failed else 0


if __name__ == "__main__":
    sys.exit(main())
