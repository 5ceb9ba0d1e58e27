"""The notebook runner itself catches what it promises to catch."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.notebook_runner import NotebookFailed, run_notebook


def write_notebook(path: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nbformat.write(notebook, path)
    return path


@pytest.mark.notebook
@pytest.mark.timeout(180)
def test_runner_reports_failing_cell_leaked_server_and_non_rerunnable_cell(tmp_path: Path) -> None:
    failing = write_notebook(tmp_path / "failing.ipynb", "x = 1", "raise ValueError('boom')")
    with pytest.raises(NotebookFailed, match=r"failing\.ipynb, run 1, cell 2 failed(.|\n)*boom"):
        run_notebook(failing)

    leaking = write_notebook(
        tmp_path / "leaking.ipynb",
        "from chapters.ch01_tcp import ThreadedEchoServer\n"
        "from chapters.support import BackgroundServer\n"
        "server = BackgroundServer(ThreadedEchoServer('127.0.0.1', 0)).start()",
    )
    with pytest.raises(NotebookFailed, match="clean-up check(.|\n)*(threads left running|listening sockets)"):
        run_notebook(leaking)

    once_only = write_notebook(
        tmp_path / "once.ipynb", "assert 'ran_before' not in globals(), 'not re-runnable'\nran_before = True"
    )
    with pytest.raises(NotebookFailed, match="run 2, cell 1"):
        run_notebook(once_only)

    clean = write_notebook(
        tmp_path / "clean.ipynb",
        "from chapters.ch01_tcp import ThreadedEchoServer, echo_once\n"
        "from chapters.support import BackgroundServer\n"
        "server = BackgroundServer(ThreadedEchoServer('127.0.0.1', 0), name='echo').start()",
        "assert echo_once('127.0.0.1', server.port, b'hi') == b'hi'",
        "server.stop()",
    )
    run_notebook(clean)
