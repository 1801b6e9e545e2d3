"""``kiosk council ...``: run and manage the council service.

    kiosk --data-dir DIR council serve [--host 127.0.0.1] [--port 8765] [--demo] [--database-url URL]
    kiosk --data-dir DIR council enrol --hub NAME_OR_ID --mode kiosk|assisted|outreach [--expires-hours 24]
    kiosk --data-dir DIR council revoke DEVICE_ID
    kiosk --data-dir DIR council devices [--json]
    kiosk --data-dir DIR council hubs [--json]
    kiosk --data-dir DIR council compact
    kiosk --data-dir DIR council submissions [--json]
    kiosk --data-dir DIR council submission-status REF STATUS [--reason TEXT]
    kiosk --data-dir DIR council staff add --name NAME --role ROLE --hub HUB [--pin PIN]
    kiosk --data-dir DIR council staff disable STAFF_ID
    kiosk --data-dir DIR council staff reset-pin STAFF_ID [--pin PIN]
    kiosk --data-dir DIR council staff list [--json]
    kiosk --data-dir DIR council audit DEVICE_ID [--json]
    kiosk --data-dir DIR council set-current-version X.Y.Z
    kiosk --data-dir DIR council import-oruk FILE_OR_URL|--demo [--feed NAME] [--prune] [--json]
    kiosk --data-dir DIR council directory-reports [--json]
    kiosk --data-dir DIR council timebank-audit [--csv | --json] [--from DATE] [--to DATE]
    kiosk --data-dir DIR council demo-timebank [--json]
    kiosk --data-dir DIR council cases add|checkout|checkin|expire|list|visits ...  (outreach_cli)
    kiosk --data-dir DIR council catalogues publish LANG FILE.po | list | withdraw LANG  (catalogues_cli)

The management commands work on the database directly, so they work while the
service runs (SQLite WAL lets them share the file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.i18n import _
from sync.server import directory_cli  # light: the heavy imports are inside its actions
from sync.server import timebank_cli  # light too
from sync.server import outreach_cli  # light too
from sync.server import catalogues_cli  # light too

DEFAULT_PORT = 8765
# Read by parent processes (kiosk demo, tests): a fixed English line, never translated.
LISTENING_LINE = "Council service listening on {url}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    # Also accepted after the subcommand (`kiosk council serve --data-dir X`);
    # SUPPRESS keeps the global --data-dir when it is not given here.
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=_("the council service's data folder"))
    common.add_argument(
        "--database-url",
        default=None,
        help=_("SQLAlchemy database URL (default: SQLite in the data folder)"),
    )
    sub = parser.add_subparsers(dest="council_command", metavar="ACTION", required=True)

    serve = sub.add_parser("serve", parents=[common], help=_("run the council service (HTTP)"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("port (0 picks a free one; default {port})").format(port=DEFAULT_PORT))
    serve.add_argument("--demo", action="store_true", help=_("load demo hubs, services, charges and rewards"))
    serve.add_argument("--log-level", default="warning", help=_("uvicorn log level (default warning)"))

    enrol = sub.add_parser("enrol", parents=[common], help=_("make a one-time enrolment code for a device"))
    enrol.add_argument("--hub", required=True, help=_("hub name or id"))
    enrol.add_argument("--mode", required=True, choices=["kiosk", "assisted", "outreach"])
    enrol.add_argument("--expires-hours", type=float, default=24.0, help=_("hours the code stays valid (default 24)"))

    revoke = sub.add_parser("revoke", parents=[common], help=_("revoke a device's token"))
    revoke.add_argument("device_id")

    devices = sub.add_parser("devices", parents=[common], help=_("list devices with their last heartbeat"))
    devices.add_argument("--json", action="store_true", help=_("print JSON"))

    hubs = sub.add_parser("hubs", parents=[common], help=_("list hubs"))
    hubs.add_argument("--json", action="store_true", help=_("print JSON"))

    sub.add_parser("compact", parents=[common], help=_("compact the change log (older device cursors then resync)"))

    submissions = sub.add_parser("submissions", parents=[common], help=_("list council-tax requests received"))
    submissions.add_argument("--json", action="store_true", help=_("print JSON"))
    status = sub.add_parser("submission-status", parents=[common],
                            help=_("move a council-tax request on: received, in_progress, done or rejected"))
    status.add_argument("reference", help=_("the request's reference, like CT-7K3MQ9RXQ"))
    status.add_argument("status", help=_("received, in_progress, done or rejected"))
    status.add_argument("--reason", default=None, help=_("why (needed for rejected); the resident is told"))

    staff = sub.add_parser("staff", help=_("staff accounts: add, disable, reset a PIN, list"))
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="STAFF_ACTION", required=True)
    add = staff_sub.add_parser("add", parents=[common], help=_("add a member of staff; prints their first PIN once"))
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=["volunteer", "broker", "outreach", "hub_admin"])
    add.add_argument("--hub", required=True, help=_("hub name or id"))
    add.add_argument("--pin", default=None, help=_("6 to 12 digits (default: a random PIN is printed)"))
    disable = staff_sub.add_parser("disable", parents=[common],
                                   help=_("disable an account; devices refuse it after their next sync"))
    disable.add_argument("staff_id")
    reset = staff_sub.add_parser("reset-pin", parents=[common], help=_("give an account a new PIN; prints it once"))
    reset.add_argument("staff_id")
    reset.add_argument("--pin", default=None, help=_("6 to 12 digits (default: a random PIN is printed)"))
    staff_list = staff_sub.add_parser("list", parents=[common], help=_("list staff accounts"))
    staff_list.add_argument("--json", action="store_true", help=_("print JSON"))

    current = sub.add_parser("set-current-version", parents=[common],
                             help=_("the kiosk version devices should run; they see 'update available' below it"))
    current.add_argument("version", help=_("like 1.2.0; an empty string clears it"))

    audit = sub.add_parser("audit", parents=[common], help=_("a device's audit entries as received, and any gaps"))
    audit.add_argument("device_id")
    audit.add_argument("--json", action="store_true", help=_("print JSON"))
    directory_cli.add_subcommands(sub, common)  # import-oruk, directory-reports
    timebank_cli.add_subcommands(sub, common)  # timebank-audit, demo-timebank
    outreach_cli.add_subcommands(sub, common)  # cases add|checkout|checkin|expire|list|visits
    catalogues_cli.add_subcommands(sub, common)  # catalogues publish|list|withdraw


def run(args: argparse.Namespace) -> int:
    action = {
        "serve": _serve,
        "enrol": _enrol,
        "revoke": _revoke,
        "devices": _devices,
        "hubs": _hubs,
        "compact": _compact,
        "submissions": _submissions,
        "submission-status": _submission_status,
        "staff": _staff,
        "audit": _audit,
        "set-current-version": _set_current_version,
        **directory_cli.ACTIONS,  # import-oruk, directory-reports
        **timebank_cli.ACTIONS,  # timebank-audit, demo-timebank
        **outreach_cli.ACTIONS,  # cases
        **catalogues_cli.ACTIONS,  # catalogues
    }[args.council_command]
    try:
        return action(args)
    except ImportError as exc:
        print(_("The council service needs its extra packages: pip install 'coop-kiosk[council]' ({error})").format(error=exc), file=sys.stderr)
        return 1


def _engine(args: argparse.Namespace) -> Any:
    from sync.server import db

    return db.open_engine(args.data_dir, args.database_url)


def _serve(args: argparse.Namespace) -> int:
    import socket

    import uvicorn

    from sync.server.app import create_app

    # Bind the socket ourselves: with --port 0 we learn the real port, a busy
    # port is reported before any work, and the parent process may connect as
    # soon as the line below is printed (the connection waits in the backlog
    # until uvicorn accepts it).
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        sock.close()
        print(_("Cannot listen on {host}:{port}: {error}").format(host=args.host, port=args.port, error=exc.strerror), file=sys.stderr)
        return 1
    try:
        app = create_app(args.data_dir, database_url=args.database_url, demo=args.demo)
    except Exception as exc:  # a bad URL, an unreadable file: say so, no traceback
        sock.close()
        print(_("Cannot open the council database: {error}").format(error=exc), file=sys.stderr)
        return 1
    sock.listen(128)
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    print(LISTENING_LINE.format(url=f"http://{host}:{port}"), flush=True)
    config = uvicorn.Config(app, log_level=args.log_level, access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _enrol(args: argparse.Namespace) -> int:
    import qrcode

    from sync.server import db

    engine = _engine(args)
    with db.writing(engine) as conn:
        hub = db.find_hub(conn, args.hub)
        if hub is None:
            names = ", ".join(h["name"] for h in db.list_hubs(conn)) or _("none yet")
            print(_("No hub called {hub!r}. Hubs: {names}").format(hub=args.hub, names=names), file=sys.stderr)
            return 1
        code, expires_at = db.new_enrolment_code(conn, hub.id, args.mode, args.expires_hours)
    folder = Path(args.data_dir) / "enrolment-codes"
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"enrol-{hub.id}-{code}.png"
    qrcode.make(code).save(png)
    print(_("Enrolment code for {hub} ({mode}): {code}").format(hub=hub.name, mode=args.mode, code=code))
    print(_("Valid once, until {expires} (UTC).").format(expires=expires_at))
    print(_("QR code saved to {path}").format(path=png))
    return 0


def _set_current_version(args: argparse.Namespace) -> int:
    import re

    from sync.server import db

    version = args.version.strip()
    if version and not re.fullmatch(r"\d+(\.\d+){0,3}([.-]?[A-Za-z0-9]+)?", version):
        print(_("{version!r} is not a version number like 1.2.0.").format(version=version), file=sys.stderr)
        return 2
    with db.writing(_engine(args)) as conn:
        db.set_meta(conn, db.META_CURRENT_VERSION, version)
    if version:
        print(_("Devices are told that {version} is the current version at their next heartbeat.").format(version=version))
    else:
        print(_("Devices are no longer told a current version."))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from sync.server import db

    engine = _engine(args)
    with db.writing(engine) as conn:
        revoked = db.revoke_device(conn, args.device_id)
        exists = revoked or any(d["id"] == args.device_id for d in db.list_devices(conn))
    if revoked:
        print(_("Device {device} revoked; it can no longer sync until it is enrolled again.").format(device=args.device_id))
        return 0
    if exists:
        print(_("Device {device} was already revoked.").format(device=args.device_id))
        return 0
    print(_("No device {device}.").format(device=args.device_id), file=sys.stderr)
    return 1


def _devices(args: argparse.Namespace) -> int:
    from sync.server import db

    engine = _engine(args)
    with db.reading(engine) as conn:
        rows = db.list_devices(conn)
    if args.json:
        print(db.dumps(rows))
        return 0
    if not rows:
        print(_("No devices enrolled yet."))
        return 0
    for d in rows:
        state = _("revoked") if d["revoked_at"] else _("active")
        print(f"{d['id']}  {d['hub_name']}  {d['mode']}  {state}")
        print(
            "    "
            + _(
                "app {app}; waiting {waiting}; quarantined {quarantined}; last sync {last_sync}; "
                "clock drift {drift} s; free disk {disk}; last heartbeat {heartbeat}"
            ).format(
                app=d["app_version"] or "-",
                waiting=_dash(d["waiting"]),
                quarantined=_dash(d["quarantined"]),
                last_sync=d["last_sync_at"] or "-",
                drift=_dash(d["clock_drift_seconds"]),
                disk=_dash(d["free_disk_bytes"]),
                heartbeat=d["last_heartbeat_at"] or "-",
            )
        )
        print("    " + _("applied operations {applied}; last sequence {seq}").format(applied=d["applied_operations"], seq=_dash(d["last_seq"])))
    return 0


def _dash(value: Any) -> str:
    return "-" if value is None else str(value)


def _hubs(args: argparse.Namespace) -> int:
    from sync.server import db

    engine = _engine(args)
    with db.reading(engine) as conn:
        rows = db.list_hubs(conn)
    if args.json:
        print(db.dumps(rows))
        return 0
    if not rows:
        print(_("No hubs yet (start the service with --demo for demo hubs)."))
        return 0
    for h in rows:
        print(_("{id}  {name}  ({devices} active devices)").format(**h))
    return 0


def _compact(args: argparse.Namespace) -> int:
    from sync.server import db

    engine = _engine(args)
    with db.writing(engine) as conn:
        outcome = db.compact(conn)
    print(_("Removed {removed} superseded changes; devices with older cursors will resync (horizon {horizon}).").format(**outcome))
    return 0


def _submissions(args: argparse.Namespace) -> int:
    from sync.server import db
    from sync.server.ops_counciltax import list_submissions

    engine = _engine(args)
    with db.writing(engine) as conn:  # writing: the table is created on first use
        rows = list_submissions(conn)
    if args.json:
        print(db.dumps(rows))
        return 0
    if not rows:
        print(_("No council-tax requests received yet."))
        return 0
    for row in rows:
        print(f"{row['reference']}  {row['request_type']}  {row['status']}  {row['received_at']}")
        if row["status_reason"]:
            print("    " + _("Reason: {reason}").format(reason=row["status_reason"]))
    return 0


def _submission_status(args: argparse.Namespace) -> int:
    from sync.server import db
    from sync.server.ops_counciltax import StatusError, set_status

    engine = _engine(args)
    try:
        with db.writing(engine) as conn:
            result = set_status(conn, args.reference, args.status, args.reason)
    except StatusError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return 2
    print(_("{reference} is now {status}; the hub sees it after its next sync.").format(
        reference=result["reference"], status=result["status"]))
    return 0


def _staff(args: argparse.Namespace) -> int:
    from sync.server import db
    from sync.server import staff

    engine = _engine(args)
    try:
        if args.staff_command == "list":
            with db.reading(engine) as conn:
                rows = staff.list_staff(conn)
            if args.json:
                print(db.dumps(rows))
                return 0
            if not rows:
                print(_("No staff accounts yet."))
            for row in rows:
                state = _("disabled") if row["disabled_at"] else _("active")
                print(f"{row['id']}  {row['name']}  {row['role']}  {row['hub_name']}  {state}")
            return 0
        with db.writing(engine) as conn:
            if args.staff_command == "add":
                record, pin = staff.add(conn, args.name, args.role, args.hub, args.pin)
            elif args.staff_command == "reset-pin":
                record, pin = {"id": args.staff_id}, staff.reset_pin(conn, args.staff_id, args.pin)
            else:
                changed = staff.disable(conn, args.staff_id)
    except staff.StaffError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return 2
    if args.staff_command == "disable":
        if changed:
            print(_("Staff member {id} disabled; their hub's devices refuse them after the next sync.").format(
                id=args.staff_id))
        else:
            print(_("Staff member {id} was already disabled.").format(id=args.staff_id))
        return 0
    if args.staff_command == "add":
        print(_("Added {name} ({role}) at hub {hub}: staff ID {id}").format(
            name=record["name"], role=record["role"], hub=record["hub_id"], id=record["id"]))
    else:
        print(_("New PIN for staff member {id}.").format(id=record["id"]))
    if args.pin is None:
        print(_("PIN (shown once, hand it over in person): {pin}").format(pin=pin))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from sync.server import db
    from sync.server.ops_audit import chain_breaks, entries_for

    engine = _engine(args)
    with db.reading(engine) as conn:
        entries = sorted(entries_for(conn, args.device_id), key=lambda e: e["at"])
        breaks = chain_breaks(conn, args.device_id)
    if args.json:
        print(db.dumps({"device_id": args.device_id, "entries": entries, "gaps_before": breaks}))
        return 1 if breaks else 0
    if not entries:
        print(_("No audit entries received from device {device}.").format(device=args.device_id))
        return 0
    for entry in entries:
        print(f"{entry['at']}  {entry['actor']}  {entry['action']}  {entry['subject']}")
    if breaks:
        print(_("Entries missing before: {ids}").format(ids=", ".join(breaks)))
        return 1
    print(_("{count} entries, no gaps.").format(count=len(entries)))
    return 0
