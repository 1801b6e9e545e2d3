"""``kiosk status [--json]``: items waiting, quarantined, last sync, pause reason."""

from __future__ import annotations

import json

from kiosk.i18n import _


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print the status as JSON"))
    parser.add_argument("--quarantine", action="store_true", help=_("also list quarantined operations"))


def run(args) -> int:
    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from sync.client import quarantine, status

    db = open_db(device_db_path(args.data_dir))
    info = status(db)
    if args.quarantine:
        info["quarantine"] = quarantine(db)
    if args.json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return 0
    print(_("Online: {online}").format(online=_("yes") if info["online"] else _("no")))
    print(_("Waiting to sync: {n}").format(n=info["waiting"]))
    print(_("Quarantined: {n}").format(n=info["quarantined"]))
    print(_("Last sync: {when}").format(when=info["last_sync_at"] or _("never")))
    if info["paused"]:
        print(_("Sync paused: {reason}").format(reason=info["paused_message"]))
    elif info["last_error"]:
        print(_("Last error: {error}; next try at {when}").format(
            error=info["last_error"], when=info["next_attempt_at"]))
    for item in info.get("quarantine", []):
        print(_("  {op_type} {op_id}: {code} {message}").format(**item))
    return 0
