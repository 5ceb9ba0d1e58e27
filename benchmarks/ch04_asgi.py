"""Chapter 04's asyncio ASGI server against uvicorn, with h11 and with httptools.

All three run the same raw ASGI hello app (below), one process each on the asyncio event
loop, access logs and lifespan off, in the same run; the harness puts each server on one
core and the load generator on another. Targets: at least 2x uvicorn ``--http h11`` (our
parser is pure Python too, but lean) and at least 0.6x uvicorn ``--http httptools`` (a C
parser). uvicorn keeps its defaults otherwise, so it also writes ``date`` and ``server``
headers, which ours does not.

The second measure is memory per idle keep-alive connection: each server gets N
connections that each completed one request and then sit idle, and we read the server's
resident memory (``VmRSS`` in ``/proc/PID/status``, so Linux only) before and after.

``python -m benchmarks.ch04_asgi [--duration 3] [--connections 64] [--no-wrk]
[--memory-connections 1000]`` prints both tables; ``python -m benchmarks.ch04_asgi memory
[--connections 5000]`` only the memory one. ``python -m benchmarks`` runs the throughput
table alone, to stay short.
"""

from __future__ import annotations

import argparse
import resource
import selectors
import socket
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import loadgen
from benchmarks.harness import Starter, parser, run_suite, start_server, suite_main

SUITE = "ch04_asgi"
BODY = b"Hello, world!"
REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: benchmarks\r\n\r\n"
CONNECTIONS = 64  # the harness's default for this suite (the issue asks for 64)
MEMORY_CONNECTIONS = 1000  # idle connections in the full suite run; `memory` defaults to 5000
#: Idle keep-alive connections must outlive the memory measurement (the servers' default is
#: 5 s, and opening 5,000 connections takes longer). Under constant load it changes nothing.
KEEP_ALIVE = 75

Message = MutableMapping[str, Any]  # the ASGI types, spelled out: no chapter import here


