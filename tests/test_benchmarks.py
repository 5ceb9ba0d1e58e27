"""The benchmark command keeps working (its numbers are not asserted: speed is not a test)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_benchmarks_run_and_print_a_table_of_ratios() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--duration", "0.3", "--connections", "2", "--no-wrk"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    row = re.search(r"^\| ch02 \| ([\d,]+) \| (\d+) \| http\.server \(([\d,]+)/s\) \| ([\d.]+)x \|$", result.stdout, re.M)
    assert row, f"no ch02 row in:\n{result.stdout}"
    assert int(row[1].replace(",", "")) > 0 and int(row[3].replace(",", "")) > 0
    assert row[2] == "0", "the ch02 server dropped connections under load"
