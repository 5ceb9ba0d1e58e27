"""``python -m chapters.ch09_capstone``: the finished framework on the finished server."""

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


def test_serves_the_app_its_docs_and_its_database(cli_server: StartCLI, tmp_path: Path) -> None:
    database = tmp_path / "cli.db"
    server = cli_server("chapters.ch09_capstone", "--port", "0", "--database", str(database))
    base = f"http://127.0.0.1:{server.port}"
    docs_line = next(
        i for i, line in enumerate(server.output) if f"Interactive docs: {base}/docs" in line
    )
    ready_line = next(i for i, line in enumerate(server.output) if f"running on {base}" in line)
    assert docs_line < ready_line  # printed before the line tools wait for
    assert requests.get(f"{base}/docs", timeout=TIMEOUT).status_code == 200
    assert (
        requests.get(f"{base}/openapi.json", timeout=TIMEOUT).json()["info"]["title"] == "Capstone"
    )
    product = requests.post(
        f"{base}/calculate", json={"a": 6, "b": 7, "operation": "multiply"}, timeout=TIMEOUT
    )
    assert (product.status_code, product.json()) == (200, 42)
    alice = {"Authorization": "Bearer alice-token"}
    created = requests.post(
        f"{base}/items", json={"name": "cli", "price": 2}, headers=alice, timeout=TIMEOUT
    )
    assert created.status_code == 201
    assert server.stop() == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT name, price FROM items").fetchall() == [("cli", 2.0)]


def test_help_names_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chapters.ch09_capstone", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0
    assert all(option in result.stdout for option in ("--host", "--port", "--database"))
