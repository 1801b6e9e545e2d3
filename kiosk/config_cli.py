"""``kiosk config show|get|set``: a hub admin's view of this device's configuration.

The same settings as ``kiosk settings`` (kept in the device database, in the
platform's per-user data folder unless ``--data-dir`` says otherwise), plus
where this device keeps its files. Secrets are never printed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kiosk.i18n import _

# Settings whose values are secrets or key material: shown as set / not set.
SECRET_WORDS = ("token", "secret", "password", "private")


def is_secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_WORDS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="config_action", metavar="ACTION")
    show = sub.add_parser("show", help=_("list every setting and where this device keeps its files"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    get = sub.add_parser("get", help=_("print one setting"))
    get.add_argument("key")
    put = sub.add_parser("set", help=_("change one setting"))
    put.add_argument("key")
    put.add_argument("value")


def locations(data_dir: Path) -> dict[str, str]:
    from kiosk import backup, logs
    from kiosk.paths import device_db_path, resources_dir

    return {
        "data_dir": str(data_dir),
        "database": str(device_db_path(data_dir)),
        "logs": str(logs.log_dir(data_dir)),
        "backups": str(backup.backup_dir(data_dir)),
        "resources": str(resources_dir()),
    }


def visible_settings(settings: Any) -> dict[str, Any]:
    from kiosk.settings import OPTIONS

    return {name: (("(set)" if settings[name] else "(not set)") if is_secret(name) else settings[name])
            for name in OPTIONS}


def run(args: argparse.Namespace) -> int:
    from kiosk.paths import device_db_path
    from kiosk.settings import OPTIONS, SettingError, Settings
    from kiosk.store import open_db

    settings = Settings(open_db(device_db_path(args.data_dir)))
    action = args.config_action or "show"
    if action == "show":
        values = visible_settings(settings)
        where = locations(args.data_dir)
        if args.__dict__.get("json"):
            print(json.dumps({"settings": values, "locations": where}, indent=2))
            return 0
        for name, value in values.items():
            print(f"{name} = {value!r}    # {_(OPTIONS[name].doc)}")
        print()
        for name, path in where.items():
            print(f"{name}: {path}")
        return 0
    if args.key not in OPTIONS:
        print(_("Unknown setting. Known settings: {names}").format(names=", ".join(OPTIONS)))
        return 2
    if action == "get":
        value = settings[args.key]
        print("(set)" if is_secret(args.key) and value else value)
        return 0
    try:
        value = settings.set_from_text(args.key, args.value)
    except SettingError as exc:
        print(exc)
        return 2
    import logging

    logging.getLogger(__name__).info("setting %s changed by kiosk config", args.key)
    print(_("{name} is now {value!r}").format(name=args.key, value="(set)" if is_secret(args.key) else value))
    return 0
