"""``kiosk board``: the time bank's offers, requests and opportunities, from a terminal (staff).

    kiosk board list [--kind offer|request|opportunity] [--json]
    kiosk board match NUMBER [--json]
    kiosk board post-opportunity --organisation NUMBER --staff ID --title TEXT --category CODE
        (--at "DD/MM/YYYY HH:MM" [--until HH:MM] | --every tue,thu [--from HH:MM] [--to HH:MM])
        [--description TEXT] [--place TEXT] [--places N] [--min-age N] [--max-age N] [--access TEXT]
    kiosk board withdraw ENTRY_ID --staff ID

Posting an opportunity is a staff action (refused on a self-service kiosk).
Exit codes: 0 done; 2 bad input (the message says what).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from kiosk.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="board_command", metavar="ACTION")
    p = sub.add_parser("list", help=_("list what is on the board"))
    p.add_argument("--kind", choices=("offer", "request", "opportunity"), help=_("only this kind"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("match", help=_("opportunities and requests that suit a member, with the reasons"))
    p.add_argument("number", help=_("member number or scanned card text"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("post-opportunity", help=_("post an organisation's opportunity (staff)"))
    p.add_argument("--organisation", required=True, help=_("the organisation's number"))
    p.add_argument("--staff", required=True, help=_("your staff ID"))
    p.add_argument("--title", required=True)
    p.add_argument("--category", required=True, help=_("category code, e.g. children"))
    p.add_argument("--description", default="")
    p.add_argument("--at", help=_("a one-off: date and time, DD/MM/YYYY HH:MM (London time)"))
    p.add_argument("--until", help=_("a one-off's end time, HH:MM"))
    p.add_argument("--every", help=_("every week on these days, e.g. tue,thu"))
    p.add_argument("--from", dest="start_time", help=_("weekly start time, HH:MM"))
    p.add_argument("--to", dest="end_time", help=_("weekly end time, HH:MM"))
    p.add_argument("--place", default="")
    p.add_argument("--places", help=_("places available"))
    p.add_argument("--min-age")
    p.add_argument("--max-age")
    p.add_argument("--access", default="", help=_("accessibility notes"))
    p = sub.add_parser("withdraw", help=_("take an entry off the board (staff)"))
    p.add_argument("entry", help=_("the entry's id"))
    p.add_argument("--staff", required=True, help=_("your staff ID"))


def _moment(text: str, what: str) -> datetime:
    for pattern in ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
    from kiosk.timebank.errors import TimeBankError

    raise TimeBankError("bad_time", _("{what}: give a date and time like 01/12/2026 10:00.").format(what=what))


def _line(item: dict[str, Any]) -> str:
    from kiosk.timebank import opportunities as op

    return "{id}  {kind:<11} {title}  ({who}) {when}".format(
        id=item["id"][:8], kind=_(op.KIND_LABELS[item["kind"]]), title=item["title"], who=item["poster_name"],
        when=op.when_text(item))


def run(args: argparse.Namespace) -> int:
    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from kiosk.timebank import matching, members
    from kiosk.timebank import opportunities as op
    from kiosk.timebank.errors import TimeBankError

    action = getattr(args, "board_command", None)
    if action is None:
        print(_("Say what to do, e.g. `kiosk board list`; see `kiosk board --help`."))
        return 2
    db = open_db(device_db_path(args.data_dir))
    try:
        if action == "list":
            items = [op.public_view(i) for i in op.board(db, args.kind)]
            if args.json:
                print(json.dumps(items, ensure_ascii=False, indent=2))
            else:
                for item in items:
                    print(_line(item))
                print(_("{count} on the board.").format(count=len(items)))
        elif action == "match":
            member = members.find_by_card(db, args.number)
            found = matching.matches_for(db, member)
            if args.json:
                print(json.dumps([{"score": m.score, "reasons": m.reasons, "item": op.public_view(m.item)}
                                  for m in found], ensure_ascii=False, indent=2))
            else:
                for m in found:
                    print(f"{m.score:>3}  {_line(m.item)}")
                    for reason in m.reasons:
                        print(f"       - {reason}")
                if not found:
                    print(_("Nothing on the board matches this member yet."))
        elif action == "post-opportunity":
            organisation = members.find_by_card(db, args.organisation)
            item = op.post_opportunity(
                db, organisation["id"], staff_id=args.staff, title=args.title, category=args.category,
                description=args.description, place=args.place, places_available=args.places,
                min_age=args.min_age, max_age=args.max_age, accessibility=args.access,
                starts_at=_moment(args.at, "--at") if args.at else None,
                ends_at=_moment(args.at.split()[0] + " " + args.until, "--until") if args.at and args.until else None,
                repeat_days=(args.every or "").split(",") if args.every else (),
                start_time=args.start_time, end_time=args.end_time)
            print(_("Posted: {line}").format(line=_line(item)))
            print(item["id"])
        elif action == "withdraw":
            matches = [r[0] for r in db.execute("select id from tb_board where id like ? || '%'", [args.entry])]
            if len(matches) != 1:
                print(_("No single board entry starts with {entry}.").format(entry=args.entry))
                return 2
            item = op.withdraw(db, matches[0], by=args.staff)
            print(_("Taken off the board: {line}").format(line=_line(item)))
    except TimeBankError as refused:
        print(refused.message)
        return 2
    finally:
        db.conn.close()
    return 0
