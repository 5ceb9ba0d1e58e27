"""``python -m benchmarks``: every suite, each server against its real peer, in one run.

Each suite is a module of this package (see ``harness.py``); ``python -m benchmarks.<suite>``
runs one alone. Only the ratios are comparable between machines. Each suite runs with its
own default number of connections (its ``CONNECTIONS``, else 16) unless ``--connections``
is given. After the suites, chapter 04's second measure: memory per idle keep-alive
connection, ours against uvicorn (``--memory-connections``, 0 to skip; Linux only).
``--save`` also writes the run to ``benchmarks/results/`` (``all.md``, with the machine and
the versions, and ``all.png``).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

from benchmarks.ch04_asgi import memory_report
from benchmarks.harness import DEFAULT_CONNECTIONS, parser, run_suite
from benchmarks.save import RESULTS, load_average, save

#: The suites, in chapter order. A chapter with a server adds its module here.
SUITES = [
    "ch02_http",
    "ch03_wsgi",
    "ch04_asgi",
    "ch05_toolkit",
    "ch06_framework",
    "ch08_framework",
    "ch09_stack",
]


def main(argv: list[str] | None = None) -> int:
    arguments = parser("python -m benchmarks", __doc__, connections=None)
    arguments.add_argument(
        "--save",
        nargs="?",
        const=RESULTS,
        type=Path,
        metavar="FOLDER",
        help="write all.md and all.png to FOLDER (default: benchmarks/results)",
    )
    arguments.add_argument(
        "--memory-connections",
        type=int,
        default=1000,
        help="idle connections for the memory per connection table, 0 to skip (default: %(default)s)",
    )
    args = arguments.parse_args(argv)
    load = load_average()  # before the run: were the CPUs free?
    reports: dict[str, str] = {}
    for suite in SUITES:
        module = importlib.import_module(f"benchmarks.{suite}")
        print(f"## {suite}\n")
        connections = getattr(module, "CONNECTIONS", DEFAULT_CONNECTIONS)
        report = run_suite(
            suite, module.SERVERS, module.PAIRS, module.REQUEST, args, connections=connections
        )
        reports[suite] = report
        print(report, end="\n\n", flush=True)
    if args.memory_connections > 0:
        reports["memory per idle connection (ch04_asgi)"] = memory_report(args.memory_connections)
        print(reports["memory per idle connection (ch04_asgi)"], end="\n\n", flush=True)
    if args.save is not None:
        command = " ".join(["python -m benchmarks", *(sys.argv[1:] if argv is None else argv)])
        use_wrk = shutil.which("wrk") is not None and not args.no_wrk
        print(f"Saved {save(reports, command, use_wrk, args.save, load)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
