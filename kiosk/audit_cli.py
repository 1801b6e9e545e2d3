"""``kiosk audit verify [--json]``: check the device's audit log for edited or removed entries."""

from __future__ import annotations

import argparse
import sys

from kiosk.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help=_("check that no audit entry was edited or removed"))
    verify.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace) -> int:
    from kiosk import audit
    from kiosk.paths import device_db_path
    from kiosk.store import open_db

    path = device_db_path(args.data_dir)
    if not path.exists():
        print(_("No device database in {folder}.").format(folder=args.data_dir), file=sys.stderr)
        return 2
    result = audit.verify(open_db(path))
    if args.json:
        print(audit.dumps(result.as_dict()))
        return 0 if result.ok else 1
    problems = {
        "edited": _("entry {id} was edited"),
        "removed_before": _("the entry before {id} was removed or edited"),
        "removed": _("entry {id} was removed"),
        "rewritten": _("entry {id} differs from the copy queued for the council"),
    }
    if result.ok:
        print(_("Audit log intact: {count} entries, chain unbroken.").format(count=result.entries))
        return 0
    print(_("The audit log has been tampered with ({count} problems):").format(count=len(result.breaks)))
    for item in result.breaks:
        print("  " + problems[item.problem].format(id=item.entry_id))
    return 1
