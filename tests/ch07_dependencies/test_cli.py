"""``python -m chapters.ch07_dependencies``: the notes demo on chapter 04's server, from the CLI."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import requests

from tests.ch04_asgi.servers import TIMEOUT
from tests.conftest import CLIServer

StartCLI = Callable[..., CLIServer]


def test_serves_the_demo_on_the_given_database(cli_server: StartCLI, tmp_path: Path) -> None:
    database = tmp_path / "cli.db"
    server = cli_server("chapters.ch07_dependencies", "--port", "0", "--database", str(database))
    assert any("running on http://127.0.0.1:" in line for line in server.output)
    base = f"http://127.0.0.1:{server.port}"
    alice = {"Authorization": "Bearer alice-token"}
    created = requests.post(f"{base}/notes", json={"title": "cli"}, headers=alice, timeout=TIMEOUT)
    assert created.status_code == 201
    assert requests.get(f"{base}/notes", timeout=TIMEOUT).status_code == 401
    assert requests.get(f"{base}/users?limit=0", timeout=TIMEOUT).json()["detail"][0]["loc"] == [
        "query",
        "limit",
    ]
    assert server.stop() == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT title FROM notes").fetchall() == [("cli",)]


def test_help_names_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chapters.ch07_dependencies", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0
    assert all(option in result.stdout for option in ("--host", "--port", "--database"))
