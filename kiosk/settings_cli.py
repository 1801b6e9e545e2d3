"""``kiosk settings``: list, get and set device settings."""

from __future__ import annotations

import json

from kiosk.i18n import _
from kiosk.paths import device_db_path
from kiosk.settings import OPTIONS, SettingError, Settings
from kiosk.store import open_db


def add_arguments(parser):
    parser.add_argument("action", nargs="?", default="list", choices=["list", "get", "set"])
    parser.add_argument("name", nargs="?")
    parser.add_argument("value", nargs="?")
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args) -> int:
    settings = Settings(open_db(device_db_path(args.data_dir)))
    if args.action == "list":
        values = settings.as_dict()
        if args.json:
            print(json.dumps(values, indent=2))
        else:
            for name, value in values.items():
                print(f"{name} = {value!r}    # {_(OPTIONS[name].doc)}")
        return 0
    if not args.name or args.name not in OPTIONS:
        print(_("Unknown setting. Known settings: {names}").format(names=", ".join(OPTIONS)))
        return 2
    if args.action == "get":
        print(json.dumps(settings[args.name]) if args.json else settings[args.name])
        return 0
    if args.value is None:
        print(_("Give a value to set."))
        return 2
    try:
        settings.set_from_text(args.name, args.value)
    except SettingError as exc:
        print(exc)
        return 2
    return 0
