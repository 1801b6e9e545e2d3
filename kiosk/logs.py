"""Log files a helpdesk can read, with no personal data in them.

Every ``kiosk`` command calls ``setup`` first (kiosk/cli.py): records go to
``<data-dir>/logs/<command>.log`` (rotated; one file per command so the kiosk
and a ``kiosk sync`` never rotate the same file) and warnings also to stderr.

The rule for code that logs: ids, counts, codes and states only — never a
name, an address, an answer or a free-text field. ``redact`` is the safety
net behind that rule: whatever reaches a file (message, arguments and
tracebacks alike) is scrubbed of e-mail addresses, UK postcodes, phone and
account numbers (long digit runs) and anything after a ``token``/``pin``/
``password``/``secret``/``key`` label.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import time
from pathlib import Path

LOG_DIR_NAME = "logs"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # UK postcodes, with or without the space (GIR 0AA is not worth a special case).
    (re.compile(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}(?![\w-])", re.IGNORECASE), "[postcode]"),
    # Bearer tokens and labelled secrets: keep the label, drop the value.
    (re.compile(r"(?i)\b(bearer)\s+[\w.~+/=-]+"), r"\1 [secret]"),
    (re.compile(r"(?i)\b(token|pin|password|passcode|secret|api[_-]?key|private[_-]?key)(['\"]?\s*[:=]\s*['\"]?)[^\s'\",}]+"),
     r"\1\2[secret]"),
    # Phone, account, card and sort-code-like numbers: 8 or more digits, spaces allowed.
    (re.compile(r"(?<![\w-])\+?\d(?:[ ]?\d){7,}(?![\w-])"), "[number]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual (UTC times), then redacts the whole text, traceback included."""

    converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (test runners replace it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self):  # noqa: D102
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


_OURS = "_kiosk_log_handler"


def log_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR_NAME


def teardown() -> None:
    """Remove the handlers ``setup`` added (tests whose folder is about to go)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()


def setup(data_dir: Path, command: str = "kiosk", *, level: int = logging.INFO) -> Path | None:
    """Send log records to ``<data-dir>/logs/<command>.log``; returns the file (None if it cannot be made).

    Called again (tests run many commands in one process) it replaces the
    handlers it added before and leaves anyone else's alone.
    """
    teardown()
    root = logging.getLogger()
    safe_name = re.sub(r"[^a-z0-9_-]", "_", command.lower()) or "kiosk"
    path: Path | None = log_dir(data_dir) / f"{safe_name}.log"
    handlers: list[logging.Handler] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True))
    except OSError:
        path = None  # a read-only data folder must not stop the kiosk; stderr still works
    console = _CurrentStderr()
    console.setLevel(logging.WARNING)
    handlers.append(console)
    for handler in handlers:
        handler.setFormatter(RedactingFormatter(FORMAT) if handler is not console
                             else RedactingFormatter("%(levelname)s: %(message)s"))
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    _install_excepthook()
    return path


def _log_uncaught(exc_type, exc, tb) -> None:
    if not issubclass(exc_type, KeyboardInterrupt):
        logging.getLogger("kiosk.crash").critical("uncaught exception", exc_info=(exc_type, exc, tb))
    _previous_hook(exc_type, exc, tb)


_previous_hook = sys.excepthook


def _install_excepthook() -> None:
    """Crashes reach the log file (once; someone else's hook is kept and called)."""
    global _previous_hook
    if sys.excepthook is not _log_uncaught:
        _previous_hook = sys.excepthook
        sys.excepthook = _log_uncaught


def log_files(data_dir: Path) -> list[Path]:
    folder = log_dir(data_dir)
    return sorted(p for p in folder.glob("*.log*") if p.is_file()) if folder.is_dir() else []
