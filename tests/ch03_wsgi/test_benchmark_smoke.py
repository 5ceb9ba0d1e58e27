"""The chapter 03 benchmark keeps working (its numbers are not asserted: speed is not a test)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

from benchmarks import ch03_wsgi
from benchmarks.harness import start_server

ROOT = Path(__file__).parent.parent.parent


def test_every_server_of_the_suite_starts_and_answers() -> None:
    """Each starter, in a child process as the harness runs it, answers GET / with the hello body."""
    for name in ch03_wsgi.SERVERS:
        process, port = start_server("ch03_wsgi", name)
        try:
            ch03_wsgi.wait_for_port(port)
            assert (
                requests.get(f"http://127.0.0.1:{port}/", timeout=5).content == b"Hello, WSGI!\n"
            ), name
        finally:
            process.terminate()
            process.wait(10)


def test_the_benchmark_prints_a_table() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.ch03_wsgi",
            "--duration",
            "0.3",
            "--connections",
            "2",
            "--no-wrk",
        ],
        cwd=ROOT,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    row = re.search(r"^\| ch03 \| ([\d,]+) \| (\d+) \| gunicorn sync", result.stdout, re.MULTILINE)
    assert row and int(row[1].replace(",", "")) > 0 and row[2] == "0", result.stdout
