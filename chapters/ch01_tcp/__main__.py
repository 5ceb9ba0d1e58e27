"""``python -m chapters.ch01_tcp --port 9000 --mode threads``: run an echo server.

Try it with ``nc 127.0.0.1 9000`` (or ``telnet``): every line you type comes back.
"""

from __future__ import annotations

import argparse
import sys

from chapters.ch01_tcp import SERVERS
from chapters.support import port_number, serve_until_interrupted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chapters.ch01_tcp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=port_number, default=9000, help="0 picks a free port (default: %(default)s)")
    parser.add_argument("--mode", choices=sorted(SERVERS), default="threads", help="which server to run")
    args = parser.parse_args(argv)

    server = SERVERS[args.mode](args.host, args.port)
    print(f"Echo server ({args.mode}) listening on {server.host}:{server.port} (Ctrl+C to quit)", flush=True)
    return serve_until_interrupted(server)


if __name__ == "__main__":
    sys.exit(main())
