"""What every benchmark suite shares: start a server process, load it, print the table.

A suite is a module ``benchmarks/<name>.py`` with:

* ``SERVERS``: name → function that starts that server on a free port of 127.0.0.1 and
  returns ``(port, serve_forever)``; the harness runs it in a child process with
  ``python -m benchmarks.<suite> serve NAME``, on its own core where there are two;
* ``PAIRS``: (our server, the reference peer) pairs to compare;
* ``REQUEST``: the raw request bytes to send (keep-alive, a Content-Length response);
* optionally ``CONNECTIONS``: the suite's default number of connections (else 16), used
  when ``--connections`` is not given.

Where the machine has two cores or more (and ``os.sched_setaffinity``), the server process
runs on one core and the load generator (wrk, or this process running ``loadgen``) on
another, so that neither steals the other's CPU time.

``python -m benchmarks`` runs every suite; ``python -m benchmarks.<suite>`` runs one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from benchmarks import loadgen

ROOT = Path(__file__).parent.parent
Starter = Callable[[], tuple[int, Callable[[], None]]]
DEFAULT_CONNECTIONS = 16


def cores() -> tuple[set[int], set[int]] | None:
    """``(server core, load generator core)``, or None where they cannot be kept apart."""
    if not hasattr(os, "sched_setaffinity"):
        return None  # macOS, Windows: let the OS schedule
    available = sorted(os.sched_getaffinity(0))
    return ({available[0]}, {available[1]}) if len(available) >= 2 else None


def pin_child(side: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that pins a child process to the server's (0) or the load's (1) core."""
    split = cores()
    if split is None:
        return None
    core = split[side]
    # In the child before exec, so that every thread it starts (wrk's) inherits the core.
    # preexec_fn is unsafe only in a process that runs threads; the harness runs none.
    return lambda: os.sched_setaffinity(0, core)


@contextlib.contextmanager
def pinned_to_load_core() -> Iterator[None]:
    """Run this process (the pure-Python load generator) on the load generator's core."""
    split = cores()
    if split is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, split[1])
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def start_server(suite: str, name: str) -> tuple[subprocess.Popen[str], int]:
    """``python -m benchmarks.<suite> serve NAME`` on the server's core; returns it and its port."""
    process = subprocess.Popen(
        [sys.executable, "-m", f"benchmarks.{suite}", "serve", name],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, preexec_fn=pin_child(0),  # noqa: PLW1509
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.strip():
        process.wait(10)
        raise RuntimeError(f"{name} did not start (exit status {process.returncode})")
    return process, int(line)


def serve(servers: dict[str, Starter], name: str) -> None:
    """Child-process side: start one server, print its port, serve until terminated."""
    port, serve_forever = servers[name]()
    print(port, flush=True)
    try:
        serve_forever()
    except KeyboardInterrupt:
        pass


def wrk_script(request: bytes) -> str | None:
    """A wrk Lua script that sends ``request``'s method, headers and body; None for a plain GET.

    wrk sends ``GET`` with no body unless a script says otherwise, so a suite whose
    ``REQUEST`` is a POST (chapter 06's calculator) gets its method, body and headers here.
    """
    head, _, body = request.partition(b"\r\n\r\n")
    request_line, *fields = head.decode("latin-1").split("\r\n")
    method = request_line.split(" ", 1)[0]
    if method == "GET" and not body:
        return None
    lines = [f'wrk.method = "{method}"', f"wrk.body = [==[{body.decode('latin-1')}]==]"]
    for field in fields:
        name, _, value = field.partition(":")
        if name.lower() not in ("host", "content-length"):  # wrk writes these itself
            lines.append(f'wrk.headers["{name}"] = "{value.strip()}"')
    return "\n".join(lines) + "\n"


def run_wrk(
    port: int, *, connections: int, duration: float, path: str = "/", latency: bool = False, request: bytes | None = None
) -> loadgen.Result:
    """Measure with wrk (``apt-get install wrk`` / ``brew install wrk``), a C load generator.

    With ``latency=True`` wrk prints its latency distribution and the result has its p99.
    ``request`` (raw bytes) sets the method, path, headers and body to send instead of ``GET path``.
    """
    seconds = max(1, round(duration))
    script = None if request is None else wrk_script(request)
    if request is not None:
        path = request.split(b" ", 2)[1].decode("latin-1")
    with tempfile.TemporaryDirectory() as folder:
        options = []
        if script is not None:
            (Path(folder) / "request.lua").write_text(script)
            options = ["-s", str(Path(folder) / "request.lua")]
        command = [
            "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", *options,
            *(["--latency"] if latency else []), f"http://127.0.0.1:{port}{path}",
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True, preexec_fn=pin_child(1)).stdout
    completed = re.search(r"(\d+) requests in", output)
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout):? (\d+)", output))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    return loadgen.Result(
        requests=int(completed[1]) if completed else 0,
        errors=errors,
        seconds=float(seconds),
        p99_ms=float(p99[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99[2]] if p99 else None,
    )


