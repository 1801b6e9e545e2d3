"""Issue 7's acceptance test: a marker typed into every resident-facing screen is nowhere after the session.

When the session times out, the marker has been typed into every text box of
every screen reachable from the start screen - the staff
sign-in, find help, every council-tax tool and request flow (sent, so the marker
goes into sealed outbox payloads), the time-bank sign-in and join flow, and,
signed in as a member (card number and PIN), agreeing to hours received,
recording hours, giving credits, spending on a reward, the board with its
shortlist and a post (up to its check page: a post is public by choice) - and
put on the clipboard; the members' names carry the marker too, so the balance,
statement and check pages show it. The same full walk for the timeout, Finish
and quick exit. After the session it must not be in any widget of the whole
application (text, tool tip, accessible name, item data), the clipboard, a
temporary file, or the bytes of the database file and its WAL: the outbox holds
only sealed payloads, so not even there.

Every route in ``ui.screens.ROUTES`` is either walked here or named in
``STAFF_ONLY_ROUTES`` (reached only from the staff home after a staff PIN), so a
new resident screen cannot be left out of the walk.
"""

from __future__ import annotations

import tempfile

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication

from kiosk.paths import device_db_path
from marker_walk import undo_leaks, walk_flow, widgets_holding
from member_kit import Members, add_members, walk_member
from safety_kit import flush_deletes, make_window, press, settle
from ui.screens import ROUTES

MARKER = "Qx7Marker93Zp"
# Routes a resident cannot reach: each is linked only from the staff home, after a staff PIN.
STAFF_ONLY_ROUTES = {
    "outreach": "an outreach worker's checked-out cases",
    "enrol": "enrolling the device (hub admin)",
    "time-bank-broker": "a time broker's member management",
}


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Temporary files of this test (Python's and Qt's) go to a folder of its own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def people(device, monkeypatch) -> Members:
    """Members on the device: their details encrypted with a data key in the named test keyring."""
    from kiosk.timebank import pins

    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setattr(pins, "SCRYPT_N", 2 ** 8)  # the same PIN code at a lower cost (tested in tests/timebank)
    db, _settings = device
    return add_members(db, MARKER)


def visit_everything(qtbot, window, marker: str, people: Members, routes: set[str]) -> dict[str, int]:
    """Type the marker everywhere a resident can; returns pages walked per area, adds each route opened
    to ``routes``."""
    typed: list = []
    seen: dict[str, int] = {}

    def area(route: str):
        window.open(route)
        routes.add(route)
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
    for key in sorted(getattr(time_bank.current, "tiles", {}), key=lambda key: key == "join"):
        time_bank.home()
        time_bank.current.tiles[key].click()
        settle(1)
        seen[f"time-bank/{key}"] = walk_flow(qtbot, time_bank, marker, typed)
    # The new member's confirmation stays open under what follows, its card saved as a PDF to print
    # (no printer here): the session's end must delete that file.

    # The board as anyone sees it (nothing to type), then everything a signed-in member does.
    seen["opportunities"] = walk_flow(qtbot, area("opportunities"), marker, typed)
    window.back()
    seen.update({f"time-bank/{key}": pages for key, pages in walk_member(qtbot, window, marker, typed,
                                                                         people).items()})
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
def test_marker_is_nowhere_after_the_session(qtbot, device, data_dir, private_tmp, people, how):
    db, _settings = device
    window = make_window(qtbot, device, "kiosk")
    qtbot.waitUntil(lambda: window.idle is not None, timeout=5000)
    window.start_session()
    routes: set[str] = set()
    seen = visit_everything(qtbot, window, MARKER, people, routes)

    # Every resident-facing route was walked: a new one must be added to the walk (or shown to be staff-only).
    assert routes | set(STAFF_ONLY_ROUTES) == set(ROUTES), set(ROUTES) - routes - set(STAFF_ONLY_ROUTES)
    assert not set(STAFF_ONLY_ROUTES) & set(window.start_screen.tiles)
    # The walk really went through the flows and the marker really is in the session now.
    requests = [k for k in seen if k.startswith("council-tax/") and seen[k] >= 3]
    assert len(requests) >= 11, seen
    assert seen.get("time-bank/join", 0) >= 3, seen
    assert "find-help/filters" in seen, seen
    member_pages = {"sign-in": 2, "agree": 1, "record": 4, "donate": 3, "spend": 5, "shortlist": 1, "post": 5}
    assert all(seen.get(f"time-bank/member/{key}", 0) >= pages for key, pages in member_pages.items()), seen
    ops = {row[0] for row in db.execute("select op_type from outbox")}
    assert {"timebank.exchange.confirm", "timebank.donate", "timebank.reward.redeem"} <= ops, ops
    assert widgets_holding(MARKER)
    assert QGuiApplication.clipboard().text() == MARKER
    sent = db.execute("select count(*) from outbox where op_type = 'counciltax.request'").fetchone()[0]
    assert sent >= len(requests)  # requests carrying the marker went into the outbox, sealed
    assert list(private_tmp.glob("timebank-card-*.pdf"))  # the new member's card, with the marker as their name

    end_by(qtbot, window, how)
    flush_deletes()

    assert widgets_holding(MARKER) == []
    assert undo_leaks(MARKER) == []
    clipboard = QGuiApplication.clipboard()
    assert MARKER not in clipboard.text()
    if clipboard.supportsSelection():
        assert MARKER not in clipboard.text(QClipboard.Mode.Selection)
    assert files_holding(private_tmp, MARKER.encode()) == []
    assert [path for path in private_tmp.rglob("*") if path.is_file()] == []  # a PDF compresses its text: none left
    main = device_db_path(data_dir)
    for path in (main, main.with_name(main.name + "-wal")):
        if path.exists():
            assert MARKER.encode() not in path.read_bytes(), path
