"""Every notebook runs top to bottom, headless, twice in one kernel, and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.notebook_runner import run_notebook

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.notebook
@pytest.mark.timeout(600)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_twice_and_cleans_up(path: Path) -> None:
    run_notebook(path, runs=2)
