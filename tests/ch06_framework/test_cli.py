"""``python -m chapters.ch06_framework``: the demo app on chapter 04's server, from the command line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import requests

from tests.ch04_asgi.servers import TIMEOUT
from tests.conftest import CLIServer

StartCLI = Callable[..., CLIServer]


def test_serves_the_demo_and_exits_0_on_ctrl_c(cli_server: StartCLI) -> None:
    server = cli_server("chapters.ch06_framework", "--port", "0")
    assert any("running on http://127.0.0.1:" in line for line in server.output)
    base = f"http://127.0.0.1:{server.port}"
    product = requests.post(
        f"{base}/calculate", json={"a": 6, "b": 7, "operation": "multiply"}, timeout=TIMEOUT
    )
    assert (product.status_code, product.json()) == (200, 42)
    invalid = requests.post(
        f"{base}/calculate", json={"a": "six", "b": 7, "operation": "add"}, timeout=TIMEOUT
    )
    assert invalid.status_code == 422
    assert [error["loc"] for error in invalid.json()["detail"]] == [
        ["body", "a", "int"],  # a union reports why each member refused the input
        ["body", "a", "float"],
    ]
    hammer = requests.get(f"{base}/items/1", headers={"User-Agent": "cli-test"}, timeout=TIMEOUT)
    assert hammer.json() == {"id": 1, "name": "Hammer", "price": 9.5, "tags": ["tools"]}
    missing = requests.get(f"{base}/items/999", timeout=TIMEOUT)
    assert (missing.status_code, missing.json()) == (404, {"detail": "Item 999 not found"})
    assert server.stop() == 0


def test_help_names_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chapters.ch06_framework", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0 and "--host" in result.stdout and "--port" in result.stdout
