"""Start the council service as a child process and find out where it listens.

Used by ``kiosk demo``: ``python -m kiosk --data-dir DIR council serve --port 0 --demo``
prints ``Council service listening on http://127.0.0.1:PORT`` once it accepts
connections. No Qt here.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from kiosk.i18n import _

LISTENING = re.compile(r"Council service listening on (http://127\.0\.0\.1:\d+)")
START_TIMEOUT_SECONDS = 30.0


class CouncilStartError(RuntimeError):
    """The service did not start; the message (translated) says why and what was printed."""


class CouncilProcess:
    def __init__(self, process: subprocess.Popen, url: str, output: list[str]):
        self.process = process
        self.url = url
        self.output = output

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)

    def __enter__(self) -> "CouncilProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _pump(stream, lines: "queue.Queue[str | None]", keep: list[str]) -> None:
    """Read the child's output for as long as it runs, so its pipe never fills up."""
    for line in stream:
        keep.append(line.rstrip("\n"))
        del keep[:-200]  # the last lines are enough to explain a failure
        lines.put(line)
    lines.put(None)


def start_council(data_dir: Path, timeout: float = START_TIMEOUT_SECONDS) -> CouncilProcess:
    """Start ``kiosk council serve --demo`` on a free loopback port; wait (bounded) until it listens."""
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "council", "serve", "--port", "0", "--demo"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: "queue.Queue[str | None]" = queue.Queue()
    output: list[str] = []
    threading.Thread(target=_pump, args=(process.stdout, lines, output), daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            process.kill()
            process.wait(timeout=10)
            raise CouncilStartError(_("The council service did not start within {seconds} seconds.").format(
                seconds=int(timeout)) + _explain(output))
        try:
            line = lines.get(timeout=min(remaining, 0.5))
        except queue.Empty:
            continue
        if line is None:
            process.wait(timeout=10)
            raise CouncilStartError(_("The council service stopped before it was ready (exit code {code}).").format(
                code=process.returncode) + _explain(output))
        match = LISTENING.search(line)
        if match:
            return CouncilProcess(process, match.group(1), output)


def _explain(output: list[str]) -> str:
    tail = "\n".join(output[-15:])
    return "\n" + _("It said:") + "\n" + tail if tail else ""
