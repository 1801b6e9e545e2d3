"""``kiosk sync [--json]``: one full push + pull cycle, headless, with a summary."""

from __future__ import annotations

import json

from kiosk.i18n import _


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print the summary as JSON"))


def run(args) -> int:
    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from sync.client import PAUSE_MESSAGES
    from sync.enrolment import client_for

    db = open_db(device_db_path(args.data_dir))
    summary = client_for(args.data_dir, db).cycle()
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True))
    else:
        print(_("Pushed {pushed}: {applied} applied, {rejected} rejected, {conflicts} conflicts. "
                "Pulled {pulled} changes. Cursor: {cursor}").format(
            pushed=summary["pushed"], applied=summary["applied"], rejected=summary["rejected"],
            conflicts=summary["conflicts"], pulled=summary["pulled"], cursor=summary["cursor"] or "-"))
        if summary["paused"]:
            message = PAUSE_MESSAGES.get(summary["paused"])
            print(_("Sync is paused: {reason}").format(reason=_(message) if message else summary["paused"]))
        elif summary["error"]:
            print(_("Sync failed: {error}. Next try at {when}.").format(
                error=summary["error"], when=summary["next_attempt_at"]))
    return 0 if summary["ok"] else 1
