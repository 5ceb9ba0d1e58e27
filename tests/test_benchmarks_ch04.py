"""The chapter 04 benchmark suite runs: throughput table and memory per idle connection.

Its numbers are not asserted (speed is not a test), only that every server answered
without errors and that the memory table has a figure for each.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

pytest.importorskip("uvicorn")
pytest.importorskip("httptools")


def run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.ch04_asgi", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_suite_compares_ch04_with_both_uvicorns() -> None:
    output = run("--duration", "0.3", "--connections", "4", "--no-wrk", "--memory-connections", "0")
    rows = re.findall(r"^\| ch04 \| ([\d,]+) \| (\d+) \| (uvicorn-\w+) \(([\d,]+)/s\) \| ([\d.]+)x \|$", output, re.MULTILINE)
    assert [row[2] for row in rows] == ["uvicorn-h11", "uvicorn-httptools"], output
    for ours, errors, _peer, theirs, _ratio in rows:
        assert int(ours.replace(",", "")) > 0 and int(theirs.replace(",", "")) > 0, output
        assert errors == "0", f"the ch04 server dropped connections under load:\n{output}"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS from Linux's /proc")
def test_memory_per_idle_connection_is_measured_for_every_server() -> None:
    output = run("memory", "--connections", "50")
    rows = re.findall(r"^\| ([\w-]+) \| ([\d.,]+) MiB \| ([\d.,]+) MiB \| (-?[\d.]+) \| (\d+) \|", output, re.MULTILINE)
    assert [row[0] for row in rows] == ["ch04", "uvicorn-h11", "uvicorn-httptools"], output
    for _name, before, after, _per_connection, closed_early in rows:
        assert float(before.replace(",", "")) > 0 and float(after.replace(",", "")) > 0, output
        assert closed_early == "0", f"a server closed idle keep-alive connections early:\n{output}"
