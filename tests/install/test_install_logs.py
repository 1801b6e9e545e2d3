"""Log files: a resident's session leaves nothing personal in them."""

from __future__ import annotations

import logging
import sys

import pytest

from install_kit import log_text
from kiosk import logs
from kiosk.counciltax.requests import SubmissionInvalid
from kiosk.counciltax.submissions import submit
from kiosk.counciltax.validators import today

MARKER = "Zyxwvut"
ANSWERS = {
    "account_reference": "12345678", "full_name": f"Ada {MARKER}", "address": f"7 {MARKER} Road",
    "postcode": "SE11 5QY", "phone": "07700 900123", "email": f"{MARKER.lower()}@example.org",
    "tenure": "tenant", "landlord_name": f"{MARKER} Homes", "other_adults": False,
    "only_adult": True, "since_date": today().isoformat(),
}
PERSONAL = (MARKER, MARKER.lower(), "SE11 5QY", "07700 900123", "07700900123", "12345678")


def test_redaction_catches_what_slips_through():
    text = logs.redact("sent for ada@example.com at sw2 5sg, tel 020 7926 1000, acct 12345678, "
                       "Authorization: Bearer abc.def token=s3cr3t; op 3f2a1b2c-4d5e-6f70-8a9b-0c1d2e3f4a5b seq 42")
    for leaked in ("ada@example.com", "sw2 5sg", "7926 1000", "12345678", "abc.def", "s3cr3t"):
        assert leaked not in text
    # Ids, counts and codes stay readable: they are what the helpdesk needs.
    assert "3f2a1b2c-4d5e-6f70-8a9b-0c1d2e3f4a5b" in text and "seq 42" in text


def test_resident_session_leaves_no_personal_data_in_the_logs(device, data_dir):
    db, sync = device
    log_file = logs.setup(data_dir, "gui")  # what `kiosk gui` does first
    # A resident applies for single person discount and gets a reference.
    reference = submit(db, "spd_apply", ANSWERS)
    # Then mistypes a second request (the error is shown to them, and must not be logged with their data).
    with pytest.raises(SubmissionInvalid):
        submit(db, "spd_apply", {**ANSWERS, "postcode": f"{MARKER} ???", "since_date": "not a date"})
    summary = sync.cycle()
    assert summary["applied"] == 1, summary
    # Code that breaks the rule is caught by the net: a careless warning and a crash with data in it.
    logging.getLogger("kiosk.counciltax").warning("lookup failed for %s", ANSWERS["email"] + " " + ANSWERS["postcode"])
    try:
        raise ValueError(f"bad answer {ANSWERS['phone']} for {ANSWERS['email']}")
    except ValueError:
        logging.getLogger("kiosk.crash").exception("unexpected")
    logging.getLogger("kiosk.counciltax").info("request %s queued", reference)

    text = log_text(data_dir)
    assert log_file is not None and log_file.exists()
    assert reference in text  # references are fine: they are how staff find a request
    assert "[email]" in text and "[postcode]" in text and "Traceback" in text
    for item in PERSONAL:
        assert item not in text, f"{item!r} reached the log"


def test_every_command_writes_its_own_rotating_log(data_dir, capsys):
    from kiosk.cli import main

    assert main(["--data-dir", str(data_dir), "config", "set", "hub_name", "Stockwell Forum"]) == 0
    assert main(["--data-dir", str(data_dir), "settings", "list"]) == 0
    names = {p.name for p in logs.log_files(data_dir)}
    assert "config.log" in names
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "").endswith("settings.log"))
    assert handler.maxBytes == logs.MAX_BYTES and handler.backupCount == logs.BACKUP_COUNT
    # Running another command moved the file handler on: one per command, never two at once.
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_kiosk_log_handler", False)]
    assert sum(1 for h in ours if hasattr(h, "baseFilename")) == 1
    assert "hub_name changed" in log_text(data_dir)
    capsys.readouterr()


def test_uncaught_errors_are_logged_redacted(data_dir, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: seen.append(exc[0]))  # the hook already in place
    logs.setup(data_dir, "gui")
    try:
        raise RuntimeError("crash while showing sw2 5sg")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    text = log_text(data_dir)
    assert "uncaught exception" in text and "RuntimeError" in text and "[postcode]" in text
    assert "sw2 5sg" not in text
    assert seen == [RuntimeError]  # the earlier hook still runs (Qt's, a debugger's)


def test_resident_on_the_kiosk_screens_leaves_no_personal_data_in_the_logs(device, data_dir, monkeypatch, qtbot):
    """The same through the council-tax screens: answer, check, submit, sync, quick exit."""
    import ui  # noqa: F401  (the PySide6 work-around in ui/__init__.py comes first)

    from install_kit import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "tests" / "ui_counciltax"))  # the council-tax screen test helpers
    from ctui_helpers import open_council_tax, press, settle, walk_flow
    from kiosk.settings import Settings
    from ui.main_window import MainWindow

    db, sync = device
    logs.setup(data_dir, "gui")
    window = MainWindow(db, Settings(db), mode="kiosk")
    window.resize(1280, 960)
    window.start_session()
    window.show()
    settle()
    screen = open_council_tax(window)
    press(qtbot, screen.current.tiles["discounts"])
    press(qtbot, screen.current.tiles["spd_apply"])
    flow = screen.current
    walk_flow(qtbot, flow, {"full_name": f"Ada {MARKER}", "address": f"7 {MARKER} Road",
                            "email": f"{MARKER.lower()}@example.org", "postcode": "SE11 5QY"})
    press(qtbot, flow.check_page.submit_button)
    reference = flow.confirmation.panel.reference_number
    assert reference.startswith("CT-")
    assert sync.cycle()["applied"] == 1
    window.quick_exit()
    settle()
    window.close()
    window.deleteLater()
    qtbot.wait(50)  # deleted (with its timers) before the device database closes

    logging.getLogger("ui.probe").info("session over")  # the log file was live all along
    text = log_text(data_dir)
    assert "session over" in text
    for item in (MARKER, MARKER.lower(), "SE11 5QY"):
        assert item not in text, f"{item!r} reached the log"
