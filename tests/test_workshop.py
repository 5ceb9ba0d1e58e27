"""The learner harness, tested the way a learner uses it: ``pytest tests/chNN --impl MODULE``.

For every chapter with a contract (``tests/chNN_topic/test_contract.py``), the harness must
fail the starter stub (every contract test, each with its transcript) and pass the chapter's
reference; a learner's module is found in the current folder; misuse gets a plain usage
error. The pytest runs are subprocesses, started all at once so that they overlap.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from chapters.support.exercises import is_placeholder
from tests.workshop import SECTION

ROOT = Path(__file__).parent.parent
CHAPTERS = sorted(p.parent.name for p in (ROOT / "tests").glob("ch[0-9][0-9]_*/test_contract.py"))
#: Each run takes a few seconds; the bound is for a machine under load.
RUN_TIMEOUT = 90.0


@dataclass
class Run:
    """One ``pytest`` subprocess, started at once and read when a test needs it."""

    args: list[str]
    process: subprocess.Popen[str]

    def result(self) -> tuple[int, str]:
        try:
            output, _ = self.process.communicate(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
            pytest.fail(f"pytest {' '.join(self.args)} ran over {RUN_TIMEOUT:g} s:\n{output}")
        return self.process.returncode, output


def start_pytest(*args: str, cwd: Path = ROOT, isolated: bool = False) -> Run:
    """``python -m pytest ARGS`` in ``cwd``; ``isolated`` leaves the cwd off ``sys.path``
    (``-P``), as the ``pytest`` command does, so that the harness must add it.

    Hypothesis's plugin is left out (it takes longer to import than most runs take), unless
    the tests collected need it: chapter 02's folder does.
    """
    command = [sys.executable, *(["-P"] if isolated else []), "-m", "pytest", *args]
    command += ["-q", "-p", "no:cacheprovider", "--color=no"]
    if not any(arg.endswith("ch02_http") for arg in args):
        command += ["-p", "no:hypothesispytest"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "120"}
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return Run(list(args), process)


STARLETTE = """\
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, Router
"""

MISUSES = {
    "missing-module": (
        ["tests/ch01_tcp/test_contract.py", "--impl", "no_such_module_here"],
        "could not import 'no_such_module_here'",
    ),
    "two-chapters": (
        ["tests/ch01_tcp/test_contract.py", "tests/ch02_http/test_contract.py", "--impl", "x"],
        "give one chapter's folder",
    ),
    "no-contract": (
        ["tests/test_repository.py", "--impl", "x"],
        "none of the collected tests is a contract",
    ),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], Run]]:
    """Every pytest run of this module, all started now, so that they overlap.

    Per chapter, the stub runs as a learner's module does, on the chapter's folder (so the
    reference's own tests are deselected); the reference runs on the contract file alone,
    which gives the number of contract tests the stub must fail. Then two learner folders
    (run with the cwd off ``sys.path``, as the ``pytest`` command runs), and the misuses.
    """
    started = {}
    for chapter in CHAPTERS:
        stub, reference = f"chapters.{chapter}.starter", f"chapters.{chapter}.contract"
        started[chapter, "starter"] = start_pytest(f"tests/{chapter}", "--impl", stub)
        contract = f"tests/{chapter}/test_contract.py"
        started[chapter, "contract"] = start_pytest(contract, "--impl", reference)
    starlette = tmp_path_factory.mktemp("learner")
    (starlette / "my_toolkit.py").write_text(STARLETTE)
    tests = str(ROOT / "tests" / "ch05_toolkit" / "test_contract.py")
    started["learner", "starlette"] = start_pytest(
        tests, "--impl", "my_toolkit.py", cwd=starlette, isolated=True
    )
    copied = tmp_path_factory.mktemp("learner")
    shutil.copy(ROOT / "chapters" / "ch01_tcp" / "starter.py", copied / "my_tcp.py")
    tests = str(ROOT / "tests" / "ch01_tcp" / "test_contract.py")
    started["learner", "copy"] = start_pytest(tests, "--impl", "my_tcp", cwd=copied, isolated=True)
    for name, (args, _message) in MISUSES.items():
        started["misuse", name] = start_pytest(*args)
    yield started
    for run in started.values():
        if run.process.poll() is None:
            run.process.kill()
            run.process.communicate()


def counts(output: str) -> dict[str, int]:
    """``{"failed": 17, "deselected": 885}`` from pytest's last line."""
    return {
        word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|deselected|error)", output)
    }


