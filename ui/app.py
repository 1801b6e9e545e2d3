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


def open_window(data_dir, mode: str | None = None, *, background_sync: bool = True, first_run: bool = False,
                defer_store: bool = False):
    """Build the main window for the device in ``data_dir`` (not yet shown).

    ``background_sync``: sync with the council on a timer (off for the headless tour).
    ``first_run``: open "Set up this device" when the device is not enrolled (``kiosk gui``;
    the tour, self-test and benchmarks want the start screen).
    ``defer_store``: paint the first screen before the device database is opened
    (``kiosk gui``: a faster start); otherwise the store is open when this returns.
    """
    from kiosk import i18n
    from kiosk.paths import device_db_path
    from kiosk.settings import SettingsSnapshot
    from ui.main_window import MainWindow

    ensure_app()
    path = device_db_path(data_dir)

    def open_store():
        from kiosk.backup import UpgradeFailed
        from kiosk.settings import Settings
        from kiosk.store import open_db

        try:
            db = open_db(path)
        except UpgradeFailed as exc:
            if defer_store:  # the window is up: staff must see why the kiosk will not go on
                _cannot_start(exc)
            raise
        return db, Settings(db)

    snapshot = SettingsSnapshot.read(path)
    language = snapshot["default_language"]
    if language in i18n.LANGUAGES:
        i18n.set_language(language)
    window = MainWindow(None, snapshot, mode=mode, background_sync=background_sync, open_store=open_store)
    window.store_opened.connect(lambda: _store_opened(window, first_run))
    if not defer_store:
        window.ensure_store()
    return window


def _store_opened(window, first_run: bool) -> None:
    from kiosk import published_catalogues
    from ui.screens.outreach import start_purge_timer  # expired outreach cases go on open and every minute

    published_catalogues.install(window.db)  # the council's corrected translations; redraws if they change text
    start_purge_timer(window, window.db)
    if first_run:
        from ui.screens.enrol import needs_enrolment

        if needs_enrolment(window.db, window.settings):
            if window.on_attract:
                window.start_session()
            window.open("enrol")


def _cannot_start(exc: Exception) -> None:
    """The database was put back as it was; staff must see why the kiosk will not start."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    for window in QApplication.topLevelWidgets():
        window.hide()
    QMessageBox.critical(None, _("Co-op Kiosk"), str(exc))
    QApplication.exit(1)


def run(args) -> int:
    from ui import keyboard, watchdog

    keyboard.prepare(args.data_dir, args.mode)  # before the QApplication: on-screen keyboard in kiosk mode
    app = ensure_app()
    keyboard.install(app)  # no word prediction or learning in any text box
    # The start screen is painted first; the database opens right after (a failed upgrade is
    # reported then, by _cannot_start).
    window = open_window(args.data_dir, args.mode, first_run=True, defer_store=True)
    window.show_for_mode()
    # A frozen screen ends the process; the service (systemd, Shell Launcher) starts it again.
    window.watchdog = watchdog.watch(window, window.settings["watchdog_seconds"])
    return app.exec()
