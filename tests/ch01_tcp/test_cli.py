"""``python -m chapters.ch01_tcp``: each mode serves over a real socket and stops on Ctrl+C."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable

import pytest

from chapters.ch01_tcp import SERVERS
from tests.ch01_tcp.helpers import HOST, recv_exactly
from tests.conftest import CLIServer

MODULE = "chapters.ch01_tcp"


@pytest.mark.parametrize("mode", sorted(SERVERS))
def test_cli_echoes_and_exits_0_on_ctrl_c(cli_server: Callable[..., CLIServer], mode: str) -> None:
    server = cli_server(MODULE, "--port", "0", "--mode", mode)
    assert f"Echo server ({mode}) listening on {HOST}:{server.port}" in server.output[0]
    with socket.create_connection((HOST, server.port), timeout=5) as sock:
        sock.sendall(b"hello from the command line\n")
        assert recv_exactly(sock, 28) == b"hello from the command line\n"
        # Ctrl+C while a client is still connected (and, for blocking, being served).
        assert server.stop() == 0, "".join(server.output)


@pytest.mark.parametrize(
    "args",
    [
        ["--mode", "nonsense"],
        ["--port", "not-a-number"],
        ["--frobnicate"],
        ["--port", "70000"],
    ],
)
def test_cli_rejects_bad_arguments(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", MODULE, *args],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode != 0, result.stdout + result.stderr
    if args[0] != "--port" or args[1] != "70000":  # argparse's own errors print the usage
        assert "usage:" in result.stderr


def test_cli_fails_when_the_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", MODULE, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Address already in use" in result.stderr or "in use" in result.stderr.lower()
