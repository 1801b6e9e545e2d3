"""``kiosk directory``: import an ORUK feed, search, browse a need, show one service."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="directory_command", metavar="ACTION")
    imp = sub.add_parser("import", help=_("import an Open Referral UK feed file (ORUK 1.0 or 3.0)"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--feed", help=_("name of the feed (default: the file name)"))
    imp.add_argument("--prune", action="store_true", help=_("remove services of this feed that are not in the file"))
    imp.add_argument("--json", action="store_true", help=_("print JSON"))

    find = sub.add_parser("search", help=_("search the directory"))
    find.add_argument("query", nargs="?", default="")
    find.add_argument("--need", help=_("only services for this need (see 'kiosk directory needs')"))
    find.add_argument("--open-now", action="store_true", help=_("only services open now"))
    find.add_argument("--free", action="store_true", help=_("only free services"))
    find.add_argument("--age", type=int, help=_("only services for someone of this age"))
    find.add_argument("--language", help=_("only services where this language is spoken"))
    find.add_argument("--step-free", action="store_true", help=_("only services with step-free access"))
    find.add_argument("--postcode", help=_("sort by distance from this postcode or district"))
    find.add_argument("--limit", type=int, default=20)
    find.add_argument("--json", action="store_true", help=_("print JSON"))

    show = sub.add_parser("show", help=_("show one service"))
    show.add_argument("service_id", type=int)
    show.add_argument("--json", action="store_true", help=_("print JSON"))

    needs = sub.add_parser("needs", help=_("list the needs and how many services each has"))
    needs.add_argument("--json", action="store_true", help=_("print JSON"))


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def run(args: argparse.Namespace) -> int:
    from kiosk.paths import device_db_path
    from kiosk.store import open_db

    command = getattr(args, "directory_command", None)
    if command is None:
        print(_("Say what to do: import, search, show or needs."), file=sys.stderr)
        return 2
    db = open_db(device_db_path(args.data_dir))
    if command == "import":
        return _import(db, args)
    if command == "search":
        return _search(db, args)
    if command == "show":
        return _show(db, args)
    return _needs(db, args)


def _import(db, args) -> int:
    from kiosk.directory.importer import ImportFailed, import_file
    from kiosk.directory.oruk import SKIP_REASONS, WARNINGS

    try:
        report = import_file(db, args.file, args.feed, prune=args.prune)
    except ImportFailed as failure:
        message = _(failure.message).format(**failure.details)
        if args.json:
            _print_json({"ok": False, "error": message})
        else:
            print(message, file=sys.stderr)
        return 1
    if args.json:
        _print_json({"ok": True, "report": report.to_dict()})
        return 0
    print(_("Feed {feed} (ORUK {version}): {records} records read, {imported} new, {updated} updated, "
            "{skipped} skipped.").format(feed=report.feed, version=report.version, records=report.records,
                                         imported=report.imported, updated=report.updated,
                                         skipped=report.skipped_total))
    if report.removed:
        print(_("{count} services no longer in the feed were removed.").format(count=report.removed))
    for reason, count in sorted(report.skipped.items()):
        examples = ", ".join(report.examples.get(reason, []))
        print(f"  {_('Skipped')}: {_(SKIP_REASONS.get(reason, reason))}: {count}  ({examples})")
    for reason, count in sorted(report.warnings.items()):
        print(f"  {_('Note')}: {_(WARNINGS.get(reason, reason))}: {count}")
    if report.confidential:
        print(_("{count} confidential services: their addresses are never stored or shown.").format(
            count=report.confidential))
    return 0


def _search(db, args) -> int:
    from kiosk.directory.needs import NEEDS_BY_ID
    from kiosk.directory.query import Filters, search

    if args.need and args.need not in NEEDS_BY_ID:
        print(_("Unknown need. Known needs: {names}").format(names=", ".join(NEEDS_BY_ID)), file=sys.stderr)
        return 2
    filters = Filters(need=args.need, open_now=args.open_now, free=args.free, age=args.age,
                      language=args.language, step_free=args.step_free, postcode=args.postcode)
    results = search(db, args.query, filters, limit=max(1, min(args.limit, 500)))
    messages = [_(m).format(**results.message_args) for m in results.messages]
    if args.json:
        _print_json({**results.to_dict(), "messages": messages})
        return 0
    for message in messages:
        print(message)
    if results.nothing_found:
        print(_("Nothing found."))
        return 0
    if results.broadened:
        print(_("No service matches all of your words; these match some of them."))
    for item in results.items:
        where = _("address withheld") if item["address_withheld"] else (item["place"] or "")
        distance = f"  {item['distance_km']:.1f} km" if item["distance_km"] is not None else ""
        print(f"{item['id']:>6}  {item['name']}  — {item['organisation'] or ''}  {where}{distance}")
    return 0


def _show(db, args) -> int:
    from kiosk.directory.query import get_service
    from kiosk.directory.schedules import opening_status, opening_table

    service = get_service(db, args.service_id)
    if service is None:
        print(_("There is no service {id}.").format(id=args.service_id), file=sys.stderr)
        return 1
    status = opening_status(service)
    table = opening_table(service)
    if args.json:
        _print_json({**service, "opening_status": status.to_dict(),
                     "opening_table": [{"label": r.label, "periods": r.periods, "text": r.periods_text()} for r in table]})
        return 0
    print(service["name"])
    if service["organization"] and service["organization"].get("name"):
        print(service["organization"]["name"])
    print(status.text())
    for row in table:
        print(f"  {row.label:<30} {row.periods_text()}")
    if service["description"]:
        print()
        print(service["description"])
    for location in service["locations"]:
        if location["address_withheld"]:
            print(_("Address withheld to keep people safe. Phone to arrange a visit."))
        else:
            print(", ".join(filter(None, (location["address_1"], location["address_2"], location["city"],
                                          location["postcode"]))))
    for phone in service["phones"]:
        print(phone["number"])
    print(_("Last checked: {date}").format(date=service["last_checked"] or _("never")))
    return 0


def _needs(db, args) -> int:
    from kiosk.directory.query import needs_with_counts

    needs = needs_with_counts(db)
    if args.json:
        _print_json([{**n, "label": _(n["label"])} for n in needs])
        return 0
    for need in needs:
        print(f"{need['id']:<12} {_(need['label'])}: {need['count']}")
    return 0