async def hello(scope: Message, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]) -> None:
    """The app every server runs: the smallest complete ASGI HTTP response."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"13")],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


def ch04() -> tuple[int, Callable[[], None]]:
    from chapters.ch04_asgi import Server

    server = Server(hello, "127.0.0.1", 0, access_log=False, lifespan="off", timeout_keep_alive=KEEP_ALIVE)
    return server.port, server.serve_forever


def uvicorn_with(http: str, make_app: Callable[[], Any] = lambda: hello) -> Starter:
    """A starter for uvicorn with ``--http HTTP --loop asyncio`` on a socket we bind.

    ``make_app`` builds the application in the server's own process (other suites pass
    their framework's app).
    """

    def start() -> tuple[int, Callable[[], None]]:
        import uvicorn

        # proto=IPPROTO_TCP as asyncio's own create_server(host, port) gives it: asyncio sets
        # TCP_NODELAY on accepted connections only then, and uvicorn writes head and body
        # separately, so without it every response waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(2048)  # the harness connects as soon as it reads the port: queue them
        config = uvicorn.Config(
            make_app(), loop="asyncio", http=http, lifespan="off", access_log=False, log_level="warning",
            timeout_keep_alive=KEEP_ALIVE,
        )
        server = uvicorn.Server(config)
        return sock.getsockname()[1], lambda: server.run(sockets=[sock])

    return start


SERVERS: dict[str, Starter] = {
    "ch04": ch04,
    "uvicorn-h11": uvicorn_with("h11"),
    "uvicorn-httptools": uvicorn_with("httptools"),
}
PAIRS = [("ch04", "uvicorn-h11"), ("ch04", "uvicorn-httptools")]


# -- memory per idle keep-alive connection ----------------------------------------------------


@dataclass
class Memory:
    name: str
    connections: int
    rss_before_kib: int
    rss_after_kib: int
    dropped: int  # connections the server closed before we measured (should be 0)

    @property
    def kib_per_connection(self) -> float:
        return (self.rss_after_kib - self.rss_before_kib) / self.connections


def rss_kib(pid: int) -> int:
    """Resident memory of process ``pid`` in KiB (Linux: ``VmRSS`` in ``/proc/PID/status``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def allow_open_files(count: int) -> None:
    """Raise this process's RLIMIT_NOFILE soft limit to ``count`` (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < count:
        if hard != resource.RLIM_INFINITY and hard < count:
            raise RuntimeError(f"{count} open files needed, the hard limit is {hard} (ulimit -Hn)")
        resource.setrlimit(resource.RLIMIT_NOFILE, (count, hard))


def open_idle(port: int, count: int, deadline: float, batch: int = 200) -> list[socket.socket]:
    """``count`` keep-alive connections that each got one complete response, now idle.

    Batches keep the listen backlog from overflowing; the caller closes the sockets, also
    those this opened before an error.
    """
    sockets: list[socket.socket] = []
    try:
        while len(sockets) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"opened only {len(sockets)} of {count} connections in time")
            fresh = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(min(batch, count - len(sockets)))]
            sockets += fresh
            for sock in fresh:
                sock.sendall(REQUEST)
            for sock in fresh:
                response = b""
                while b"\r\n\r\n" not in response or not response.endswith(BODY):
                    chunk = sock.recv(4096)
                    if not chunk:
                        raise ConnectionError("the server closed a connection before answering")
                    response += chunk
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def closed_by_server(sockets: list[socket.socket]) -> int:
    """How many of ``sockets`` are readable now: on an idle connection, that is an EOF."""
    with selectors.DefaultSelector() as selector:  # epoll: no FD_SETSIZE limit
        for sock in sockets:
            selector.register(sock, selectors.EVENT_READ)
        return len(selector.select(timeout=0))


def measure_memory(name: str, connections: int, *, timeout: float = 60.0, settle: float = 0.5) -> Memory:
    """Start ``name``, warm it up, and measure its RSS before and after ``connections`` idle ones."""
    allow_open_files(connections + 256)  # before the child starts: it inherits the limit
    process, port = start_server(SUITE, name)
    sockets: list[socket.socket] = []
    try:
        loadgen.run("127.0.0.1", port, REQUEST, connections=8, duration=0.2)  # first-request allocations
        time.sleep(settle)  # let the warm-up connections' clean-up run
        before = rss_kib(process.pid)
        sockets = open_idle(port, connections, time.monotonic() + timeout)
        time.sleep(settle)  # the last responses' tasks and buffers settle
        after = rss_kib(process.pid)
        return Memory(name, connections, before, after, dropped=closed_by_server(sockets))
    finally:
        for sock in sockets:
            sock.close()
        process.terminate()
        process.wait(10)


def memory_table(results: list[Memory]) -> str:
    ours = results[0]
    rows = [
        (
            f"Memory per idle keep-alive connection ({ours.connections:,} connections, each after one "
            "request; server RSS from /proc/PID/status)"
        ),
        "",
        "| server | RSS before | RSS after | KiB per connection | closed early | ch04 ÷ this |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        ratio = ours.kib_per_connection / result.kib_per_connection if result.kib_per_connection > 0 else float("nan")
        rows.append(
            f"| {result.name} | {result.rss_before_kib / 1024:,.1f} MiB | {result.rss_after_kib / 1024:,.1f} MiB "
            f"| {result.kib_per_connection:.2f} | {result.dropped} | {ratio:.2f}x |"
        )
    return "\n".join(rows)


def memory_report(connections: int) -> str:
    if not Path("/proc/self/status").exists():
        return "Memory per idle connection: skipped (needs Linux's /proc)."
    return memory_table([measure_memory(name, connections) for name in SERVERS])


# -- command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        return suite_main(SUITE, SERVERS, PAIRS, REQUEST, argv)
    if argv[:1] == ["memory"]:
        memory = argparse.ArgumentParser(prog=f"python -m benchmarks.{SUITE} memory", description="memory per idle connection")
        memory.add_argument("--connections", type=int, default=5000, help="idle connections per server (default: %(default)s)")
        print(memory_report(memory.parse_args(argv[1:]).connections))
        return 0
    arguments = parser(f"python -m benchmarks.{SUITE}", __doc__, CONNECTIONS)
    arguments.add_argument(
        "--memory-connections", type=int, default=MEMORY_CONNECTIONS,
        help="idle connections for the memory table, 0 to skip it (default: %(default)s)",
    )
    args = arguments.parse_args(argv)
    print(run_suite(SUITE, SERVERS, PAIRS, REQUEST, args), flush=True)
    if args.memory_connections > 0:
        print(f"\n{memory_report(args.memory_connections)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