def check_answer(port: int, request: bytes, name: str) -> None:
    """Send ``request`` once and insist on a 2xx: a server that answers every request with
    an error (a 422 for a body it cannot parse, say) must not be measured as fast."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        status_line = sock.recv(65536).split(b"\r\n", 1)[0]
    if not re.match(rb"HTTP/1\.[01] 2\d\d ", status_line):
        raise RuntimeError(f"{name} answered the benchmark request with {status_line!r}, not a 2xx")


def measure(suite: str, name: str, request: bytes, *, connections: int, duration: float, use_wrk: bool) -> loadgen.Result:
    """Start ``name`` from ``suite`` in a child process, warm it up, and measure it."""
    process, port = start_server(suite, name)
    try:
        check_answer(port, request, name)
        with pinned_to_load_core():
            loadgen.run("127.0.0.1", port, request, connections=connections, duration=0.3)  # warm up
            if use_wrk:
                return run_wrk(port, connections=connections, duration=duration, request=request)
            return loadgen.run("127.0.0.1", port, request, connections=connections, duration=duration)
    finally:
        process.terminate()
        process.wait(10)


def table(pairs: Sequence[tuple[str, str]], results: dict[str, loadgen.Result]) -> str:
    rows = ["| server | requests/s | errors | reference | ratio |", "|---|---:|---:|---|---:|"]
    for ours, peer in pairs:
        mine, theirs = results[ours], results[peer]
        ratio = mine.requests_per_second / theirs.requests_per_second if theirs.requests_per_second else float("nan")
        rows.append(
            f"| {ours} | {mine.requests_per_second:,.0f} | {mine.errors} "
            f"| {peer} ({theirs.requests_per_second:,.0f}/s) | {ratio:.2f}x |"
        )
    return "\n".join(rows)


def parser(prog: str, description: str | None, connections: int | None = DEFAULT_CONNECTIONS) -> argparse.ArgumentParser:
    """The shared options; ``connections=None`` leaves the default to each suite (``run_suite``)."""
    arguments = argparse.ArgumentParser(prog=prog, description=description)
    arguments.add_argument("--duration", type=float, default=3.0, help="seconds per server (default: %(default)s)")
    arguments.add_argument(
        "--connections", type=int, default=connections,
        help="keep-alive connections (default: %(default)s)" if connections else "keep-alive connections (default: each suite's own)",
    )
    arguments.add_argument("--no-wrk", action="store_true", help="use the pure-Python load generator even if wrk is installed")
    return arguments


def run_suite(
    suite: str,
    servers: dict[str, Starter],
    pairs: Sequence[tuple[str, str]],
    request: bytes,
    args: argparse.Namespace,
    *,
    connections: int = DEFAULT_CONNECTIONS,
) -> str:
    """Measure every server of the suite's pairs in one run; return the markdown report.

    ``args.connections`` wins when it is set; ``connections`` is the suite's own default.
    """
    connections = args.connections if args.connections is not None else connections
    use_wrk = shutil.which("wrk") is not None and not args.no_wrk
    names = list(dict.fromkeys(name for pair in pairs for name in pair))
    results = {
        name: measure(suite, name, request, connections=connections, duration=args.duration, use_wrk=use_wrk)
        for name in names
    }
    client = "wrk" if use_wrk else "the pure-Python load generator (less precise: compare ratios only)"
    placement = "server and load generator on one core each" if cores() else "server and load generator sharing the CPUs"
    header = (
        f"Python {platform.python_version()} on {platform.machine()}, {connections} connections, "
        f"{args.duration}s per server, measured with {client}, {placement}"
    )
    return f"{header}\n\n{table(pairs, results)}"


def suite_main(
    suite: str,
    servers: dict[str, Starter],
    pairs: Sequence[tuple[str, str]],
    request: bytes,
    argv: list[str] | None = None,
    *,
    connections: int = DEFAULT_CONNECTIONS,
) -> int:
    """Command line of one suite: ``serve NAME`` (child process) or run the comparison."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        serve(servers, argv[1])
        return 0
    args = parser(f"python -m benchmarks.{suite}", None, connections).parse_args(argv)
    print(run_suite(suite, servers, pairs, request, args))
    return 0
