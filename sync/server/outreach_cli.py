"""``kiosk council cases ...``: outreach cases (see ``sync.server.ops_outreach``).

    kiosk --data-dir DIR council cases add --hub HUB --name NAME [--address TEXT] [--needs TEXT]
    kiosk --data-dir DIR council cases checkout CASE_ID --staff STAFF_ID --device DEVICE_ID [--hours 8]
    kiosk --data-dir DIR council cases checkin CASE_ID
    kiosk --data-dir DIR council cases expire
    kiosk --data-dir DIR council cases list [--json]
    kiosk --data-dir DIR council cases visits [--json]

Wired into ``sync.server.cli`` like ``directory_cli``: ``add_subcommands`` and ``ACTIONS``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.i18n import _


def add_subcommands(sub: Any, common: argparse.ArgumentParser) -> None:
    cases = sub.add_parser("cases", help=_("outreach cases: add, check out to a worker's device, check in, list"))
    cases_sub = cases.add_subparsers(dest="cases_command", metavar="CASES_ACTION", required=True)
    add = cases_sub.add_parser("add", parents=[common], help=_("add a resident to visit"))
    add.add_argument("--hub", required=True, help=_("hub name or id"))
    add.add_argument("--name", required=True, help=_("the resident's name"))
    add.add_argument("--address", default="", help=_("where to visit"))
    add.add_argument("--needs", default="", help=_("what the visit is about"))
    out = cases_sub.add_parser("checkout", parents=[common],
                               help=_("publish a case to one outreach worker's device for a set time"))
    out.add_argument("case_id")
    out.add_argument("--staff", required=True, help=_("the outreach worker's staff ID"))
    out.add_argument("--device", required=True, help=_("the worker's device ID"))
    out.add_argument("--hours", type=float, default=8.0, help=_("how long, 1 to 168 hours (default 8)"))
    back = cases_sub.add_parser("checkin", parents=[common], help=_("withdraw a case from its device now"))
    back.add_argument("case_id")
    cases_sub.add_parser("expire", parents=[common], help=_("withdraw every checkout whose time is up"))
    listing = cases_sub.add_parser("list", parents=[common], help=_("list outreach cases"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    visits = cases_sub.add_parser("visits", parents=[common], help=_("list visits recorded by workers"))
    visits.add_argument("--json", action="store_true", help=_("print JSON"))


def _cases(args: argparse.Namespace) -> int:
    from sync.server import db
    from sync.server import ops_outreach as ops

    engine = db.open_engine(args.data_dir, args.database_url)
    command = args.cases_command
    try:
        with db.writing(engine) as conn:  # writing: expired checkouts are withdrawn first
            expired = ops.expire_due(conn)
            if command == "add":
                case = ops.add_case(conn, args.hub, args.name, args.address, args.needs)
            elif command == "checkout":
                case = ops.checkout(conn, args.case_id, args.staff, args.device, args.hours)
            elif command == "checkin":
                changed = ops.checkin(conn, args.case_id)
            elif command == "list":
                rows = ops.list_cases(conn)
            elif command == "visits":
                rows = ops.list_visits(conn)
    except ops.CaseError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return 2
    if command == "add":
        print(_("Added case {id} at hub {hub}.").format(id=case["id"], hub=case["hub_id"]))
    elif command == "checkout":
        print(_("Case {id} checked out to {staff} on device {device} until {expires} (UTC); "
                "the device gets it at its next sync.").format(
            id=case["id"], staff=case["staff_id"], device=case["device_id"], expires=case["expires_at"]))
    elif command == "checkin":
        print(_("Case {id} checked in; its device deletes it at the next sync.").format(id=args.case_id)
              if changed else _("Case {id} was not checked out.").format(id=args.case_id))
    elif command == "expire":
        print(_("{count} expired checkouts withdrawn.").format(count=expired))
    elif args.json:
        print(db.dumps(rows))
    elif not rows:
        print(_("No outreach cases yet.") if command == "list" else _("No visits recorded yet."))
    elif command == "list":
        for row in rows:
            state = (_("checked out to {staff} until {expires}").format(staff=row["staff_id"], expires=row["expires_at"])
                     if row["status"] == ops.CHECKED_OUT else _("open"))
            print(f"{row['id']}  {row['hub_id']}  {row['name']}  {state}  " +
                  _("visits: {count}").format(count=row["visits"]))
    else:
        for row in rows:
            print(f"{row['visited_at']}  {row['case_id']}  {row['staff_id']}  {row['outcome']}")
            if row["notes"]:
                print("    " + row["notes"])
    return 0


ACTIONS = {"cases": _cases}
