"""``python -m chapters.ch05_toolkit``: the demo app on chapter 04's server, from the command line."""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections.abc import Callable

import requests

from tests.ch04_asgi.servers import TIMEOUT
from tests.conftest import CLIServer

StartCLI = Callable[..., CLIServer]


def test_serves_the_demo_and_exits_0_on_ctrl_c(cli_server: StartCLI) -> None:
    server = cli_server("chapters.ch05_toolkit", "--port", "0")
    assert any("running on http://127.0.0.1:" in line for line in server.output)
    base = f"http://127.0.0.1:{server.port}"
    assert requests.get(f"{base}/", timeout=TIMEOUT).text == "Hello, world!"
    assert requests.get(f"{base}/users/42", timeout=TIMEOUT).json() == {"id": 42, "url": f"{base}/users/42"}
    assert requests.get(f"{base}/echo?a=1", timeout=TIMEOUT).json() == {"query": {"a": "1"}, "path": "/echo"}
    not_allowed = requests.delete(f"{base}/", timeout=TIMEOUT)
    assert (not_allowed.status_code, not_allowed.headers["allow"]) == (405, "GET, HEAD")
    cors = requests.get(f"{base}/", headers={"Origin": "https://a.example"}, timeout=TIMEOUT)
    assert cors.headers["access-control-allow-origin"] == "*"
    streamed = requests.get(f"{base}/count/500", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=TIMEOUT)
    assert streamed.headers["content-encoding"] == "gzip" and "content-length" not in streamed.headers
    assert gzip.decompress(streamed.raw.read()) == "".join(f"{i}\n" for i in range(1, 501)).encode()
    assert server.stop() == 0


def test_help_names_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chapters.ch05_toolkit", "--help"], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0 and "--host" in result.stdout and "--port" in result.stdout
