"""``kiosk selftest``: does this installation (a bundle or a checkout) work?

Each check prints one line (``ok`` or ``FAIL``, its name, what it found) and
the command exits 0 only when all pass. It touches nothing of the device: it
works in a fresh temporary folder.

- database: a fresh device database, every migration applied, a setting written and read back;
- catalogues: every translation catalogue loads (Babel's locale data is in the bundle);
- start screen: the main window renders offscreen and is not blank;
- keyboard: kiosk mode's on-screen keyboard (Qt Virtual Keyboard) shows its panel for a text box,
  in a child process started with ``QT_IM_MODULE=qtvirtualkeyboard`` (``ui.keyboard_probe``);
- speech: Qt's speech module (Listen, ``ui/listen.py``) loads, and which engines it finds. No usable
  engine only hides the Listen button and is reported, not failed; a bundle that cannot load the module,
  or carries no engine plugin, fails;
- qr: a QR code is made (qrcode) and read back (zxing-cpp);
- council: ``kiosk council serve --port 0`` from this same program answers ``/health`` on loopback,
  and a throwaway device enrols with it and syncs one operation (requests, sealing, the protocol).
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from kiosk.i18n import N_, _, ngettext

COUNCIL_START_SECONDS = 60.0
NO_SPEECH_ENGINE = N_("Listen hidden: no speech engine (see docs/INSTALL.md)")
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class CheckFailed(Exception):
    pass


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keep", type=Path, default=None,
                        help=_("keep the screenshot and test data in this folder instead of deleting them"))
    parser.add_argument("--on-screen", action="store_true",
                        help=_("render on the real display instead of offscreen"))
    # The keyboard check's child process (not for people to use).
    parser.add_argument("--keyboard-probe", action="store_true", help=argparse.SUPPRESS)


# -- checks (each returns what it found, or raises) ---------------------------------------


def check_database(work: Path) -> str:
    from kiosk import backup
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db

    db = open_db(device_db_path(work / "device"))
    try:
        if backup.pending(db):
            raise CheckFailed(f"migrations left pending: {backup.pending(db)}")
        settings = Settings(db)
        settings["hub_name"] = "Selftest hub"
        if Settings(db)["hub_name"] != "Selftest hub":
            raise CheckFailed("a setting did not read back")
        return f"{len(db.table_names())} tables, settings read back"
    finally:
        db.close()


def check_catalogues(_work: Path) -> str:
    from kiosk import i18n

    found = []
    for code in i18n.LANGUAGES:
        path = i18n.catalogue_path(code)
        translations = i18n.load(code)
        if path.exists():
            if not getattr(translations, "_catalog", None):
                raise CheckFailed(f"{code}: catalogue {path.name} loaded empty")
            found.append(f"{code} ({len(translations._catalog)} messages)")  # type: ignore[attr-defined]
    if not found:
        raise CheckFailed(f"no catalogue found in {i18n.locale_dir()}")
    # Dates and money are formatted with Babel's CLDR data (trimmed to these languages in the bundle).
    from babel import Locale
    from babel.numbers import format_currency

    for code in [*i18n.LANGUAGES, "en_GB"]:
        locale = Locale.parse(code.replace("tw", "ak"))
        if not format_currency(1234.5, "GBP", locale=locale):
            raise CheckFailed(f"{code}: no number formats")
    return f"{len(i18n.LANGUAGES)} languages with locale data; catalogues: " + ", ".join(found)


def check_start_screen(work: Path) -> str:
    from PySide6.QtWidgets import QApplication

    from ui.app import ensure_app, open_window

    app = ensure_app()
    window = open_window(work / "screen", mode="assisted")
    try:
        window.resize(1280, 900)
        window.show()
        deadline = time.monotonic() + 5
        while not window.isVisible() and time.monotonic() < deadline:
            app.processEvents()
        for _round in range(5):
            app.processEvents()
        image = window.grab().toImage()
        if image.isNull() or image.width() < 100:
            raise CheckFailed("the window did not render")
        colours = {image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
        if len(colours) < 3:
            raise CheckFailed("the start screen rendered blank")
        shot = work / "start-screen.png"
        image.save(str(shot))
        return f"{image.width()}x{image.height()}, {len(colours)} colours sampled, platform {QApplication.platformName()}"
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
        window.db.close()


def check_keyboard(work: Path) -> str:
    from ui import keyboard

    # Qt reads the input method once, at start: the panel is tried in a process of its own.
    # Inside the bundle sys.executable is the kiosk program itself; it drops the "-m kiosk".
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(work / "keyboard"), "selftest", "--keyboard-probe"]
    env = {**os.environ, keyboard.IM_MODULE_ENV: keyboard.VIRTUAL_KEYBOARD}
    env.pop(keyboard.SWITCH_ENV, None)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)
    said = done.stdout.strip().splitlines()
    if done.returncode != 0 or not said:
        why = [line for line in done.stderr.splitlines() if "VirtualKeyboard" in line or "not found" in line]
        raise CheckFailed(" | ".join((said[-1:] or [f"exit {done.returncode}"]) + why[-2:]))
    return said[-1]


def check_speech(_work: Path) -> str:
    from PySide6.QtCore import QLoggingCategory

    from ui import listen

    in_bundle = bool(getattr(sys, "frozen", False))  # set by PyInstaller's bootloader
    QLoggingCategory.setFilterRules(listen.QUIET_AUDIO_PROBE)  # as Listen does: no PipeWire noise
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        if in_bundle:  # installer/kiosk.spec puts it in: without it the bundle is broken
            raise CheckFailed(_("the bundle cannot load Qt's speech module (PySide6.QtTextToSpeech): {error}")
                              .format(error=exc)) from None
        # A checkout whose Qt has no speech module (or no libpulse0): Listen is only hidden, as in the app.
        return _("Qt's speech module does not load ({error})").format(error=exc) + "; " + _(NO_SPEECH_ENGINE)
    plugins = [name for name in QTextToSpeech.availableEngines() if name != listen.TEST_ENGINE]
    if in_bundle and not plugins:
        raise CheckFailed(_("no speech engine plugin in the bundle (PySide6/Qt/plugins/texttospeech)"))
    found = (_("Qt speech module loaded; engine plugins: {plugins}").format(plugins=", ".join(plugins)) if plugins
             else _("Qt speech module loaded; no engine plugin"))
    engines = listen.engine_names()  # what decides whether the header shows Listen
    if not engines:
        return found + "; " + _(NO_SPEECH_ENGINE)
    from ui.app import ensure_app

    ensure_app()
    engine = listen.make_engine(engines[0], None)  # as the first press of Listen does
    if engine.state() == QTextToSpeech.State.Error:
        return found + "; " + _("Listen hides on its first press: engine {engine} does not start ({error})").format(
            engine=engines[0], error=engine.errorString() or "-")
    voices = len(engine.availableVoices())
    return found + "; " + ngettext("Listen shown, reading with {engine} ({voices} voice)",
                                   "Listen shown, reading with {engine} ({voices} voices)", voices).format(
        engine=engines[0], voices=voices)


def check_qr(work: Path) -> str:
    import qrcode

    try:
        import zxingcpp
    except ImportError as exc:
        raise CheckFailed(f"zxing-cpp is missing: {exc}") from None
    text = "https://council.example.gov.uk/selftest?ref=CT-SELFTEST"
    image = qrcode.make(text).get_image().convert("L")
    image.save(work / "qr.png")
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    if decoded != [text]:
        raise CheckFailed(f"decoded {decoded!r}")
    return f"made and read back {len(text)} characters"


def check_council(work: Path) -> str:
    import requests

    from kiosk import __version__

    # Inside the bundle sys.executable is the kiosk program itself; it drops the "-m kiosk".
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(work / "council"), "council", "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    lines: "queue.Queue[str | None]" = queue.Queue()
    output: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line.rstrip())
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        url = None
        deadline = time.monotonic() + COUNCIL_START_SECONDS
        while url is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CheckFailed("the council service did not start in time")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                raise CheckFailed("the council service stopped: " + " | ".join(output[-5:]))
            match = LISTENING.search(line)
            url = match.group(1) if match else None
        health = requests.get(f"{url}/health", timeout=10).json()
        if health.get("status") != "ok" or health.get("version") != __version__:
            raise CheckFailed(f"unexpected health answer {health!r}")
        applied = enrol_and_sync(work, url)
        return f"{url} answered ok (version {health['version']}, {health['database']}); " \
               f"enrolled, {applied} operation pushed and applied"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def enrol_and_sync(work: Path, url: str) -> int:
    """Enrol a throwaway device with the running service and sync one operation to it."""
    import uuid

    from kiosk import outbox
    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from kiosk.timeutil import now_iso
    from sync.client import SyncClient
    from sync.credentials import MemoryCredentials
    from sync.enrolment import enrol
    from sync.server import db as council_db

    engine = council_db.open_engine(work / "council")  # the officer's side, as `kiosk council enrol` does
    try:
        with council_db.writing(engine) as conn:
            council_db.upsert_hub(conn, "selftest-hub", "Selftest hub")
            code, _expires = council_db.new_enrolment_code(conn, "selftest-hub", "assisted", 1)
    finally:
        engine.dispose()
    db = open_db(device_db_path(work / "sync-device"))
    try:
        credentials = MemoryCredentials()  # nothing of the selftest goes into the real keyring
        enrol(db, url, code, credentials)
        with db.atomic():
            outbox.enqueue(db, "feedback.rating", {"rating_id": str(uuid.uuid4()), "task_family": "findhelp",
                                                   "rating": 5, "reason": None, "rated_at": now_iso()})
        summary = SyncClient(db, credentials=credentials).cycle()
        if not summary["ok"] or summary["applied"] != 1:
            raise CheckFailed(f"sync did not apply the operation: {summary.get('error') or summary}")
        return summary["applied"]
    finally:
        db.close()


CHECKS: list[tuple[str, Callable[[Path], str]]] = [
    ("database", check_database),
    ("catalogues", check_catalogues),
    ("start screen", check_start_screen),
    ("keyboard", check_keyboard),
    ("speech", check_speech),
    ("qr", check_qr),
    ("council", check_council),
]


def run_checks(work: Path, out=print) -> bool:
    all_ok = True
    for name, check in CHECKS:
        started = time.monotonic()
        try:
            found = check(work)
            ok = True
        except CheckFailed as exc:
            found, ok = str(exc), False
        except Exception as exc:  # noqa: BLE001 - report every check, not a traceback
            found, ok = f"{type(exc).__name__}: {exc}", False
        all_ok &= ok
        out(f"{'ok  ' if ok else 'FAIL'}  {name:<13} {found}  [{time.monotonic() - started:.1f} s]")
    return all_ok


def run(args: argparse.Namespace) -> int:
    if not args.on_screen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.keyboard_probe:
        from ui import keyboard_probe

        return keyboard_probe.main()
    import logging

    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        ok = run_checks(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="kiosk-selftest-") as tmp:
            ok = run_checks(Path(tmp))
    logging.getLogger(__name__).info("selftest %s", "passed" if ok else "failed")
    print(_("All checks passed.") if ok else _("Some checks failed."))
    return 0 if ok else 1
