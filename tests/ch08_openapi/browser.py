"""Headless Chromium driven over the DevTools protocol, with the standard library only.

Why the protocol and not ``--dump-dom``: a test must know *what went wrong* on the page, and
only the DevTools protocol reports it with its level: uncaught exceptions
(``Runtime.exceptionThrown``), ``console.error`` (``Runtime.consoleAPICalled``), failed
loads such as a 404 script or a host that does not resolve (``Log.entryAdded`` from the
``network`` source, ``Network.loadingFailed``), and every request the page made
(``Network.requestWillBeSent``), so "nothing was fetched from another host" is checked,
not assumed.

``--remote-debugging-pipe`` makes Chromium read commands on file descriptor 3 and write
answers and events on 4, each message one JSON object ended by a NUL byte; no WebSocket
client is needed. ``--host-resolver-rules`` makes every name except 127.0.0.1 fail to
resolve, as on a machine without internet.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

CHROMIUM = shutil.which("chromium")
OFFLINE_RULES = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
FLAGS = (
    "--headless",
    "--no-sandbox",  # containers and CI runners rarely allow Chromium's own sandbox
    "--disable-gpu",
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",  # no update checks or component downloads
    f"--host-resolver-rules={OFFLINE_RULES}",
    "--remote-debugging-pipe",
    "--window-size=1280,1000",
)
DOMAINS = ("Runtime", "Log", "Network", "Page")
# Put the two pipe ends on descriptors 3 and 4, where Chromium expects them, then become
# Chromium. Both are first moved above 9, so that neither is overwritten by the other's dup2
# (a POSIX shell's ``3<&5 4>&3`` would be; and dash cannot name descriptors above 9).
ONTO_3_AND_4 = """
import fcntl, os, sys
ends = [int(fd) for fd in sys.argv[1:3]]
high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in ends]
for fd in ends:
    os.close(fd)
for target, fd in zip((3, 4), high):
    os.dup2(fd, target)
    os.close(fd)
os.execv(sys.argv[3], sys.argv[3:])
"""


class BrowserError(Exception):
    """Chromium did not answer, answered an error, or a condition never came true."""


@dataclass
class Visit:
    """What one page did: the URLs it requested and each problem it reported."""

    url: str
    requested: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def record(self, method: str, params: dict[str, Any]) -> None:
        """Keep what matters of one DevTools event."""
        if method == "Network.requestWillBeSent":
            self.requested.append(params["request"]["url"])
        elif method == "Network.responseReceived":
            self.statuses[params["response"]["url"]] = params["response"]["status"]
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            description = details.get("exception", {}).get("description", "")
            self.problems.append(f"{details['text']} {description}".strip())
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            texts = [str(arg.get("value", arg.get("description", ""))) for arg in params["args"]]
            self.problems.append(f"console.{params['type']}: {' '.join(texts)}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            self.problems.append(f"{entry['text']} ({entry.get('url', '')})")


class Chromium:
    """``with Chromium() as browser: visit = browser.open(url, until="...")``."""

    def __init__(self, executable: str | None = CHROMIUM) -> None:
        if executable is None:
            raise BrowserError("chromium is not installed")
        self.executable = executable
        self.buffer = b""
        self.next_id = 0
        self.visit: Visit | None = None
        self.session: str | None = None

    def __enter__(self) -> Self:
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        commands_read, self.commands = os.pipe()
        self.answers, answers_write = os.pipe()
        args = [self.executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"]
        self.process = subprocess.Popen(
            [sys.executable, "-c", ONTO_3_AND_4, str(commands_read), str(answers_write), *args],
            pass_fds=(commands_read, answers_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.call("Browser.close", timeout=5)
            self.process.wait(timeout=5)
        except (BrowserError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self.commands)
            os.close(self.answers)
            shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method: str, params: dict[str, Any] | None = None) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session is not None and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, timeout: float) -> list[dict[str, Any]]:
        """The answers that arrive within ``timeout`` seconds; events go to the visit."""
        ready, _, _ = select.select([self.answers], [], [], max(timeout, 0))
        if not ready:
            return []
        chunk = os.read(self.answers, 1 << 20)
        if not chunk:
            raise BrowserError("chromium closed the DevTools pipe")
        *complete, self.buffer = (self.buffer + chunk).split(b"\0")
        answers = []
        for message in map(json.loads, complete):
            if "id" in message:
                answers.append(message)
            elif self.visit is not None:
                self.visit.record(message["method"], message.get("params", {}))
        return answers

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 10) -> Any:
        """Send a command and wait for its result (events arriving meanwhile are recorded)."""
        wanted = self.send(method, params)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.receive(deadline - time.monotonic()):
                if message["id"] == wanted:
                    if "error" in message:
                        raise BrowserError(f"{method}: {message['error']}")
                    return message.get("result", {})
        raise BrowserError(f"{method}: no answer within {timeout} s")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the current page."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def open(self, url: str, *, until: str, timeout: float = 10) -> Visit:
        """Load ``url`` in a fresh tab and wait until the expression ``until`` is true."""
        if self.session is not None:
            self.call("Target.closeTarget", {"targetId": self.target})
        self.target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": self.target, "flatten": True})
        self.session = attached["sessionId"]
        self.visit = Visit(url)
        for domain in DOMAINS:
            self.call(f"{domain}.enable")
        self.call("Page.navigate", {"url": url})
        self.wait_for(until, timeout)
        return self.visit

    def wait_for(self, expression: str, timeout: float) -> None:
        """Ask the page every 50 ms; events keep being recorded while it waits."""
        deadline = time.monotonic() + timeout
        while not self.evaluate(f"Boolean({expression})"):
            if time.monotonic() > deadline:
                raise BrowserError(f"still false after {timeout} s: {expression}")
            self.receive(0.05)  # block on the pipe, not on a sleep: events end the wait early
        self.receive(0)

    def screenshot(self, path: Path) -> None:
        """A PNG of the whole page (not just the window), for the notebook."""
        png = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(png["data"]))
