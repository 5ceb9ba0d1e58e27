"""Chapter 03's WSGI server against ``wsgiref.simple_server`` and gunicorn's sync worker.

All three serve the same bare-spec hello app, one process each, in the same run. With
wrk installed this suite also reports the p99 latency (``wrk --latency``), and pins each
server to one core and wrk to another where there are two, so that "one core each" holds.
``python -m benchmarks.ch03_wsgi [--duration 3] [--connections 16] [--no-wrk]``.

What the numbers mean: wsgiref serves one connection at a time and HTTP/1.0 (a new
connection per request); gunicorn's sync worker is one process, one request at a time, and
closes after each response; ours keeps connections alive and serves them from its thread
pool. wrk reconnects after every close, so all three are measured the same way. Without wrk
(or with ``--no-wrk``) the shared pure-Python load generator runs instead; it does not
reconnect, so only the ch03 figure means anything there.
"""

from __future__ import annotations

import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable

from benchmarks.harness import ROOT, Starter, parser, run_wrk, start_server, suite_main
from benchmarks.loadgen import Result

BODY = b"Hello, WSGI!\n"
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: benchmarks\r\n\r\n"


def hello(environ: dict, start_response: Callable[..., object]) -> list[bytes]:
    """The app all three serve: ``hello_app`` with an explicit Content-Length, so that no
    server needs to add one (gunicorn would otherwise chunk or close-delimit it)."""
    start_response(
        "200 OK",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))],
    )
    return [BODY]


def ch03() -> tuple[int, Callable[[], None]]:
    from chapters.ch03_wsgi import make_server

    server = make_server("127.0.0.1", 0, hello)
    return server.port, server.serve_forever


def wsgiref() -> tuple[int, Callable[[], None]]:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = make_server("127.0.0.1", 0, hello, handler_class=Quiet)
    return server.server_port, server.serve_forever


def gunicorn_sync() -> tuple[int, Callable[[], None]]:
    """``gunicorn -w 1 -k sync`` as a child process, listening before this returns.

    The harness connects as soon as it reads the port, so wait until gunicorn listens; and
    the harness stops us with SIGTERM, so pass that on to gunicorn rather than orphan it.
    """
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        "1",
        "-k",
        "sync",
        "--log-level",
        "warning",
        "-b",
        f"127.0.0.1:{port}",
        "benchmarks.ch03_wsgi:hello",
    ]
    child = subprocess.Popen(command, cwd=ROOT)
    signal.signal(signal.SIGTERM, lambda signum, frame: child.terminate())
    wait_for_port(port)
    return port, lambda: child.wait() and None


SERVERS: dict[str, Starter] = {"ch03": ch03, "gunicorn sync": gunicorn_sync, "wsgiref": wsgiref}
PAIRS = [("ch03", "gunicorn sync"), ("ch03", "wsgiref")]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port}")


def measure(name: str, connections: int, seconds: int) -> Result:
    """Start ``name`` on the server's core, wait until it listens, warm it up, measure it."""
    process, port = start_server("ch03_wsgi", name)
    try:
        wait_for_port(port)  # gunicorn prints its port before its worker accepts
        run_wrk(port, connections=connections, duration=1)  # warm up
        return run_wrk(port, connections=connections, duration=seconds, latency=True)
    finally:
        process.terminate()
        process.wait(10)


def report(results: dict[str, Result], connections: int, seconds: int) -> str:
    lines = [
        (
            f"Python {platform.python_version()} on {platform.machine()}, {connections} connections, "
            f"{seconds}s per server, wrk --latency, server and wrk on one core each"
        ),
        "",
        "| server | requests/s | p99 latency | errors | ch03 requests/s ÷ theirs | their p99 ÷ ch03 p99 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    ours_p99 = results["ch03"].p99_ms or float("nan")
    ours = results["ch03"]
    for name, result in results.items():
        their_p99 = result.p99_ms or float("nan")
        speed = (
            ours.requests_per_second / result.requests_per_second
            if result.requests_per_second
            else float("nan")
        )
        p99 = their_p99 / ours_p99
        lines.append(
            f"| {name} | {result.requests_per_second:,.0f} | {their_p99:.2f} ms | {result.errors} "
            f"| {speed:.2f}x | {p99:.1f}x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"] or shutil.which("wrk") is None or "--no-wrk" in argv:
        return suite_main("ch03_wsgi", SERVERS, PAIRS, REQUEST, argv)  # the shared harness (no p99)
    args = parser("python -m benchmarks.ch03_wsgi", __doc__).parse_args(argv)
    seconds = max(1, round(args.duration))
    results = {name: measure(name, args.connections, seconds) for name in SERVERS}
    print(report(results, args.connections, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
