"""``python -m chapters.ch08_openapi [--host HOST] [--port PORT]``: serve the documented demo.

The demo (:mod:`chapters.ch08_openapi.demo`, a small shop) runs on chapter 04's server; its
documentation is at ``/docs`` (Swagger UI), ``/redoc`` (ReDoc) and ``/openapi.json``, and
works without internet. Any other app of this chapter is served the usual way:
``python -m chapters.ch04_asgi main:app`` (or ``uvicorn main:app``).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from chapters.ch04_asgi import Server
from chapters.ch08_openapi.demo import app
from chapters.support import port_number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chapters.ch08_openapi", description=__doc__)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level="INFO", format="%(levelname)-8s %(message)s")
    server = Server(app, args.host, args.port)
    base = f"http://{server.host}:{server.port}"
    # The docs line first: tools (and the tests) wait for the "running on" line, then read on.
    print(f"Interactive docs: {base}{app.docs_url}  ReDoc: {base}{app.redoc_url}", flush=True)
    print(f"Documented demo running on {base} (Press CTRL+C to quit)", flush=True)
    asyncio.run(server.serve(install_signal_handlers=True))
    return 3 if server.startup_failed else 0


if __name__ == "__main__":
    sys.exit(main())
