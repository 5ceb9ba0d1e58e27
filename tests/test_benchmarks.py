"""The benchmark command keeps working (its numbers are not asserted: speed is not a test)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from benchmarks.__main__ import SUITES

ROOT = Path(__file__).parent.parent
ROW = re.compile(r"^\| (?P<ours>[^|]+?) \| (?P<rate>[\d,]+) \| (?P<errors>\d+) \| (?P<peer>[^|]+?) \(([\d,]+)/s\) \| ([\d.]+|nan)x \|$", re.M)


def test_every_suite_runs_and_prints_a_row_per_pair() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--duration", "0.3", "--connections", "2", "--no-wrk"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for suite in SUITES:
        assert f"## {suite}" in result.stdout, f"suite {suite} printed nothing:\n{result.stdout}"
    rows = ROW.findall(result.stdout)
    ours = {row[0] for row in rows}
    assert {"ch02", "ch03", "ch04", "ch05 on uvicorn", "ch05 on ch04", "ch06 on uvicorn", "ch06 on ch04"} <= ours, result.stdout
    for name, rate, errors, *_ in rows:
        assert int(rate.replace(",", "")) > 0, f"{name} answered nothing under load"
        assert errors == "0", f"{name} dropped connections under load"


def test_toolkit_stack_timing_prints_both_stacks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.ch05_toolkit", "stack"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    times = dict(re.findall(r"^\| (ch05|starlette) \| ([\d.]+) \|", result.stdout, re.M))
    assert set(times) == {"ch05", "starlette"} and all(float(t) > 0 for t in times.values()), result.stdout


def test_framework_stack_timing_prints_both_frameworks() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from benchmarks.ch06_framework import stack_report; print(stack_report(count=200, rounds=1))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    times = dict(re.findall(r"^\| (ch06|fastapi) \| ([\d.]+) \|", result.stdout, re.M))
    assert set(times) == {"ch06", "fastapi"} and all(float(t) > 0 for t in times.values()), result.stdout


def test_wrk_script_carries_a_post_and_leaves_a_get_alone() -> None:
    from benchmarks.ch06_framework import BODY, REQUEST
    from benchmarks.harness import wrk_script

    script = wrk_script(REQUEST)
    assert script is not None
    assert 'wrk.method = "POST"' in script
    assert f"wrk.body = [==[{BODY.decode()}]==]" in script
    assert 'wrk.headers["Content-Type"] = "application/json"' in script
    assert "Content-Length" not in script  # wrk computes it from the body
    assert wrk_script(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n") is None
