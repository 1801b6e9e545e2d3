"""The outreach screen: the worker's cases with a live countdown, a case, recording a visit, checking in."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from kiosk import outreach, sealing
from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from kiosk.timeutil import to_iso
from outreach_kit import ADDRESS, NAME, NEEDS, T0, session_for
from ui.screens import ROUTES, ScreenContext, resolve_factory

WORKER = "staff-ola"


class StaffStub(QObject):
    """What the screen uses of the window's StaffController: the session, its clock, ``signed_out``."""

    signed_out = Signal(str)

    def __init__(self, session, clock):
        super().__init__()
        self.session, self.clock = session, clock


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


def pulled_case(case_id: str, name: str, hours: float, staff_id: str = WORKER) -> dict:
    return {"seq": 1, "entity": outreach.ENTITY, "key": case_id, "op": "upsert",
            "data": {"id": case_id, "staff_id": staff_id, "hub_id": "demo-hub-elm", "name": name,
                     "address": ADDRESS, "needs": NEEDS, "checked_out_at": to_iso(T0),
                     "expires_at": to_iso(T0 + timedelta(hours=hours))}}


@pytest.fixture
def screen(qtbot, data_dir, demo_keyring):
    db = open_db(device_db_path(data_dir))
    sealing.store_public_key(db, sealing.public_key_text(X25519PrivateKey.generate().public_key()))
    with db.atomic():
        outreach.apply_mirror_changes(db, [pulled_case("case-1", NAME, 3.2), pulled_case("case-2", "Bob Short", 1),
                                           pulled_case("case-3", "Not Yours", 5, staff_id="staff-other")])
    clock = Clock()
    staff = StaffStub(session_for(WORKER), clock)
    context = ScreenContext(db=db, settings=Settings(db), mode="outreach", staff=staff)
    widget = resolve_factory(ROUTES["outreach"])(context)
    qtbot.addWidget(widget)
    # Not shown: the offscreen platform warns about top-level size hints; isVisibleTo and click() need no window.
    yield SimpleNamespace(widget=widget, db=db, clock=clock, staff=staff)
    widget.wipe()
    db.close()


def texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget) and label.text()]


def case_rows(widget) -> list[str]:
    return [row.property("case_id") for row in widget.list_page.rows]


def test_list_shows_only_my_cases_soonest_first_with_a_countdown_that_ticks(screen):
    w = screen.widget
    assert case_rows(w) == ["case-2", "case-1"]
    shown = texts(w)
    assert "Expires in 1 hour" in shown and "Expires in 3 hours 12 minutes" in shown
    assert "Not Yours" not in " ".join(shown)
    names = [b.accessibleName() for b in w.findChildren(type(w.case_page.back)) if b.isVisibleTo(w)]
    assert f"Open the case of {NAME}" in names
    screen.clock.now = T0 + timedelta(minutes=30)
    w.tick()
    assert "Expires in 2 hours 42 minutes" in texts(w) and "Expires in 30 minutes" in texts(w)
    # Bob's case expires: it vanishes on the next tick, and from the database.
    screen.clock.now = T0 + timedelta(hours=1)
    w.tick()
    assert case_rows(w) == ["case-1"] and "Bob Short" not in " ".join(texts(w))
    assert screen.db["outreach_cases"].count == 2  # the other worker's case waits for its own expiry


def test_open_case_record_a_visit_with_errors_then_saved_sealed(screen, qtbot):
    w = screen.widget
    [row] = [r for r in w.list_page.rows if r.property("case_id") == "case-1"]
    row.findChildren(type(w.case_page.back))[0].click()
    assert w.pages.currentWidget() is w.case_page
    assert {NAME, ADDRESS, NEEDS, "Expires in 3 hours 12 minutes"} <= set(texts(w))
    w.case_page.record.click()
    page = w.visit_page
    page.notes.setFocus()
    qtbot.keyClicks(page.notes, "Kettle broken, referred to warm homes")
    page.send.click()  # no outcome chosen: GOV.UK error summary, and the notes stay
    assert "There is a problem" in texts(w) and "Choose what happened at the visit" in texts(w)
    assert page.notes.toPlainText() == "Kettle broken, referred to warm homes"
    assert w.db.execute("select count(*) from outbox where op_type = 'outreach.visit'").fetchone()[0] == 0
    page.outcome.buttons[3][2].click()  # referred
    page.send.click()
    assert w.pages.currentWidget() is w.done_page and "Visit saved" in texts(w)
    [row] = list(w.db.query("select op_type, payload from outbox where op_type != 'audit.entry'"))
    assert row["op_type"] == "outreach.visit" and json.loads(row["payload"])["sealed"] == "v1"
    assert "Kettle" not in row["payload"]
    w.done_page.back.click()
    assert w.pages.currentWidget() is w.list_page


