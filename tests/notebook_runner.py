"""Execute a notebook headless, twice in one kernel, and check it cleaned up after itself.

A person runs a notebook cell by cell and often runs it again: every server a notebook
starts must therefore bind port 0 and be stopped by the notebook itself. This runner
checks exactly that, the way a person would hit it: run all cells, run them all again in
the same kernel, then look for server threads and listening sockets that were not there
before the first run.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

CELL_TIMEOUT = 90  # seconds for any one cell

# Runs in the kernel before the first run: what is already there is not the notebook's.
PROBE_BEFORE = """
import threading as _probe_threading
def _probe_listening_inodes():
    import os
    try:
        own = {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
    except OSError:
        return set()  # not Linux: only threads are checked
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and f"socket:[{fields[9]}]" in own:  # 0A = LISTEN
                inodes.add((fields[1], fields[9]))
    return inodes
_probe_before = ({t.ident for t in _probe_threading.enumerate()}, _probe_listening_inodes())
"""

# Runs after the second run: anything new and still alive was leaked by the notebook.
PROBE_AFTER = """
import time as _probe_time
_probe_deadline = _probe_time.monotonic() + 5
while True:
    _probe_threads = [t for t in _probe_threading.enumerate()
                      if t.ident not in _probe_before[0] and t.is_alive()
                      and (not t.daemon or t.name.startswith("server:"))]
    _probe_sockets = _probe_listening_inodes() - _probe_before[1]
    if not (_probe_threads or _probe_sockets) or _probe_time.monotonic() > _probe_deadline:
        break
    _probe_time.sleep(0.05)
assert not _probe_threads, f"threads left running: {[t.name for t in _probe_threads]}"
assert not _probe_sockets, f"listening sockets left open (local address, inode): {_probe_sockets}"
"""


class NotebookFailed(AssertionError):
    pass


def pinned_kernel_manager(kernel_dir: Path) -> KernelManager:
    """A kernel running *this* interpreter, whatever kernels the user has installed."""
    spec_dir = kernel_dir / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    specs = KernelSpecManager(kernel_dirs=[str(kernel_dir)], ensure_native_kernel=False)
    return KernelManager(kernel_name="python3", kernel_spec_manager=specs)


def run_notebook(path: Path, runs: int = 2) -> None:
    """Run every code cell of ``path`` ``runs`` times in one kernel; raise NotebookFailed."""
    notebook = nbformat.read(path, as_version=4)
    # What the kernel executes, in order, with where each cell came from. (nbclient writes
    # outputs back into the notebook it executes, so every cell gets a place of its own.)
    plan: list[tuple[nbformat.NotebookNode, str, str]] = [(nbformat.v4.new_code_cell(PROBE_BEFORE), "setup", "probe")]
    for run in range(1, runs + 1):
        plan += [
            (nbformat.v4.new_code_cell(cell.source), f"run {run}", f"cell {number}")
            for number, cell in enumerate(notebook.cells, start=1)
            if cell.cell_type == "code"
        ]
    plan.append((nbformat.v4.new_code_cell(PROBE_AFTER), "clean-up check", "probe"))
    executed = nbformat.v4.new_notebook(cells=[cell for cell, _, _ in plan], metadata=notebook.metadata)
    with tempfile.TemporaryDirectory() as kernel_dir:
        client = NotebookClient(
            executed,
            km=pinned_kernel_manager(Path(kernel_dir)),
            timeout=CELL_TIMEOUT,
            resources={"metadata": {"path": str(path.parent)}},
        )
        with client.setup_kernel():
            for index, (cell, run, where) in enumerate(plan):
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError) as error:
                    source = "\n".join("    " + line for line in cell.source.splitlines())
                    raise NotebookFailed(f"{path.name}, {run}, {where} failed:\n{source}\n\n{error}") from None
