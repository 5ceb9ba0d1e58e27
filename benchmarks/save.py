"""``python -m benchmarks --save``: the run's reports as markdown and a PNG chart, with the machine.

A number without its machine means little, so the file starts with what was measured on:
the CPU, cores and memory, the operating system, Python and the versions of every package
compared, and the load generator. Then one table of every ratio with its target (the
chapters' speed targets, :data:`TARGETS`), the chart of the same ratios (:mod:`.chart`),
and each suite's own report as it was printed.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from benchmarks.chart import Bar, bar_chart

__all__ = [
    "PACKAGES",
    "TARGETS",
    "Row",
    "environment",
    "load_average",
    "rows_of",
    "save",
    "summary",
]

RESULTS = Path(__file__).parent / "results"
#: The real peers and the libraries under them.
PACKAGES = [
    "uvicorn",
    "h11",
    "httptools",
    "gunicorn",
    "starlette",
    "fastapi",
    "pydantic",
    "pydantic-core",
]
#: (suite, ours, reference) -> the ratio the chapters aim for.
TARGETS: dict[tuple[str, str, str], float] = {
    ("ch03_wsgi", "ch03", "gunicorn sync"): 1.2,
    ("ch04_asgi", "ch04", "uvicorn-h11"): 2.0,
    ("ch04_asgi", "ch04", "uvicorn-httptools"): 0.6,
    ("ch05_toolkit", "ch05 on uvicorn", "starlette on uvicorn"): 1.0,
    ("ch06_framework", "ch06 on uvicorn", "fastapi on uvicorn"): 1.3,
    ("ch08_framework", "ch08 on uvicorn", "fastapi on uvicorn"): 1.3,
    ("ch09_stack", "ch08 on ch04", "fastapi on uvicorn-h11"): 2.0,
}
#: A row of ``harness.table``: | ours | rate | errors | peer (rate/s) | ratio |
ROW = re.compile(
    r"^\| (?P<ours>[^|]+?) \| (?P<rate>[\d,]+) \| (?P<errors>\d+) "
    r"\| (?P<peer>[^|]+?) \((?P<peer_rate>[\d,]+)/s\) \| (?P<ratio>[\d.]+|nan)x \|$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Row:
    suite: str
    ours: str
    peer: str
    ratio: float

    @property
    def target(self) -> float | None:
        return TARGETS.get((self.suite, self.ours, self.peer))


def rows_of(suite: str, report: str) -> list[Row]:
    """The comparisons of one suite's printed report."""
    return [
        Row(suite, match["ours"], match["peer"], float(match["ratio"]))
        for match in ROW.finditer(report)
    ]


def _read(path: str, key: str) -> str | None:
    """The value of ``key: value`` in a /proc file (Linux), or None elsewhere."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def load_average() -> float | None:
    """The 1-minute load average (Unix): above the core count, something else shared the CPUs."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def environment(use_wrk: bool, load: float | None = None) -> str:
    """The machine, Python, the packages and the load generator, as markdown lines."""
    cpu = _read("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    memory = _read("/proc/meminfo", "MemTotal")
    memory_text = f", {int(memory.split()[0]) / 2**20:.0f} GiB" if memory else ""
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    if use_wrk and shutil.which("wrk"):
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
        client = " ".join((wrk.stdout or wrk.stderr).split()[:2]) or "wrk"
    else:
        client = "the pure-Python load generator (less precise: compare ratios only)"
    return (
        f"- Machine: {cpu}, {os.cpu_count()} logical CPUs{memory_text}; "
        f"{platform.system()} {platform.release()} {platform.machine()}\n"
        f"- Python {platform.python_version()} ({platform.python_implementation()})\n"
        f"- Packages: {', '.join(versions)}\n"
        f"- Load generator: {client}"
        + ("" if load is None else f"\n- Load average (1 min) when the run began: {load:.2f}")
    )


def summary(rows: list[Row]) -> str:
    """Every ratio with its target, numbered as the chart's bars are."""
    lines = [
        "| bar | suite | ours | reference | ratio | target | |",
        "|---:|---|---|---|---:|---:|---|",
    ]
    for number, row in enumerate(rows, 1):
        target = "" if row.target is None else f"≥ {row.target:g}"
        verdict = "" if row.target is None else ("met" if row.ratio >= row.target else "**missed**")
        lines.append(
            f"| {number} | {row.suite} | {row.ours} | {row.peer} | {row.ratio:.2f}x "
            f"| {target} | {verdict} |"
        )
    return "\n".join(lines)


def save(
    reports: dict[str, str],
    command: str,
    use_wrk: bool,
    folder: Path = RESULTS,
    load: float | None = None,
) -> Path:
    """Write ``all.md`` and ``all.png`` into ``folder``; return the markdown file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [row for suite, report in reports.items() for row in rows_of(suite, report)]
    (folder / "all.png").write_bytes(bar_chart([Bar(row.ratio, row.target) for row in rows]))
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = "\n\n".join(f"## {suite}\n\n{report}" for suite, report in reports.items())
    text = (
        "# Every suite, one run\n\n"
        f"{environment(use_wrk, load)}\n- Command: `{command}`, {when}\n\n"
        "Only the ratios travel between machines; on a shared or virtual machine they move "
        "between runs, so compare several.\n\n"
        "## Ratios against the real peers\n\n"
        "![One bar per row below: green meets its target, red misses it, grey has none; "
        "the black line is 1.0x, the dark tick the target](all.png)\n\n"
        f"{summary(rows)}\n\n{sections}\n"
    )
    path = folder / "all.md"
    path.write_text(text)
    return path
