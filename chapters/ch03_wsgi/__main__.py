"""``python -m chapters.ch03_wsgi module:app [--host H] [--port P] [--threads N]``: serve a WSGI app.

Like ``gunicorn module:app`` or ``uvicorn module:app``: try
``chapters.ch03_wsgi.apps:hello_app``, ``chapters.ch03_wsgi.demo:app`` or the Flask app
``chapters.ch03_wsgi.flask_app:app``.
"""

from __future__ import annotations

import argparse
import logging
import sys

from chapters.ch03_wsgi.loader import ImportFromStringError, import_from_string
from chapters.ch03_wsgi.middleware import RequestLogging
from chapters.ch03_wsgi.pool import DEFAULT_THREADS
from chapters.ch03_wsgi.server import serve
from chapters.support import port_number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chapters.ch03_wsgi", description=__doc__)
    parser.add_argument("app", help="the WSGI application, as module:attribute")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="0 picks a free port (default: %(default)s)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help="connections served at once (default: %(default)s)",
    )
    parser.add_argument(
        "--no-access-log", action="store_true", help="do not log one line per request"
    )
    args = parser.parse_args(argv)
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    try:
        app = import_from_string(args.app)
    except ImportFromStringError as error:
        parser.error(str(error))

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.no_access_log:
        app = RequestLogging(app)
    return serve(app, args.host, args.port, threads=args.threads)


if __name__ == "__main__":
    sys.exit(main())
