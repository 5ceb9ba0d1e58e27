"""Fixtures shared by every chapter's tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

# Every command-line server prints one line saying where it listens, e.g.
# "Echo server (threads) listening on 127.0.0.1:9000" or "running on http://127.0.0.1:8000".
READY_LINE = re.compile(r"(?:listening on|running on) (?:http://)?\[?[^\s\]]*\]?:(\d+)")


@dataclass
class CLIServer:
    """A chapter's command line running in a subprocess, and the port it reported."""

    process: subprocess.Popen[str]
    port: int
    output: list[str] = field(default_factory=list)

    def stop(self, timeout: float = 10.0) -> int:
        """Interrupt it as Ctrl+C would, and return its exit code."""
        if self.process.poll() is None:
            if sys.platform == "win32":
                self.process.terminate()
            else:
                self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def cli_server() -> Iterator[Callable[..., CLIServer]]:
    """Start ``python -m <module> <args>`` and wait for the line that gives its port."""
    started: list[CLIServer] = []

    def start(module: str, *args: str, timeout: float = 20.0) -> CLIServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        server = CLIServer(process, port=0)
        started.append(server)
        ready = threading.Event()

        def read_output() -> None:  # keeps draining, so the pipe never fills up
            assert process.stdout is not None
            for line in process.stdout:
                server.output.append(line)
                match = READY_LINE.search(line)
                if match and not ready.is_set():
                    server.port = int(match.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read_output, daemon=True).start()
        if not ready.wait(timeout) or not server.port:
            server.stop()
            pytest.fail(f"python -m {module} {' '.join(args)} never said where it listens:\n{''.join(server.output)}")
        return server

    yield start
    for server in started:
        server.stop()
