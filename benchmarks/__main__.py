"""``python -m benchmarks``: every suite, each server against its real peer, in one run.

Each suite is a module of this package (see ``harness.py``); ``python -m benchmarks.<suite>``
runs one alone. Only the ratios are comparable between machines. Each suite runs with its
own default number of connections (its ``CONNECTIONS``, else 16) unless ``--connections``
is given. Extra reports a suite prints from its own command (chapter 04's memory per idle
connection) are left out here to keep this run short.
"""

from __future__ import annotations

import importlib
import sys

from benchmarks.harness import DEFAULT_CONNECTIONS, parser, run_suite

#: The suites, in chapter order. A chapter with a server adds its module here.
SUITES = ["ch02_http", "ch03_wsgi", "ch04_asgi", "ch05_toolkit", "ch06_framework"]


def main(argv: list[str] | None = None) -> int:
    args = parser("python -m benchmarks", __doc__, connections=None).parse_args(argv)
    for suite in SUITES:
        module = importlib.import_module(f"benchmarks.{suite}")
        print(f"## {suite}\n")
        connections = getattr(module, "CONNECTIONS", DEFAULT_CONNECTIONS)
        report = run_suite(suite, module.SERVERS, module.PAIRS, module.REQUEST, args, connections=connections)
        print(report, end="\n\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