def test_check_in_asks_then_deletes_the_case(screen):
    w = screen.widget
    w.show_case("case-1")
    w.case_page.check_in.click()
    assert "Check in this case?" in texts(w)
    w.confirm_page.cancel.click()
    assert w.pages.currentWidget() is w.case_page
    w.case_page.check_in.click()
    w.confirm_page.confirm.click()
    assert "Case checked in" in texts(w)
    assert screen.db["outreach_cases"].count == 2
    assert [r["op_type"] for r in screen.db.query("select op_type from outbox order by seq")] == [
        "outreach.checkin", "audit.entry"]
    from kiosk import audit
    assert [(e["actor"], e["action"], e["subject"]) for e in audit.entries(screen.db)] == [
        (WORKER, "outreach.checkin", "case-1")]


def test_a_case_open_on_screen_vanishes_when_it_expires(screen):
    w = screen.widget
    w.show_case("case-2")
    w.case_page.record.click()
    screen.clock.now = T0 + timedelta(hours=1, seconds=1)
    w.tick()
    assert w.pages.currentWidget() is w.list_page
    assert "Bob Short" not in " ".join(texts(w)) and w.case_page.name.text() == ""
    assert "That case is no longer on this laptop: its time ran out or it was checked in." in texts(w)


def test_without_the_permission_no_case_is_shown(screen):
    w = screen.widget
    screen.staff.session = session_for(WORKER, role="volunteer")
    w.show_list()
    assert case_rows(w) == []
    assert "Only a signed-in outreach worker can see outreach cases." in texts(w)
    screen.staff.session = None
    w.tick()
    assert case_rows(w) == []


def test_every_text_goes_through_the_catalogue_and_redraws_on_a_language_switch(screen, monkeypatch):
    import gettext

    from kiosk import i18n

    class Shouting(gettext.NullTranslations):  # a stand-in catalogue that marks every translated text
        def gettext(self, message):  # placeholders like {n} stay as they are
            return re.sub(r"\{[^}]*\}|[^{]+", lambda m: m[0] if m[0].startswith("{") else m[0].upper(), message)

        def ngettext(self, singular, plural, n):
            return self.gettext(singular if n == 1 else plural)

    w = screen.widget
    monkeypatch.setattr(i18n, "_current", Shouting())
    w.retranslate()
    shown = texts(w)
    assert "YOUR CASES" in shown and "EXPIRES IN 1 HOUR" in shown
    assert ADDRESS in shown  # data is shown as it is, never translated


def test_the_window_purges_expired_cases_every_minute_whatever_screen_is_open(screen):
    from ui.screens.outreach import start_purge_timer

    timer = start_purge_timer(screen.widget, screen.db, screen.clock)
    assert timer.isActive() and timer.interval() == 60_000
    assert screen.db["outreach_cases"].count == 3
    screen.clock.now = T0 + timedelta(hours=3, minutes=13)
    timer.timeout.emit()
    # Bob's (1 h) and Philomena's (3 h 12 min) cases are gone; the 5-hour case of another worker stays.
    assert [r["id"] for r in screen.db.query("select id from outreach_cases")] == ["case-3"]


def test_signing_out_clears_the_cases_from_the_screen_at_once(screen):
    w = screen.widget
    w.show_case("case-1")
    assert w.case_page.name.text() == NAME
    screen.staff.session = None
    screen.staff.signed_out.emit("inactivity")
    assert w.pages.currentWidget() is w.list_page and case_rows(w) == [] and w.case_page.name.text() == ""
    assert NAME not in " ".join(texts(w))
