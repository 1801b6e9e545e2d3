"""``kiosk demo``: a council service of its own, this device pointed at it, and the kiosk.

With no display (or with ``--tour DIR``) it walks through the screens offscreen,
saves one PNG per screen, prints their paths and exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.i18n import LANGUAGES, _

TEXT_SIZE_CHOICES = (100, 125, 150)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tour", type=Path, default=None, metavar="DIR",
                        help=_("walk through the screens offscreen and save PNGs in DIR"))
    parser.add_argument("--language", choices=sorted(LANGUAGES), default="en",
                        help=_("language of the tour"))
    parser.add_argument("--text-size", type=int, choices=TEXT_SIZE_CHOICES, default=None,
                        help=_("text size of the tour, in percent"))
    parser.add_argument("--fullscreen", action="store_true",
                        help=_("open the kiosk frameless and full screen, as on a real kiosk"))


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def enrol_device(data_dir: Path, council_url: str, council_data_dir: Path) -> None:
    """THE one place the demo joins this device to its council service.

    A real enrolment with a one-time code made in the demo council's database
    (``sync.enrolment.demo_enrol``), the token kept by the named demo keyring
    backend (plain text in the data folder: demo only). The device learns the
    council's public key, so council-tax requests can be sealed and sent.
    """
    from sync.enrolment import demo_enrol

    demo_enrol(Path(data_dir), council_url, Path(council_data_dir), mode="kiosk")


# A demo hub admin, so the staff screens can be tried (and toured). Demo data only: the council
# this PIN works with runs on loopback inside `kiosk demo`, on made-up hubs.
DEMO_STAFF_NAME = "Demo hub admin"
DEMO_STAFF_PIN = "461902"


def add_demo_time_bank(council_data_dir: Path) -> None:
    """The demo time bank (a few hundred members, a year of exchanges at the demo hubs) on the demo
    council, once; the next sync brings this device its hub's part (members, balances, the audit)."""
    from kiosk.timebank import demo_data
    from sync.server import db as council_db

    engine = council_db.open_engine(Path(council_data_dir))
    try:
        demo_data.load(engine)
    finally:
        engine.dispose()


def add_demo_staff(data_dir: Path, council_data_dir: Path) -> None:
    """Make the demo hub admin on the demo council (once) and sync, so the device knows them."""
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db
    from sync.enrolment import client_for
    from sync.server import db as council_db
    from sync.server import staff as council_staff

    db = open_db(device_db_path(data_dir))
    try:
        hub_id = Settings(db)["hub_id"]
        engine = council_db.open_engine(Path(council_data_dir))
        try:
            with council_db.writing(engine) as conn:
                known = [s for s in council_staff.list_staff(conn)
                         if s["name"] == DEMO_STAFF_NAME and s["hub_id"] == hub_id and not s["disabled_at"]]
                if not known:
                    council_staff.add(conn, DEMO_STAFF_NAME, "hub_admin", hub_id, DEMO_STAFF_PIN)
        finally:
            engine.dispose()
        client_for(Path(data_dir), db).cycle()  # the verifier reaches the device (as the timer would)
    finally:
        db.close()


def run(args) -> int:
    from ui.council_process import CouncilStartError, start_council

    data_dir = Path(args.data_dir)
    tour_dir = args.tour
    if tour_dir is None and not has_display():
        tour_dir = data_dir / "tour"
    if tour_dir is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt starts

    try:
        council = start_council(data_dir / "council")
    except CouncilStartError as exc:
        print(_("kiosk demo: could not start the council service."), file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    with council:
        try:
            enrol_device(data_dir, council.url, data_dir / "council")
        except Exception as exc:  # noqa: BLE001 - say why, never a traceback
            print(_("kiosk demo: could not enrol this device with the demo council service."), file=sys.stderr)
            print(exc, file=sys.stderr)
            return 1
        add_demo_time_bank(data_dir / "council")  # before the staff's sync, which brings it here
        add_demo_staff(data_dir, data_dir / "council")
        from ui.screens.findhelp.demo_data import ensure_demo_directory

        ensure_demo_directory(data_dir)  # listings even if the demo's first sync did not get through
        print(_("Demo staff sign-in: {name}, PIN {pin} (demo only)").format(
            name=DEMO_STAFF_NAME, pin=DEMO_STAFF_PIN), flush=True)
        print(_("Council service: {url}").format(url=council.url), flush=True)
        if tour_dir is not None:
            from ui.tour import run_tour

            paths = run_tour(tour_dir, data_dir, language=args.language, text_size=args.text_size)
            print(_("Screenshots of the tour:"))
            for path in paths:
                print(path)
            return 0
        from ui import keyboard
        from ui.app import ensure_app, open_window

        keyboard.prepare(data_dir)  # before the QApplication: on-screen keyboard if the demo device is a kiosk
        app = ensure_app()
        keyboard.install(app)
        window = open_window(data_dir)
        if args.fullscreen:
            window.show_for_mode()
        else:
            window.resize(1280, 900)
            window.show()
        return app.exec()
