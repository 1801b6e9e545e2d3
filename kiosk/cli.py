"""The ``kiosk`` command.

Each command lives in its own module with ``add_arguments(parser)`` and
``run(args) -> int``; modules are named here as strings and imported only when
needed, so the core never depends on the UI or the council service, and
``kiosk counciltax ...`` does not pay for starting Qt. Command modules keep
heavy imports inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.i18n import _, N_
from kiosk.paths import default_data_dir

COMMANDS: dict[str, tuple[str, str]] = {
    "settings": ("kiosk.settings_cli", N_("show or change this device's settings")),
    "demo": ("ui.demo", N_("start a demo council service and open the kiosk connected to it")),
    "gui": ("ui.app", N_("open the kiosk")),
    "council": ("sync.server.cli", N_("run and manage the council service")),
    "timebank": ("kiosk.timebank.cli", N_("time-bank members, balances and importing paper records")),
    "board": ("kiosk.timebank.board_cli", N_("time-bank offers, requests and opportunities; matches for a member")),
    "counciltax": ("kiosk.counciltax.cli", N_("council-tax bill calculator")),
    "enrol": ("sync.enrol_cli", N_("enrol this device with a council service")),
    "sync": ("sync.sync_cli", N_("run one sync cycle with the council service now")),
    "status": ("sync.status_cli", N_("show what is waiting to sync and when it last synced")),
    "directory": ("kiosk.directory.cli", N_("find help: import, search and show signposting listings")),
    "audit": ("kiosk.audit_cli", N_("check the staff audit log for edited or removed entries")),
    "config": ("kiosk.config_cli", N_("show or change this device's configuration (for hub admins)")),
    "selftest": ("ui.selftest", N_("check that this installation works (database, screens, catalogues, QR, council)")),
    "support-bundle": ("kiosk.support", N_("save logs, versions and sync status for the council helpdesk")),
    "update-check": ("kiosk.updates", N_("say whether the council has a newer version of the kiosk")),
}


def chosen_command(argv: list[str]) -> str | None:
    """The command named in ``argv``, skipping the global options before it."""
    skip_next = False
    for token in argv:
        if skip_next:
            skip_next = False
        elif token == "--data-dir":
            skip_next = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported, so each command starts quickly."""
    parser = argparse.ArgumentParser(prog="kiosk", description=_("Co-op Kiosk"))
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=_("folder for this device's data (default: the per-user data folder)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=_(help_text))
        if name == command:
            module = importlib.import_module(module_name)
            module.add_arguments(command_parser)
            command_parser.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    from kiosk import logs

    logs.setup(args.data_dir, args.command)
    # The command name only: arguments may carry personal data.
    logging.getLogger("kiosk.cli").info("kiosk %s %s started", args.command, __version__)
    try:
        return int(args._module.run(args) or 0)
    except RuntimeError as exc:
        from kiosk.backup import UpgradeFailed

        if not isinstance(exc, UpgradeFailed):
            raise
        print(exc, file=sys.stderr)  # the database was put back; say so, without a traceback
        return 1


if __name__ == "__main__":
    sys.exit(main())
