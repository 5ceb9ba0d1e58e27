"""``python -m benchmarks``: requests per second of our servers and of their real peers.

Each server runs in its own process; the load generator runs in this one. The table gives
each server's rate and its ratio to the reference peer measured in the same run: only the
ratios are comparable between machines.
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import loadgen
from benchmarks.servers import SERVERS

REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: benchmarks\r\n\r\n"

#: (our server, the reference peer it is compared with)
PAIRS = [("ch02", "http.server")]


def run_wrk(port: int, *, connections: int, duration: float) -> loadgen.Result:
    """Measure with wrk (``apt-get install wrk`` / ``brew install wrk``): a C load generator."""
    seconds = max(1, round(duration))
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True,
    ).stdout
    completed = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: connect (\d+)", output)
    return loadgen.Result(
        requests=int(completed.group(1)) if completed else 0,
        errors=int(next(g for g in errors.groups() if g)) if errors else 0,
        seconds=float(seconds),
    )


def measure(name: str, *, connections: int, duration: float, use_wrk: bool) -> loadgen.Result:
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.servers", name],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        loadgen.run("127.0.0.1", port, REQUEST, connections=connections, duration=0.3)  # warm up
        if use_wrk:
            return run_wrk(port, connections=connections, duration=duration)
        return loadgen.run("127.0.0.1", port, REQUEST, connections=connections, duration=duration)
    finally:
        process.terminate()
        process.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per server (default: %(default)s)")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections (default: %(default)s)")
    parser.add_argument("--no-wrk", action="store_true", help="use the pure-Python load generator even if wrk is installed")
    args = parser.parse_args(argv)
    use_wrk = shutil.which("wrk") is not None and not args.no_wrk

    names = sorted({name for pair in PAIRS for name in pair} & set(SERVERS))
    results = {name: measure(name, connections=args.connections, duration=args.duration, use_wrk=use_wrk) for name in names}
    client = "wrk" if use_wrk else "the pure-Python load generator (less precise: compare ratios only)"
    print(f"Python {platform.python_version()} on {platform.machine()}, {args.connections} connections, "
          f"{args.duration}s per server, measured with {client}\n")
    print("| server | requests/s | errors | reference | ratio |")
    print("|---|---:|---:|---|---:|")
    for ours, peer in PAIRS:
        mine, theirs = results[ours], results[peer]
        ratio = mine.requests_per_second / theirs.requests_per_second if theirs.requests_per_second else float("nan")
        print(f"| {ours} | {mine.requests_per_second:,.0f} | {mine.errors} | {peer} ({theirs.requests_per_second:,.0f}/s) | {ratio:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
