"""``python -m chapters.ch02_http --directory DIR --port 8000``: run the chapter 02 server.

Open http://127.0.0.1:8000/ for the hello page, POST to /echo, and browse DIR under /files/.
"""

from __future__ import annotations

import argparse
import logging
import sys

from chapters.ch02_http.app import make_app
from chapters.ch02_http.server import HTTPServer
from chapters.support import port_number, serve_until_interrupted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chapters.ch02_http", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)")
    parser.add_argument("--directory", "-d", help="serve this directory under /files/")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        app = make_app(args.directory)
    except NotADirectoryError as error:
        parser.error(str(error))
    server = HTTPServer(args.host, args.port, app=app)
    print(f"HTTP server running on http://{server.host}:{server.port}/ (Ctrl+C to quit)", flush=True)
    return serve_until_interrupted(server)


if __name__ == "__main__":
    sys.exit(main())
