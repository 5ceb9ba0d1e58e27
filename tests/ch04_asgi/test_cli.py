"""``python -m chapters.ch04_asgi module:app``: the command line, used as uvicorn's is."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.ch04_asgi.servers import TIMEOUT, wait_until
from tests.conftest import CLIServer

ROOT = Path(__file__).parent.parent.parent
StartCLI = Callable[..., CLIServer]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command run to its end (bounded), for invocations that must exit by themselves."""
    return subprocess.run(
        [sys.executable, "-m", "chapters.ch04_asgi", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        check=False,  # the exit status is what the tests look at
    )


def test_serves_an_app_logs_the_request_and_exits_0_on_ctrl_c(cli_server: StartCLI) -> None:
    server = cli_server("chapters.ch04_asgi", "tests.ch04_asgi.apps:hello", "--port", "0")
    assert any("ASGI server running on http://127.0.0.1:" in line and "(Press CTRL+C to quit)" in line for line in server.output)
    response = requests.get(f"http://127.0.0.1:{server.port}/hi?x=1", timeout=TIMEOUT)
    assert response.content == b"Hello, world!"
    assert wait_until(lambda: any('"GET /hi?x=1 HTTP/1.1" 200' in line for line in server.output)), server.output
    assert server.stop() == 0


def test_options_reach_the_server(cli_server: StartCLI) -> None:
    server = cli_server(
        "chapters.ch04_asgi", "tests.ch04_asgi.apps:scope_app", "--port", "0",
        "--root-path", "/api", "--no-access-log", "--lifespan", "off", "--log-level", "warning",
    )  # fmt: skip
    scope = requests.get(f"http://127.0.0.1:{server.port}/items", timeout=TIMEOUT).json()
    assert (scope["root_path"], scope["path"]) == ("/api", "/api/items")
    assert server.stop() == 0
    assert not any("GET /" in line for line in server.output), server.output


def test_lifespan_on_with_a_failing_startup_exits_3() -> None:
    result = run_cli("tests.ch04_asgi.apps:failing_startup", "--port", "0", "--lifespan", "on")
    assert result.returncode == 3, result
    assert "the database is down" in result.stderr


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nocolon", 'import string "nocolon" must be in format "<module>:<attribute>"'),
        ("no_such_module:app", 'could not import module "no_such_module"'),
        ("tests.ch04_asgi.apps:nothing", 'attribute "nothing" not found in module "tests.ch04_asgi.apps"'),
    ],
)
def test_a_bad_app_argument_is_a_clear_usage_error(target: str, message: str) -> None:
    result = run_cli(target, "--port", "0")
    assert result.returncode == 2  # argparse's usage error, as for any bad argument
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_finds_a_module_in_the_current_directory(tmp_path: Path, cli_server: StartCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "myapp.py").write_text(
        "async def app(scope, receive, send):\n"
        "    assert scope['type'] == 'http'\n"
        "    await send({'type': 'http.response.start', 'status': 200, 'headers': []})\n"
        "    await send({'type': 'http.response.body', 'body': b'mine'})\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    server = cli_server("chapters.ch04_asgi", "myapp:app", "--port", "0")
    assert requests.get(f"http://127.0.0.1:{server.port}/", timeout=TIMEOUT).content == b"mine"
    assert server.stop() == 0


def test_serves_a_fastapi_app(tmp_path: Path, cli_server: StartCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\n"
        "app = FastAPI()\n"
        "@app.get('/items/{item_id}')\n"
        "async def item(item_id: int) -> dict:\n"
        "    return {'item_id': item_id}\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    server = cli_server("chapters.ch04_asgi", "main:app", "--port", "0")
    response = requests.get(f"http://127.0.0.1:{server.port}/items/7", timeout=TIMEOUT)
    assert json.loads(response.content) == {"item_id": 7}
    assert server.stop() == 0
