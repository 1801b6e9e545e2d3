"""``kiosk timebank``: members, balances and importing paper records, from a terminal.

    kiosk timebank import-exchanges FILE.csv [--recorded-by NAME] [--json]
    kiosk timebank members [QUERY] [--pending] [--json]
    kiosk timebank balance NUMBER [--json]
    kiosk timebank register --name NAME --recorded-by NAME --consented [--phone ..] [--set-pin]
    kiosk timebank approve NUMBER --broker NAME
    kiosk timebank organisation --name NAME --type community_group --recorded-by NAME
    kiosk timebank card NUMBER
    kiosk timebank audit [--csv | --json] [--from DATE] [--to DATE]
    kiosk timebank rewards [--json]
    kiosk timebank voucher CODE [--json]

Exit codes: 0 done; 1 some CSV rows were not imported (the rest were); 2 bad input.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.i18n import N_, _

ORG_TYPES = ("council_service", "community_group", "project", "partner")
WORDS = {"person": N_("member"), "organisation": N_("organisation"), "pending": N_("waiting for approval"),
         "active": N_("active"), "suspended": N_("suspended")}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="timebank_command", metavar="ACTION")
    p = sub.add_parser("import-exchanges", help=_("import paper records of exchanges from a CSV file"))
    p.add_argument("file", help=_("CSV file (see docs/TIME_BANK.md for the columns)"))
    p.add_argument("--recorded-by", default="import", help=_("who typed the records in"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("members", help=_("list or find members"))
    p.add_argument("query", nargs="?", default="", help=_("name, member number or scanned card text"))
    p.add_argument("--pending", action="store_true", help=_("only registrations waiting for approval"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("balance", help=_("a member's balance"))
    p.add_argument("number", help=_("member number or scanned card text"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("register", help=_("register a member (assisted)"))
    p.add_argument("--name", default="")
    p.add_argument("--recorded-by", default="", help=_("the volunteer registering the member"))
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--postcode", default="")
    p.add_argument("--language", action="append", default=[], help=_("a language spoken (repeat)"))
    p.add_argument("--skill", action="append", default=[], help=_("a skill to offer (repeat)"))
    p.add_argument("--interest", action="append", default=[], help=_("a passion or interest (repeat)"))
    p.add_argument("--availability", default="")
    p.add_argument("--set-pin", action="store_true", help=_("ask for a PIN (typed, not shown)"))
    p.add_argument("--consented", action="store_true",
                   help=_("the member heard or read the consent statement (see --show-consent) and agrees"))
    p.add_argument("--show-consent", action="store_true", help=_("print the consent statement and stop"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("approve", help=_("approve a self-service registration"))
    p.add_argument("number")
    p.add_argument("--broker", required=True)
    p = sub.add_parser("organisation", help=_("add an organisation account"))
    p.add_argument("--name", required=True)
    p.add_argument("--type", required=True, choices=ORG_TYPES)
    p.add_argument("--recorded-by", required=True)
    p = sub.add_parser("card", help=_("print what a member's card shows"))
    p.add_argument("number")
    p = sub.add_parser("audit", help=_("the time audit over this device's ledger (hours by category, "
                                       "organisation, hub and month)"))
    form = p.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help=_("print CSV"))
    form.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--from", dest="start", default=None, help=_("first service date (YYYY-MM-DD)"))
    p.add_argument("--to", dest="end", default=None, help=_("last service date (YYYY-MM-DD)"))
    p = sub.add_parser("rewards", help=_("the menu of rewards"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("voucher", help=_("check a voucher code"))
    p.add_argument("code")
    p.add_argument("--json", action="store_true", help=_("print JSON"))


def _rewards_actions(db: Any, args: argparse.Namespace, action: str) -> int | None:
    """audit, rewards, voucher (kiosk.timebank.audit_report, kiosk.timebank.rewards)."""
    import sys
    from datetime import date

    from kiosk.timebank import audit_report, rewards
    from kiosk.timebank.amounts import format_minutes

    if action == "audit":
        bounds = []
        for text in (args.start, args.end):
            try:
                bounds.append(date.fromisoformat(text) if text else None)
            except ValueError:
                print(_("{text} is not a date like 2026-04-01").format(text=text))
                return 2
        if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
            print(_("The --from date is after the --to date."))
            return 2
        report = audit_report.device_report(db, *bounds)
        if args.csv:
            sys.stdout.write(audit_report.to_csv(report))
        elif args.json:
            _print_json(report.to_json())
        else:
            print(audit_report.to_text(report))
        return 0
    if action == "rewards":
        items = rewards.menu(db)
        if args.json:
            _print_json(items)
        for item in [] if args.json else items:
            online = "  " + _("(needs the council online)") if item["requires_online"] else ""
            print(f"{item['name']}: {format_minutes(item['cost_minutes'])}  [{item['kind_label']}]{online}")
        if not items and not args.json:
            print(_("No rewards yet: the menu arrives with the next sync."))
        return 0
    if action == "voucher":
        found = rewards.voucher(db, args.code)
        if args.json:
            _print_json(found)
        else:
            status = {"issued": _("issued"), "pending": _("waiting for the council"), "refused": _("refused")}
            print(_("Voucher {code}: {reward} ({status})").format(
                code=found["display_code"], reward=found["reward_name"], status=status[found["status"]]))
        return 0
    return None


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from kiosk.timebank import csv_import, ledger, members, numbers
    from kiosk.timebank.amounts import format_minutes
    from kiosk.timebank.errors import TimeBankError

    action = getattr(args, "timebank_command", None)
    if action is None:
        print(_("Say what to do, e.g. `kiosk timebank balance NUMBER`; see `kiosk timebank --help`."))
        return 2
    db = open_db(device_db_path(args.data_dir))
    try:
        if action == "import-exchanges":
            report = csv_import.import_file(db, Path(args.file), recorded_by=args.recorded_by)
            if args.json:
                _print_json(report.as_dict())
            elif report.error:
                print(report.error)
            else:
                for row in report.rows:
                    print(_("row {row}: {status} {message}").format(
                        row=row.row, status=_("ok") if row.ok else _("NOT IMPORTED"), message=row.message))
                print(_("{imported} imported, {failed} not imported.").format(
                    imported=report.imported, failed=report.failed))
            if report.error:
                return 2
            return 1 if report.failed else 0
        if action == "members":
            if args.pending:
                found = members.pending_members(db)
            elif args.query:
                found = members.find_members(db, args.query, limit=100)
            else:
                found = members.all_accounts(db)[:500]
            rows = [{"number": numbers.format_number(m["number"]), "name": m["name"], "kind": m["kind"],
                     "status": m["status"]} for m in found]
            if args.json:
                _print_json(rows)
            else:
                for r in rows:
                    print(f"{r['number']}  {r['name']}  ({_(WORDS[r['kind']])}, {_(WORDS[r['status']])})")
                if not rows:
                    print(_("No members found."))
            return 0
        if action == "balance":
            account = members.find_by_card(db, args.number)
            bal = ledger.balance(db, account["id"])
            data = {"number": account["number"], "name": account["name"], "confirmed_minutes": bal.confirmed,
                    "as_of": bal.as_of, "available_minutes": bal.available,
                    "pending_debit_minutes": bal.pending_debits, "pending_credit_minutes": bal.pending_credits}
            if args.json:
                _print_json(data)
            else:
                print(account["name"], numbers.format_number(account["number"]))
                if bal.as_of:
                    print(_("Confirmed (as of last sync, {when}): {amount}").format(
                        when=bal.as_of, amount=format_minutes(bal.confirmed)))
                else:
                    print(_("Confirmed (not synced yet): {amount}").format(amount=format_minutes(bal.confirmed)))
                print(_("Available now: {amount}").format(amount=format_minutes(bal.available)))
                if bal.pending_credits:
                    print(_("Waiting to be confirmed: {amount}").format(amount=format_minutes(bal.pending_credits)))
            return 0
        if action == "register":
            consent = members.Consent.as_shown_now()
            if args.show_consent:
                print(consent.wording)
                return 0
            if not args.consented:
                print(_("Read the consent statement to the member (--show-consent) and add --consented "
                        "if they agree."))
                return 2
            if not args.recorded_by.strip():
                print(_("Say who is registering the member (--recorded-by)."))
                return 2
            pin = None
            if args.set_pin:
                import getpass
                pin = getpass.getpass(_("PIN (4 to 6 digits): "))
            account = members.register_member(
                db, name=args.name, consent=consent, registered_by=args.recorded_by,
                phone=args.phone, email=args.email, postcode=args.postcode, languages=args.language,
                skills=args.skill, interests=args.interest, availability=args.availability, pin=pin)
            if args.json:
                _print_json({"id": account["id"], "number": account["number"], "name": account["name"]})
            else:
                print(_("Registered {name}: member number {number}").format(
                    name=account["name"], number=numbers.format_number(account["number"])))
            return 0
        if action == "approve":
            account = members.find_by_card(db, args.number)
            members.approve_member(db, account["id"], broker=args.broker)
            print(_("{name} can now use the time bank.").format(name=account["name"]))
            return 0
        if action == "organisation":
            account = members.register_organisation(db, name=args.name, org_type=args.type,
                                                    registered_by=args.recorded_by)
            print(_("Added {name}: number {number}").format(
                name=account["name"], number=numbers.format_number(account["number"])))
            return 0
        if action == "card":
            card = members.card(members.find_by_card(db, args.number))
            print(card["name"])
            print(card["number"])
            print(_("QR text: {text}").format(text=card["qr_text"]))
            return 0
        outcome = _rewards_actions(db, args, action)
        if outcome is not None:
            return outcome
    except TimeBankError as exc:
        print(exc.message)
        return 2
    print(_("Unknown action."))
    return 2
