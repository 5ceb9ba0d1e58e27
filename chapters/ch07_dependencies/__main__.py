"""``python -m chapters.ch07_dependencies [--host HOST] [--port PORT] [--database FILE]``.

Serves the demo (:mod:`chapters.ch07_dependencies.demo`: a notes API on sqlite) on chapter
04's server; ``--database`` names the sqlite file (created if missing). Any other app of
this chapter is served the usual way: ``python -m chapters.ch04_asgi main:app``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from chapters.ch04_asgi import Server
from chapters.ch07_dependencies import demo
from chapters.support import port_number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chapters.ch07_dependencies", description=__doc__
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)"
    )
    parser.add_argument(
        "--database", default="notes.db", help="the sqlite file (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level="INFO", format="%(levelname)-8s %(message)s")
    demo.use_database(args.database)
    server = Server(demo.app, args.host, args.port)
    print(
        f"Notes demo ({args.database}) running on http://{server.host}:{server.port}"
        " (Press CTRL+C to quit)",
        flush=True,
    )
    asyncio.run(server.serve(install_signal_handlers=True))
    return 3 if server.startup_failed else 0


if __name__ == "__main__":
    sys.exit(main())
