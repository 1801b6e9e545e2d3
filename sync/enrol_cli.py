"""``kiosk enrol --council URL --code CODE``: enrol this device with a council service."""

from __future__ import annotations

import json

from kiosk.i18n import _


def add_arguments(parser) -> None:
    parser.add_argument("--council", required=True, metavar="URL", help=_("address of the council service"))
    parser.add_argument("--code", required=True, help=_("the one-time enrolment code from the council"))
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))


def run(args) -> int:
    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from sync.credentials import CredentialsUnavailable
    from sync.enrolment import EnrolmentError, credentials_for, enrol

    db = open_db(device_db_path(args.data_dir))
    try:
        credentials = credentials_for(args.data_dir, db)
        answer = enrol(db, args.council, args.code, credentials)
    except (CredentialsUnavailable, EnrolmentError) as exc:
        print(_("Enrolment failed: {reason}").format(reason=exc))
        return 1
    if args.json:
        print(json.dumps(answer, indent=2, sort_keys=True))
    else:
        hub = answer.get("hub") or {}
        print(_("Enrolled with {council} for hub {hub} ({mode} mode).").format(
            council=answer.get("council_name") or args.council, hub=hub.get("name", ""), mode=answer.get("mode", "")))
    if getattr(credentials, "insecure_demo", False):
        print(_("Warning: the device token is kept in a named test/demo keyring file, which is NOT secure."))
    return 0
