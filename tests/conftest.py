"""Fixtures shared by every chapter's tests, and the learner harness's ``--impl`` option.

``pytest tests/ch02_http --impl my_http`` runs chapter 02's contract tests (the tests that
take the ``impl`` fixture, in ``tests/ch02_http/test_contract.py``) against the module
``my_http``, imported from the current directory, instead of the reference
``chapters.ch02_http.contract``; every other test is deselected. A failing contract test
shows its transcript (see ``tests/workshop.py``): what was sent and what came back.
"""

from __future__ import annotations

import importlib
import os
import re
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.workshop import SECTION, Transcript

# Every command-line server prints one line saying where it listens, e.g.
# "Echo server (threads) listening on 127.0.0.1:9000" or "running on http://127.0.0.1:8000".
READY_LINE = re.compile(r"(?:listening on|running on) (?:http://)?\[?[^\s\]]*\]?:(\d+)")


@dataclass
class CLIServer:
    """A chapter's command line running in a subprocess, and the port it reported."""

    process: subprocess.Popen[str]
    port: int
    output: list[str] = field(default_factory=list)

    def stop(self, timeout: float = 10.0) -> int:
        """Interrupt it as Ctrl+C would, and return its exit code."""
        if self.process.poll() is None:
            if sys.platform == "win32":
                # Ctrl+C can't be sent to one process alone on Windows; Ctrl+Break can, to
                # the process group the child leads, and the servers take it as Ctrl+C.
                self.process.send_signal(signal.CTRL_BREAK_EVENT)
            else:
                self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def cli_server() -> Iterator[Callable[..., CLIServer]]:
    """Start ``python -m <module> <args>`` and wait for the line that gives its port."""
    started: list[CLIServer] = []

    def start(module: str, *args: str, timeout: float = 20.0) -> CLIServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),  # Windows only
        )
        server = CLIServer(process, port=0)
        started.append(server)
        ready = threading.Event()

        def read_output() -> None:  # keeps draining, so the pipe never fills up
            assert process.stdout is not None
            for line in process.stdout:
                server.output.append(line)
                match = READY_LINE.search(line)
                if match and not ready.is_set():
                    server.port = int(match.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read_output, daemon=True).start()
        if not ready.wait(timeout) or not server.port:
            server.stop()
            pytest.fail(
                f"python -m {module} {' '.join(args)} never said where it listens:\n{''.join(server.output)}"
            )
        return server

    yield start
    for server in started:
        server.stop()


# -- the learner harness: --impl -------------------------------------------------------------

IMPL_MODULE = pytest.StashKey[ModuleType]()
IMPL_RUN = pytest.StashKey[dict[str, Any]]()
TRANSCRIPT = pytest.StashKey[Transcript]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--impl",
        metavar="MODULE",
        default=None,
        help="run a chapter's contract tests against your own module (a dotted name, or a "
        "path to a .py file, importable from the current directory), e.g. "
        "pytest tests/ch02_http --impl my_http",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("impl") is None:
        return
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)  # `pytest` (unlike `python -m pytest`) doesn't add it
    if config.option.tbstyle == "auto":
        config.option.tbstyle = "short"  # the transcript says the rest


def impl_name(option: str) -> str:
    """``my_http``, ``pkg.my_http``, ``my_http.py`` or ``pkg/my_http.py`` → a module name."""
    name = option.removesuffix(".py").replace("\\", "/").strip("/")
    return name.removeprefix("./").replace("/", ".")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--impl``, keep only the contract tests, all of one chapter, and import the module."""
    option = config.getoption("impl")
    if option is None:
        return
    selected = [item for item in items if "impl" in getattr(item, "fixturenames", ())]
    deselected = [item for item in items if "impl" not in getattr(item, "fixturenames", ())]
    chapters = sorted({item.path.parent.name for item in selected})
    if not selected:
        raise pytest.UsageError(
            f"--impl {option}: none of the collected tests is a contract test; give one "
            "chapter's folder, e.g. pytest tests/ch02_http --impl my_http"
        )
    if len(chapters) > 1:
        raise pytest.UsageError(
            f"--impl {option} would run the contracts of {', '.join(chapters)} against one "
            f"module; give one chapter's folder, e.g. pytest tests/{chapters[0]} --impl {option}"
        )
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
    module = import_impl(impl_name(option))
    reference = importlib.import_module(reference_module(chapters[0]))
    missing = [name for name in getattr(reference, "__all__", ()) if not hasattr(module, name)]
    config.stash[IMPL_MODULE] = module
    config.stash[IMPL_RUN] = {
        "chapter": chapters[0],
        "selected": len(selected),
        "deselected": len(deselected),
        "missing": missing,
    }


def import_impl(name: str) -> ModuleType:
    """Import the learner's module, or stop the run with its traceback."""
    try:
        return importlib.import_module(name)
    except Exception as error:  # noqa: BLE001 (whatever it is, the learner must see it)
        details = "".join(traceback.format_exception(error))
        raise pytest.UsageError(
            f"--impl: could not import {name!r} (looked in {Path.cwd()} and on sys.path):\n"
            f"{details}"
        ) from None


def reference_module(chapter: str) -> str:
    """The module that implements a chapter's contract with the chapter's own code."""
    return f"chapters.{chapter}.contract"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    run = config.stash.get(IMPL_RUN, None)
    if run is None:
        return
    module = config.stash[IMPL_MODULE]
    where = getattr(module, "__file__", None) or "?"
    write = terminalreporter.write_line
    ran = f"ran the {run['selected']} contract tests of tests/{run['chapter']}"
    if run["deselected"]:
        ran += f"; deselected the {run['deselected']} tests of the reference's internals"
    write(f"--impl {module.__name__} ({where}): {ran}")
    write(f"the contract: chapters/{run['chapter']}/README.md, 'Build it yourself: the contract'")
    if run["missing"]:
        write(f"{module.__name__} does not define: {', '.join(run['missing'])}")


@pytest.fixture
def impl(request: pytest.FixtureRequest) -> ModuleType:
    """The module under test: ``--impl``'s, or the chapter's reference ``contract`` module."""
    module = request.config.stash.get(IMPL_MODULE, None)
    if module is not None:
        return module
    return importlib.import_module(reference_module(request.path.parent.name))


@pytest.fixture
def transcript(request: pytest.FixtureRequest, impl: ModuleType) -> Transcript:
    """What a contract test sent to ``impl`` and what came back; shown if the test fails."""
    record = Transcript(impl.__name__)
    request.node.stash[TRANSCRIPT] = record
    return record


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    record = item.stash.get(TRANSCRIPT, None)
    if record is not None and report.failed and call.when == "call":
        report.sections.append((SECTION, record.render()))
    return report
