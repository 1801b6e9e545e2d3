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


def enrol_device(data_dir: Path, council_url: str) -> None:
    """THE one place the demo joins this device to its council service.

    Until the sync issue's ``kiosk enrol`` exists this only records the URL;
    then it should call that command's function with a one-time code from the
    demo service instead.
    """
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db

    settings = Settings(open_db(device_db_path(data_dir)))
    settings["council_url"] = council_url
    settings["device_mode"] = "kiosk"


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
        enrol_device(data_dir, council.url)
        print(_("Council service: {url}").format(url=council.url), flush=True)
        if tour_dir is not None:
            from ui.tour import run_tour

            paths = run_tour(tour_dir, data_dir, language=args.language, text_size=args.text_size)
            print(_("Screenshots of the tour:"))
            for path in paths:
                print(path)
            return 0
        from ui.app import ensure_app, open_window

        app = ensure_app()
        window = open_window(data_dir)
        if args.fullscreen:
            window.show_for_mode()
        else:
            window.resize(1280, 900)
            window.show()
        return app.exec()
