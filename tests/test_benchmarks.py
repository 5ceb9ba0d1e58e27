"""The benchmark command keeps working (its numbers are not asserted: speed is not a test)."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from benchmarks.__main__ import SUITES

ROOT = Path(__file__).parent.parent
ROW = re.compile(r"^\| (?P<ours>[^|]+?) \| (?P<rate>[\d,]+) \| (?P<errors>\d+) \| (?P<peer>[^|]+?) \(([\d,]+)/s\) \| ([\d.]+|nan)x \|$", re.M)


def test_every_suite_runs_and_prints_a_row_per_pair(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--duration", "0.3", "--connections", "2", "--no-wrk", "--memory-connections", "20", "--save", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for suite in SUITES:
        assert f"## {suite}" in result.stdout, f"suite {suite} printed nothing:\n{result.stdout}"
    rows = ROW.findall(result.stdout)
    ours = {row[0] for row in rows}
    assert {"ch02", "ch03", "ch04", "ch05 on uvicorn", "ch05 on ch04", "ch06 on uvicorn", "ch06 on ch04"} <= ours, result.stdout
    pairs = {(row[0], row[3]) for row in rows}
    assert {
        ("ch08 on uvicorn", "fastapi on uvicorn"),
        ("ch08 on ch04", "fastapi on uvicorn-h11"),
        ("ch08 on ch04", "fastapi on uvicorn-httptools"),
    } <= pairs, result.stdout
    for name, rate, errors, *_ in rows:
        assert int(rate.replace(",", "")) > 0, f"{name} answered nothing under load"
        assert errors == "0", f"{name} dropped connections under load"
    assert_saved(tmp_path, len(rows))
    memory = re.findall(r"^\| (ch04|uvicorn-h11|uvicorn-httptools) \| [\d.,]+ MiB \| [\d.,]+ MiB \| (-?[\d.]+) \|", result.stdout, re.M)
    assert {name for name, _ in memory} == {"ch04", "uvicorn-h11", "uvicorn-httptools"}, result.stdout
    assert "## memory per idle connection (ch04_asgi)" in (tmp_path / "all.md").read_text()


def assert_saved(folder: Path, rows: int) -> None:
    """``--save``: the machine and versions, one summary row per comparison, and the chart."""
    report = (folder / "all.md").read_text()
    assert "- Machine: " in report and "- Python 3." in report and "fastapi " in report
    assert "pure-Python load generator" in report
    summary = re.findall(r"^\| (\d+) \| (ch\d\d_\w+) \| .+ \| ([\d.]+|nan)x \| (≥ [\d.]+)? \|", report, re.M)
    assert [int(number) for number, *_ in summary] == list(range(1, rows + 1)), report
    assert ("ch09_stack", "≥ 2") in {(suite, target) for _, suite, _, target in summary}
    assert (folder / "all.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "](all.png)" in report


def test_the_chart_is_a_png_with_a_bar_per_ratio() -> None:
    from benchmarks.chart import MET, MISSED, NO_TARGET, Bar, bar_chart

    data = bar_chart([Bar(2.5, 2.0), Bar(0.5, 1.0), Bar(9.0)], width=200, bar_height=10, gap=10)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind, width, height, depth, colour_type = struct.unpack(">I4sIIBB", data[8:26])
    assert (length, kind, width, depth, colour_type) == (13, b"IHDR", 200, 8, 2)
    assert zlib.crc32(data[12:29]) == struct.unpack(">I", data[29:33])[0]
    idat = data.index(b"IDAT")
    (size,) = struct.unpack(">I", data[idat - 4 : idat])
    raw = zlib.decompress(data[idat + 4 : idat + 4 + size])
    stride = 1 + width * 3
    assert len(raw) == height * stride and all(raw[y * stride] == 0 for y in range(height))

    def pixel(x: int, y: int) -> tuple[int, ...]:
        start = y * stride + 1 + x * 3
        return tuple(raw[start : start + 3])

    # Bars start at x=20, y=20, 10 px high, 20 px apart: met, missed, no target.
    assert [pixel(25, 25), pixel(25, 45), pixel(25, 65)] == [MET, MISSED, NO_TARGET]
    assert pixel(width - 25, 25) == (255, 255, 255)  # 2.5x of a 4x axis ends before the edge
    assert pixel(width - 22, 65) == NO_TARGET  # 9x runs to the edge (clipped)


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
