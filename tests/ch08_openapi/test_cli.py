"""``python -m chapters.ch08_openapi``: the documented demo on chapter 04's server."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import requests
from openapi_spec_validator import validate

from tests.ch04_asgi.servers import TIMEOUT
from tests.conftest import CLIServer

StartCLI = Callable[..., CLIServer]


def test_serves_the_demo_and_its_docs_and_exits_0_on_ctrl_c(cli_server: StartCLI) -> None:
    server = cli_server("chapters.ch08_openapi", "--port", "0")
    base = f"http://127.0.0.1:{server.port}"
    assert any(f"Interactive docs: {base}/docs" in line for line in server.output)
    document = requests.get(f"{base}/openapi.json", timeout=TIMEOUT).json()
    validate(document)
    assert document["info"]["title"] == "Shop"
    docs = requests.get(f"{base}/docs", timeout=TIMEOUT)
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    product = requests.post(
        f"{base}/calculate", json={"a": 6, "b": 7, "operation": "multiply"}, timeout=TIMEOUT
    )
    assert (product.status_code, product.json()) == (200, 42)
    assert server.stop() == 0


def test_help_names_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chapters.ch08_openapi", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0 and "--host" in result.stdout and "--port" in result.stdout
