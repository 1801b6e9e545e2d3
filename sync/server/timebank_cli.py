"""Council time-bank commands (registered in ``sync.server.cli``):

    kiosk --data-dir DIR council timebank-audit [--csv | --json] [--from DATE] [--to DATE]
    kiosk --data-dir DIR council demo-timebank [--seed N] [--json]

``timebank-audit`` is the time audit over the council's authoritative ledger
(``kiosk.timebank.audit_report``). ``demo-timebank`` loads the demo time bank
(a few hundred members and a year of exchanges, ``kiosk.timebank.demo_data``)
once; run it after ``serve --demo`` has made the hubs, or before (it works on
the database directly, also while the service runs).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from kiosk.i18n import _


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a date like 2026-04-01").format(text=text)) from None


def add_subcommands(sub: Any, common: argparse.ArgumentParser) -> None:
    audit = sub.add_parser("timebank-audit", parents=[common],
                           help=_("the time audit: hours by category, organisation, hub and month"))
    form = audit.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help=_("print CSV"))
    form.add_argument("--json", action="store_true", help=_("print JSON"))
    audit.add_argument("--from", dest="start", type=_day, help=_("first service date (YYYY-MM-DD)"))
    audit.add_argument("--to", dest="end", type=_day, help=_("last service date (YYYY-MM-DD)"))
    demo = sub.add_parser("demo-timebank", parents=[common],
                          help=_("load the demo time bank (members and a year of exchanges) once"))
    demo.add_argument("--seed", type=int, default=None)
    demo.add_argument("--json", action="store_true", help=_("print JSON"))


def _engine(args: argparse.Namespace) -> Any:
    from sync.server import db

    return db.open_engine(args.data_dir, args.database_url)


def _audit(args: argparse.Namespace) -> int:
    from kiosk.timebank import audit_report
    from sync.server import db

    if args.start and args.end and args.start > args.end:
        print(_("The --from date is after the --to date."), file=sys.stderr)
        return 2
    with db.reading(_engine(args)) as conn:
        report = audit_report.council_report(conn, args.start, args.end)
    if args.csv:
        sys.stdout.write(audit_report.to_csv(report))
    elif args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(audit_report.to_text(report))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from kiosk.timebank import demo_data

    engine = _engine(args)
    counts = demo_data.load(engine, **({"seed": args.seed} if args.seed is not None else {}))
    members = demo_data.documented_members(engine)
    if args.json:
        print(json.dumps({**counts, "members_with_pin": members}, indent=2, ensure_ascii=False))
        return 0
    if counts["exchanges"]:
        print(_("Loaded {accounts} accounts and {exchanges} exchanges.").format(**counts))
    else:
        print(_("The demo time bank was already loaded."))
    for member in members:
        print(_("Tour member: {name}, {number} at {hub}, PIN {pin}").format(**member))
    return 0


ACTIONS = {"timebank-audit": _audit, "demo-timebank": _demo}
