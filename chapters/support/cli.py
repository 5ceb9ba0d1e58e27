"""Running a server from the command line until Ctrl+C (or SIGTERM), then stopping it cleanly."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from chapters.support.background import Server


def serve_until_interrupted(server: Server) -> int:
    """Serve in this thread until Ctrl+C or SIGTERM; then shut down and release the port.

    SIGTERM (what ``kill`` and service managers send) is turned into the same
    ``KeyboardInterrupt`` as Ctrl+C, so both take the one clean path out. Returns the exit
    status for ``sys.exit``.
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, interrupt) if in_main_thread else None
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Shutting down", flush=True)
    finally:
        server.shutdown()
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def port_number(text: str) -> int:
    """An ``argparse`` type for ``--port``: 0 (any free port) to 65535, or a usage error."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, got {port}")
    return port
