"""Which version of the kiosk the council says is current, and ``kiosk update-check``.

The council service answers every heartbeat with ``current_version`` (set by
an officer: ``kiosk council set-current-version X.Y.Z``). The device keeps the
last answer in its ``settings`` table (internal keys, not user settings), so
staff see "update available" offline too.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from sqlite_utils import Database

from kiosk import __version__
from kiosk.i18n import _
from kiosk.timeutil import now_iso

_KEY = "_update_current_version"
_VERSION = re.compile(r"^\d+(\.\d+){0,3}([.-]?[A-Za-z0-9]+)?$")


def version_key(text: str) -> tuple[int, ...]:
    """``"1.10.2"`` -> ``(1, 10, 2)``; trailing labels (``rc1``) count as older than the release."""
    numbers = re.match(r"^\d+(?:\.\d+)*", text)
    parts = tuple(int(n) for n in numbers.group(0).split(".")) if numbers else (0,)
    parts = parts + (0,) * (4 - len(parts))
    return parts + ((0,) if len(text) > (numbers.end() if numbers else 0) else (1,))


def is_newer(candidate: str, installed: str = __version__) -> bool:
    return version_key(candidate) > version_key(installed)


def record_heartbeat_answer(db: Database, answer: Any) -> str | None:
    """Keep the council's ``current_version`` from a heartbeat answer; returns it (None if absent or odd)."""
    version = answer.get("current_version") if isinstance(answer, dict) else None
    if not isinstance(version, str) or not _VERSION.match(version) or len(version) > 40:
        return None
    with db.atomic():
        db["settings"].upsert({"key": _KEY, "value": json.dumps({"version": version, "seen_at": now_iso()}),
                               "updated_at": now_iso()}, pk="key")
    return version


def last_known(db: Database) -> dict[str, str] | None:
    if "settings" not in db.table_names():
        return None
    rows = list(db.query("select value from settings where key = ?", [_KEY]))
    return json.loads(rows[0]["value"]) if rows else None


def status(db: Database) -> dict[str, Any]:
    known = last_known(db)
    current = known["version"] if known else None
    return {
        "installed_version": __version__,
        "current_version": current,
        "seen_at": known["seen_at"] if known else None,
        "update_available": bool(current and is_newer(current)),
    }


def update_message(db: Database) -> str | None:
    """The staff notice, translated; None when this kiosk is up to date (or nothing is known)."""
    info = status(db)
    if not info["update_available"]:
        return None
    return _("Update available: the council's current version is {current}; this kiosk runs {installed}.").format(
        current=info["current_version"], installed=info["installed_version"])


# -- kiosk update-check ----------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.add_argument("--offline", action="store_true", help=_("do not ask the council; report the last answer"))


def ask_council(db: Database, data_dir) -> str | None:
    """One heartbeat to the council; the error text when it could not be asked."""
    from kiosk.settings import Settings
    from sync.enrolment import client_for

    if not Settings(db)["council_url"]:
        return _("this device is not connected to a council service")
    result = client_for(data_dir, db).heartbeat()
    if not result.get("ok"):
        from sync.client import PAUSE_MESSAGES

        paused = result.get("paused")
        if paused:
            return _(PAUSE_MESSAGES[paused]) if paused in PAUSE_MESSAGES else paused
        return result.get("error") or _("no answer")
    record_heartbeat_answer(db, result.get("heartbeat"))
    return None


def run(args: argparse.Namespace) -> int:
    from kiosk.paths import device_db_path
    from kiosk.store import open_db

    db = open_db(device_db_path(args.data_dir))
    problem = None if args.offline else ask_council(db, args.data_dir)
    info = status(db)
    info["asked_council"] = not args.offline and problem is None
    info["problem"] = problem
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    if problem:
        print(_("Could not ask the council now ({problem}); showing the last answer.").format(problem=problem))
    if info["current_version"] is None:
        print(_("This kiosk runs version {installed}. The council has not said which version is current yet.").format(
            installed=info["installed_version"]))
    elif info["update_available"]:
        print(update_message(db))
    else:
        print(_("Up to date: this kiosk runs {installed}; the council's current version is {current} (as of {seen}).").format(
            installed=info["installed_version"], current=info["current_version"], seen=info["seen_at"]))
    return 0
