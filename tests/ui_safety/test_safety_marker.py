"""Issue 7's acceptance test: a marker typed into every resident-facing screen is nowhere after the session.

When the session times out, the marker has been typed into every text box of
every screen reachable from the start screen - the staff
sign-in, find help, every council-tax tool and request flow (sent, so the marker
goes into sealed outbox payloads), the time-bank sign-in and join flow - and put
on the clipboard; the same full walk for the timeout, Finish and quick exit. After the session it must not be in any widget of the whole
application (text, tool tip, accessible name, item data), the clipboard, a
temporary file, or the bytes of the database file and its WAL: the outbox holds
only sealed payloads, so not even there.
"""

from __future__ import annotations

import tempfile

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication

from kiosk.paths import device_db_path
from marker_walk import undo_leaks, walk_flow, widgets_holding
from safety_kit import flush_deletes, make_window, press, settle

MARKER = "Qx7Marker93Zp"


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Temporary files of this test (Python's and Qt's) go to a folder of its own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def visit_everything(qtbot, window, marker: str) -> dict[str, int]:
    """Type the marker everywhere a resident can; returns pages walked per area."""
    typed: list = []
    seen: dict[str, int] = {}

    def area(route: str):
        window.open(route)
        return window.navigator.current

    # The staff sign-in is reachable by anyone (the Staff link).
    staff = area("staff")
    seen["staff"] = walk_flow(qtbot, staff, marker, typed, attempts=0)  # one refused try (PINs are slow)
    window.back()

    find_help = area("find-help")
    seen["find-help"] = walk_flow(qtbot, find_help, marker, typed)  # the search box, then its results
    filters = getattr(find_help.current, "filters_button", None)  # the results' filters fold away
    if filters is not None and filters.isVisible():
        filters.click()
        seen["find-help/filters"] = walk_flow(qtbot, find_help, marker, typed)
    window.back()

    council_tax = area("council-tax")
    for key in list(council_tax.current.tiles):
        council_tax.home()
        council_tax.current.tiles[key].click()
        settle(1)
        panel = council_tax.current
        subtiles = list(getattr(panel, "tiles", {}))
        if subtiles and panel is not council_tax.panels.panels[0]:
            for sub in subtiles:
                council_tax.home()
                council_tax.current.tiles[key].click()
                council_tax.current.tiles[sub].click()
                settle(1)
                seen[f"council-tax/{key}/{sub}"] = walk_flow(qtbot, council_tax, marker, typed)
        else:
            seen[f"council-tax/{key}"] = walk_flow(qtbot, council_tax, marker, typed)
    council_tax.home()
    window.back()

    time_bank = area("time-bank")
    for key in list(getattr(time_bank.current, "tiles", {})):
        time_bank.home()
        time_bank.current.tiles[key].click()
        settle(1)
        seen[f"time-bank/{key}"] = walk_flow(qtbot, time_bank, marker, typed)
    time_bank.home()
    # The resident copies something they typed (the clipboard must be cleared too).
    QGuiApplication.clipboard().setText(marker)
    return seen


def end_by(qtbot, window, how: str) -> None:
    if how == "timeout":
        window.idle.timer.setInterval(300)
        window.idle.poke()
        with qtbot.waitSignal(window.session_ended, timeout=5000):
            pass
    elif how == "finish":
        press(qtbot, window.footer.finish)
        press(qtbot, window.navigator.current.rating_buttons[4])
    else:
        press(qtbot, window.footer.quick_exit)
    assert window.on_attract


def files_holding(folder, marker: bytes) -> list[str]:
    return [str(path) for path in folder.rglob("*") if path.is_file() and marker in path.read_bytes()]


@pytest.mark.parametrize("how", ["timeout", "finish", "quick_exit"])
def test_marker_is_nowhere_after_the_session(qtbot, device, data_dir, private_tmp, how):
    db, _settings = device
    window = make_window(qtbot, device, "kiosk")
    qtbot.waitUntil(lambda: window.idle is not None, timeout=5000)
    window.start_session()
    seen = visit_everything(qtbot, window, MARKER)

    # The walk really went through the flows and the marker really is in the session now.
    requests = [k for k in seen if k.startswith("council-tax/") and seen[k] >= 3]
    assert len(requests) >= 11, seen
    assert seen.get("time-bank/join", 0) >= 3, seen
    assert "find-help/filters" in seen, seen
    assert widgets_holding(MARKER)
    assert QGuiApplication.clipboard().text() == MARKER
    sent = db.execute("select count(*) from outbox where op_type = 'counciltax.request'").fetchone()[0]
    assert sent >= len(requests)  # requests carrying the marker went into the outbox, sealed

    end_by(qtbot, window, how)
    flush_deletes()

    assert widgets_holding(MARKER) == []
    assert undo_leaks(MARKER) == []
    clipboard = QGuiApplication.clipboard()
    assert MARKER not in clipboard.text()
    if clipboard.supportsSelection():
        assert MARKER not in clipboard.text(QClipboard.Mode.Selection)
    assert files_holding(private_tmp, MARKER.encode()) == []
    main = device_db_path(data_dir)
    for path in (main, main.with_name(main.name + "-wal")):
        if path.exists():
            assert MARKER.encode() not in path.read_bytes(), path
