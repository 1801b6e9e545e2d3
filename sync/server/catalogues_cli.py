"""``kiosk council catalogues ...``: publish translators' corrected catalogues to every device.

    kiosk --data-dir DIR council catalogues publish LANG FILE.po [--json]
    kiosk --data-dir DIR council catalogues list [--json]
    kiosk --data-dir DIR council catalogues withdraw LANG

Wired into ``sync.server.cli`` like ``outreach_cli``: ``add_subcommands`` and ``ACTIONS``.
A refused catalogue prints one line per problem (line, message, what is wrong)
and exits 2; nothing is published.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.i18n import _

# Left-out messages listed one by one up to this many (the rest are counted).
SHOW_SKIPPED = 20


def add_subcommands(sub: Any, common: argparse.ArgumentParser) -> None:
    catalogues = sub.add_parser("catalogues",
                                help=_("corrected translations: publish a .po file to every device, list, withdraw"))
    cat_sub = catalogues.add_subparsers(dest="catalogues_command", metavar="CATALOGUES_ACTION", required=True)
    publish = cat_sub.add_parser("publish", parents=[common],
                                 help=_("check a corrected catalogue and publish it; devices use it after their next sync"))
    publish.add_argument("language", help=_("language code, like pt or so"))
    publish.add_argument("file", type=Path, help=_("the corrected .po file"))
    publish.add_argument("--json", action="store_true", help=_("print JSON"))
    listing = cat_sub.add_parser("list", parents=[common], help=_("list published catalogues and their versions"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    withdraw = cat_sub.add_parser("withdraw", parents=[common],
                                  help=_("stop using a published catalogue; devices go back to the shipped one"))
    withdraw.add_argument("language", help=_("language code, like pt or so"))


def _catalogues(args: argparse.Namespace) -> int:
    from sync.server import catalogues, db

    command = args.catalogues_command
    if command == "publish":
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            print(_("Cannot read {file}: {error}").format(file=args.file, error=exc.strerror or exc), file=sys.stderr)
            return 2
        engine = db.open_engine(args.data_dir, args.database_url)
        with db.writing(engine) as conn:
            result = catalogues.publish(conn, args.language, data, args.file.name)
        return _report_publish(args, result)
    engine = db.open_engine(args.data_dir, args.database_url)
    if command == "withdraw":
        with db.writing(engine) as conn:
            version = catalogues.withdraw(conn, args.language)
        if version is None:
            print(_("No catalogue is published for {language}.").format(language=args.language), file=sys.stderr)
            return 1
        print(_("Catalogue {language} version {version} withdrawn; devices use the shipped one after "
                "their next sync.").format(language=args.language, version=version))
        return 0
    with db.reading(engine) as conn:
        rows = catalogues.list_catalogues(conn)
    if args.json:
        print(db.dumps(rows))
    elif not rows:
        print(_("No catalogues published yet."))
    else:
        for row in rows:
            state = (_("in use") if row["in_use"] else
                     _("withdrawn") if row["withdrawn_at"] else _("replaced"))
            print(f"{row['language']}  v{row['version']}  {row['published_at']}  " +
                  _("{count} messages").format(count=row["messages"]) + f"  {state}  {row['source_name']}")
    return 0


def _report_publish(args: argparse.Namespace, result: Any) -> int:
    checked = result.checked
    if args.json:
        print(json.dumps({**checked.report(), "version": result.version, "unchanged": result.unchanged},
                         ensure_ascii=False, indent=2))
        return 0 if checked.ok else 2
    if not checked.ok:
        print(_("Refused: the {language} catalogue was not published. Correct these problems and "
                "publish it again:").format(language=args.language), file=sys.stderr)
        for problem in checked.errors:
            print("  " + problem.describe(), file=sys.stderr)
        return 2
    if result.unchanged:
        print(_("The {language} catalogue version {version} is this same file; nothing was published.")
              .format(language=args.language, version=result.version))
    else:
        print(_("Published the {language} catalogue as version {version} ({count} messages); devices use "
                "it after their next sync.").format(language=args.language, version=result.version,
                                                   count=checked.count))
    if checked.skipped:
        print(_("{count} messages were left out (the shipped text stays for them):")
              .format(count=len(checked.skipped)))
        for problem in checked.skipped[:SHOW_SKIPPED]:
            print("  " + problem.describe())
        if len(checked.skipped) > SHOW_SKIPPED:
            print("  " + _("… and {count} more (--json lists them all)").format(
                count=len(checked.skipped) - SHOW_SKIPPED))
    return 0


ACTIONS = {"catalogues": _catalogues}