def test_every_chapter_up_to_05_has_a_contract() -> None:
    assert CHAPTERS[:5] == ["ch01_tcp", "ch02_http", "ch03_wsgi", "ch04_asgi", "ch05_toolkit"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_kit_is_complete(chapter: str) -> None:
    """The README states the contract; the starter has the contract's names, all empty."""
    readme = (ROOT / "chapters" / chapter / "README.md").read_text(encoding="utf-8")
    assert "Build it yourself: the contract" in readme
    assert f"pytest tests/{chapter} --impl" in readme
    reference = importlib.import_module(f"chapters.{chapter}.contract")
    starter = importlib.import_module(f"chapters.{chapter}.starter")
    missing = [name for name in reference.__all__ if not hasattr(starter, name)]
    assert not missing, f"starter.py lacks {missing}"
    assert not filled_in(starter), "the starter's bodies must only raise NotImplementedError"


def filled_in(module: ModuleType) -> list[str]:
    """The functions and methods written in ``module`` whose body does more than raise
    ``NotImplementedError`` (exception classes, which only hold data, aside)."""
    found = []
    for name, value in vars(module).items():
        if isinstance(value, type):
            if issubclass(value, BaseException):
                continue
            members = list(vars(value).items())
        else:
            members = [(name, value)]
        for member_name, member in members:
            function = getattr(member, "fget", member)  # a property's getter
            code = getattr(function, "__code__", None)
            written_here = code is not None and code.co_filename == module.__file__
            if written_here and not is_placeholder(function):
                found.append(member_name)
    return found


@pytest.mark.timeout(300)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_harness_fails_the_starter_stub_readably(
    chapter: str, runs: dict[tuple[str, str], Run]
) -> None:
    code, output = runs[chapter, "starter"].result()
    found = counts(output)
    _, reference_output = runs[chapter, "contract"].result()
    assert code == 1, output
    assert "passed" not in found, output
    assert found.get("failed") == counts(reference_output).get("passed"), (
        "every contract test (and no other test) fails the stub"
    )
    assert found.get("deselected", 0) > 0, "the reference's own tests are left out"
    assert f"-- {SECTION} --" in output, "each failure shows its transcript"
    assert "raised: NotImplementedError" in output
    assert f"ran the {found['failed']} contract tests of tests/{chapter}" in output


@pytest.mark.timeout(300)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_harness_passes_the_reference(chapter: str, runs: dict[tuple[str, str], Run]) -> None:
    code, output = runs[chapter, "contract"].result()
    assert code == 0, output
    assert counts(output).get("passed", 0) > 0 and "failed" not in counts(output), output


def test_a_module_in_the_learners_folder_is_found(runs: dict[tuple[str, str], Run]) -> None:
    """Given as a file name, found although the cwd is not on sys.path; the module is
    Starlette's own classes, which meet chapter 05's contract too."""
    code, output = runs["learner", "starlette"].result()
    assert code == 0, output
    assert re.search(r"--impl my_toolkit \(.*my_toolkit\.py\)", output), output


def test_a_copied_starter_fails_with_its_own_name(runs: dict[tuple[str, str], Run]) -> None:
    code, output = runs["learner", "copy"].result()
    assert code == 1 and "passed" not in counts(output), output
    assert "implementation under test: my_tcp" in output


@pytest.mark.parametrize("misuse", MISUSES)
def test_misuse_gets_a_usage_error(misuse: str, runs: dict[tuple[str, str], Run]) -> None:
    code, output = runs["misuse", misuse].result()
    assert code == 4 and MISUSES[misuse][1] in output, output  # 4: pytest's usage error
