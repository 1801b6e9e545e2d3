"""``kiosk gui``: open the kiosk for the device in ``--data-dir``."""

from __future__ import annotations

import argparse
import sys

from kiosk.i18n import _
from kiosk.settings import MODES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=MODES, default=None,
                        help=_("override the device mode for this run (kiosk, assisted or outreach)"))


def ensure_app():
    """The QApplication, made once (tests and the tour may already have one)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Co-op Kiosk")
        app.setOrganizationName("coop-kiosk")
    return app


def open_window(data_dir, mode: str | None = None, *, background_sync: bool = True, first_run: bool = False):
    """Build the main window for the device in ``data_dir`` (not yet shown).

    ``background_sync``: sync with the council on a timer (off for the headless tour).
    ``first_run``: open "Set up this device" when the device is not enrolled (``kiosk gui``;
    the tour, self-test and benchmarks want the start screen).
    """
    from kiosk import i18n
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db
    from ui.main_window import MainWindow

    ensure_app()
    db = open_db(device_db_path(data_dir))
    settings = Settings(db)
    language = settings["default_language"]
    if language in i18n.LANGUAGES:
        i18n.set_language(language)
    window = MainWindow(db, settings, mode=mode, background_sync=background_sync)
    from ui.screens.outreach import start_purge_timer  # expired outreach cases go on open and every minute

    start_purge_timer(window, db)
    if first_run:
        from ui.screens.enrol import needs_enrolment

        if needs_enrolment(db, settings):
            if window.on_attract:
                window.start_session()
            window.open("enrol")
    return window


def run(args) -> int:
    from kiosk.backup import UpgradeFailed
    from ui import keyboard, watchdog

    keyboard.prepare(args.data_dir, args.mode)  # before the QApplication: on-screen keyboard in kiosk mode
    app = ensure_app()
    keyboard.install(app)  # no word prediction or learning in any text box
    try:
        window = open_window(args.data_dir, args.mode, first_run=True)
    except UpgradeFailed as exc:
        # The database was put back as it was; staff must see why the kiosk will not start.
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, _("Co-op Kiosk"), str(exc))
        return 1
    window.show_for_mode()
    # A frozen screen ends the process; the service (systemd, Shell Launcher) starts it again.
    window.watchdog = watchdog.watch(window, window.settings["watchdog_seconds"])
    return app.exec()
