"""``python -m chapters.ch06_framework [--host HOST] [--port PORT]``: serve the demo app.

The demo (:mod:`chapters.ch06_framework.demo`: the calculator and an items API) runs on
chapter 04's server. Any other app of this chapter is served the usual way:
``python -m chapters.ch04_asgi main:app`` (or ``uvicorn main:app``).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from chapters.ch04_asgi import Server
from chapters.ch06_framework.demo import app
from chapters.support import port_number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chapters.ch06_framework", description=__doc__)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level="INFO", format="%(levelname)-8s %(message)s")
    server = Server(app, args.host, args.port)
    print(
        f"Framework demo running on http://{server.host}:{server.port} (Press CTRL+C to quit)",
        flush=True,
    )
    asyncio.run(server.serve(install_signal_handlers=True))
    return 3 if server.startup_failed else 0


if __name__ == "__main__":
    sys.exit(main())
