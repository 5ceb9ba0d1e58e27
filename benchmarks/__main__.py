"""``python -m benchmarks``: every suite, each server against its real peer, in one run.

Each suite is a module of this package (see ``harness.py``); ``python -m benchmarks.<suite>``
runs one alone. Only the ratios are comparable between machines.
"""

from __future__ import annotations

import importlib
import sys

from benchmarks.harness import parser, run_suite

#: The suites, in chapter order. A chapter with a server adds its module here.
SUITES = ["ch02_http"]


def main(argv: list[str] | None = None) -> int:
    args = parser("python -m benchmarks", __doc__).parse_args(argv)
    for suite in SUITES:
        module = importlib.import_module(f"benchmarks.{suite}")
        print(f"## {suite}\n")
        print(run_suite(suite, module.SERVERS, module.PAIRS, module.REQUEST, args), end="\n\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
