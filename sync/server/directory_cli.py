"""``kiosk council import-oruk`` and ``kiosk council directory-reports``.

    kiosk --data-dir DIR council import-oruk FILE_OR_URL [--feed NAME] [--prune] [--max-pages N] [--json]
    kiosk --data-dir DIR council import-oruk --demo [--json]
    kiosk --data-dir DIR council directory-reports [--json]

Registered by ``sync/server/cli.py`` (``add_subcommands`` and ``ACTIONS``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.i18n import _


# The same as directory_import.DEFAULT_MAX_PAGES; not imported here so `kiosk --help` stays light.
DEFAULT_MAX_PAGES = 200


def add_subcommands(sub: Any, common: argparse.ArgumentParser) -> None:
    imp = sub.add_parser("import-oruk", parents=[common],
                         help=_("import an Open Referral UK feed (file or URL) and publish it to devices"))
    imp.add_argument("source", nargs="?", default=None, metavar="FILE_OR_URL",
                     help=_("an ORUK 1.0 or 3.0 JSON file, or an http(s) address of its /services"))
    imp.add_argument("--feed", default=None, help=_("feed name (default: the file name or the web host)"))
    imp.add_argument("--prune", action="store_true",
                     help=_("remove this feed's services that are not in the import (devices drop them too)"))
    imp.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES,
                     help=_("at most this many pages from a URL (default {n})").format(n=DEFAULT_MAX_PAGES))
    imp.add_argument("--demo", action="store_true",
                     help=_("import the demo directory and postcode districts instead of FILE_OR_URL"))
    imp.add_argument("--json", action="store_true", help=_("print the import report as JSON"))

    reports = sub.add_parser("directory-reports", parents=[common],
                             help=_("problems residents and volunteers reported with directory listings"))
    reports.add_argument("--json", action="store_true", help=_("print JSON"))


def import_oruk(args: argparse.Namespace) -> int:
    from sync.server import db

    if args.demo == (args.source is not None):
        print(_("Give either a file or URL, or --demo."), file=sys.stderr)
        return 2
    if args.max_pages < 1:
        print(_("--max-pages must be at least 1."), file=sys.stderr)
        return 2
    engine = db.open_engine(args.data_dir, args.database_url)
    try:
        return _import(args, engine)
    finally:
        engine.dispose()


def _import(args: argparse.Namespace, engine: Any) -> int:
    from kiosk.directory.oruk import FeedError
    from sync.server import db
    from sync.server.directory_import import SourceError, import_source

    if args.demo:
        from sync.server import directory_demo

        with db.writing(engine) as conn:
            changed = directory_demo.load(conn)
        if args.json:
            print(db.dumps(changed))
        else:
            print(_("Demo directory: {services} changes to services and {districts} to postcode districts "
                    "published.").format(services=changed["directory_services"],
                                         districts=changed["postcode_districts"]))
        return 0
    try:
        outcome = import_source(engine, args.source, args.feed, prune=args.prune, max_pages=args.max_pages)
    except SourceError as exc:
        print(_("Cannot import: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    except FeedError as exc:
        print(_("Cannot import: {reason}").format(reason=_(str(exc))), file=sys.stderr)
        return 1
    report = outcome.to_dict()
    if args.json:
        print(db.dumps(report))
        return 0
    _print_report(report)
    return 0


def _print_report(report: dict[str, Any]) -> None:
    from kiosk.directory.oruk import SKIP_REASONS, WARNINGS

    print(_("Feed {feed} (ORUK {version}): {records} records in {pages} page(s).").format(**report))
    print(_("New {imported}, changed {updated}, unchanged {unchanged}, removed {removed}; "
            "{published} published to devices, {tombstoned} withdrawn.").format(**report))
    if report["confidential"]:
        print(_("{count} confidential services: their addresses are not stored or published.").format(
            count=report["confidential"]))
    for title, counts, labels in ((_("Skipped"), report["skipped"], SKIP_REASONS),
                                  (_("Warnings"), report["warnings"], WARNINGS)):
        if not counts:
            continue
        print(title + ":")
        for reason, count in sorted(counts.items()):
            examples = "; ".join(report["examples"].get(reason, []))
            label = _(labels[reason]) if reason in labels else reason
            print(f"  {count:>6}  {label} ({reason})" + (f" — {examples}" if examples else ""))
    for note in report["notes"]:
        print(_("Note: {note}").format(note=note))


def directory_reports(args: argparse.Namespace) -> int:
    from sync.server import db
    from sync.server.ops_directory import list_reports

    engine = db.open_engine(args.data_dir, args.database_url)
    try:
        with db.reading(engine) as conn:
            rows = list_reports(conn)
    finally:
        engine.dispose()
    if args.json:
        print(db.dumps(rows))
        return 0
    if not rows:
        print(_("No problems reported with directory listings."))
        return 0
    for row in rows:
        name = row["service_name"] or _("(no longer listed)")
        reason = f" ({row['reason']})" if row["reason"] else ""
        print(f"{row['received_at']}  {row['hub_name']}  {row['service_key']}  {name}  {row['kind']}{reason}")
    return 0


ACTIONS = {"import-oruk": import_oruk, "directory-reports": directory_reports}
