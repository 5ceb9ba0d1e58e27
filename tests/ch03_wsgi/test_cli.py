"""``python -m chapters.ch03_wsgi module:app``: like gunicorn and uvicorn, from the current directory."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).parent.parent.parent


def test_serves_an_app_given_as_module_colon_name(cli_server: Callable[..., object]) -> None:
    server = cli_server(
        "chapters.ch03_wsgi", "chapters.ch03_wsgi.apps:hello_app", "--port", "0", "--threads", "4"
    )
    response = requests.get(f"http://127.0.0.1:{server.port}/x", timeout=5)  # type: ignore[attr-defined]
    assert response.text == "Hello, WSGI!\n"
    assert server.stop() == 0  # type: ignore[attr-defined]
    assert any("GET /x 200" in line for line in server.output)  # type: ignore[attr-defined]


def test_serves_the_flask_app(cli_server: Callable[..., object]) -> None:
    server = cli_server("chapters.ch03_wsgi", "chapters.ch03_wsgi.flask_app:app", "--port", "0")
    assert requests.get(f"http://127.0.0.1:{server.port}/users/3", timeout=5).json()["id"] == 3  # type: ignore[attr-defined]


def test_finds_a_module_in_the_current_directory(
    tmp_path: Path, cli_server: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "myapp.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'mine']\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    server = cli_server("chapters.ch03_wsgi", "myapp:app", "--port", "0")
    assert requests.get(f"http://127.0.0.1:{server.port}/", timeout=5).content == b"mine"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nocolon", "expected 'module:attribute'"),
        ("no_such_module:app", "could not import module"),
        ("chapters.ch03_wsgi.apps:nothing", "has no attribute"),
        ("chapters.ch03_wsgi.apps:HELLO", "not a WSGI application"),
    ],
)
def test_a_bad_target_is_a_usage_error(target: str, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chapters.ch03_wsgi", target, "--port", "0"],
        capture_output=True,
        check=False,
        text=True,
        timeout=20,
        cwd=ROOT,
    )
    assert result.returncode == 2 and message in result.stderr
