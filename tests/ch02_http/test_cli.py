"""``python -m chapters.ch02_http``: the chapter's server from the command line."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

from tests.ch02_http.raw_http import HOST, TIMEOUT
from tests.conftest import CLIServer

ROOT = Path(__file__).resolve().parents[2]
MODULE = "chapters.ch02_http"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", MODULE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def wait_for_output(server: CLIServer, text: str, timeout: float = TIMEOUT) -> bool:
    """The fixture drains the output in a thread: give it a moment to catch up."""
    deadline = time.monotonic() + timeout
    while text not in "".join(server.output):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_serves_the_hello_page_and_a_file_then_exits_0_on_ctrl_c(
    cli_server: Callable[..., CLIServer], tmp_path: Path
) -> None:
    (tmp_path / "note.txt").write_text("served from the command line\n")
    server = cli_server(MODULE, "--host", HOST, "--port", "0", "--directory", str(tmp_path))
    assert server.port != 0
    assert f"HTTP server running on http://{HOST}:{server.port}/ (Ctrl+C to quit)" in "".join(
        server.output
    )
    base = f"http://{HOST}:{server.port}"

    hello = requests.get(f"{base}/", timeout=TIMEOUT)
    assert hello.status_code == 200
    assert "Hello from chapter 02" in hello.text
    assert 'href="/files/"' in hello.text  # the page links the served directory
    note = requests.get(f"{base}/files/note.txt", timeout=TIMEOUT)
    assert (note.status_code, note.text) == (200, "served from the command line\n")
    assert note.headers["Content-Type"] == "text/plain; charset=utf-8"

    assert wait_for_output(server, '"GET /files/note.txt HTTP/1.1" 200')  # the access log

    assert server.stop() == 0
    assert wait_for_output(server, "Shutting down")


def test_without_a_directory_there_are_no_files(cli_server: Callable[..., CLIServer]) -> None:
    server = cli_server(MODULE, "--port", "0")
    base = f"http://{HOST}:{server.port}"
    assert "/files/" not in requests.get(f"{base}/", timeout=TIMEOUT).text
    assert requests.get(f"{base}/files/", timeout=TIMEOUT).status_code == 404
    assert server.stop() == 0


def test_a_directory_that_is_not_one_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("not a directory")
    for path in (a_file, tmp_path / "missing"):
        result = run_cli("--port", "0", "--directory", str(path))
        assert result.returncode != 0
        assert "not a directory" in result.stderr
        assert str(path) in result.stderr
        assert "running on" not in result.stdout


def test_help() -> None:
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m chapters.ch02_http")
    for option in ("--host", "--port", "--directory"):
        assert option in result.stdout
