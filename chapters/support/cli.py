"""Running a server from the command line until Ctrl+C (or SIGTERM), then stopping it cleanly."""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable
from types import FrameType

from chapters.support.background import Server


def serve_until_interrupted(server: Server) -> int:
    """Serve until Ctrl+C or SIGTERM; then shut down, wait for the server, release the port.

    The server runs in a worker thread while the main thread waits for the signal, because
    a signal can only be trusted to wake the main thread: the kernel may deliver SIGINT to
    *any* thread, and then a main thread blocked in ``accept()`` never hears of it (on
    Windows, Ctrl+C never interrupts ``accept()`` at all). So the worker, and every thread
    it starts, blocks SIGINT and SIGTERM, and the main thread waits in short ``join()``
    calls that a signal always interrupts. SIGTERM (what ``kill`` and service managers send)
    is turned into the same ``KeyboardInterrupt`` as Ctrl+C, so both take one clean path out;
    so is Windows' SIGBREAK (Ctrl+Break, and the only event one program can send another's
    console process group there). Returns the exit status for ``sys.exit``: 0, or 1 if the
    server itself failed.
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    in_main_thread = threading.current_thread() is threading.main_thread()
    stop_signals = [signal.SIGTERM, *([signal.SIGBREAK] if hasattr(signal, "SIGBREAK") else [])]
    previous = (
        {sig: signal.signal(sig, interrupt) for sig in stop_signals} if in_main_thread else {}
    )
    failures: list[BaseException] = []
    worker = threading.Thread(target=_recording(server.serve_forever, failures), name="server", daemon=True)
    try:
        _start_without_signals(worker)
        while worker.is_alive():
            worker.join(0.5)
    except KeyboardInterrupt:
        print("Shutting down", flush=True)
    finally:
        server.shutdown()
        if worker.ident is not None:  # started (a signal may have come while it started)
            worker.join()
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if failures else 0


def _recording(serve: Callable[[], None], failures: list[BaseException]) -> Callable[[], None]:
    """``serve``, noting in ``failures`` an exception that ends it (its traceback is printed)."""

    def run() -> None:
        try:
            serve()
        except BaseException as error:
            failures.append(error)
            raise

    return run


def _start_without_signals(worker: threading.Thread) -> None:
    """Start ``worker`` so that it leaves SIGINT and SIGTERM to the main thread.

    Threads inherit the signal mask of the thread that starts them, so blocking the signals
    just while this one starts covers every thread the server will start in turn. A signal
    that arrives meanwhile waits, and is raised here as soon as the mask is restored.
    """
    can_mask = hasattr(signal, "pthread_sigmask")  # POSIX; Windows has no per-thread masks
    if can_mask:
        saved = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        worker.start()
    finally:
        if can_mask:
            signal.pthread_sigmask(signal.SIG_SETMASK, saved)


def port_number(text: str) -> int:
    """An ``argparse`` type for ``--port``: 0 (any free port) to 65535, or a usage error."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, got {port}")
    return port
