"""Report a problem, the anonymous usage ops, the session wipe, and demo data only on the demo."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kiosk.directory import feedback_ops, query
from kiosk.paths import device_db_path
from kiosk.store import open_db

from fhui_helpers import ops, press, service_id, visible_texts


def test_report_a_problem_queues_only_the_listing_and_the_kind(qtbot, fh, shared):
    from ui.screens.findhelp.detail import DetailPanel

    fh.open(DetailPanel(fh, service_id(shared.db, "Stockwell food bank")))
    press(qtbot, fh.current.report_link)
    report = fh.current
    press(qtbot, report.send_button)  # nothing chosen
    assert report.summary.isVisible() and ops(shared.db, "directory.report") == []
    assert report.summary.links[0].text() == "Select what is wrong with the listing"
    press(qtbot, report.choices.button_for("wrong_details"))
    press(qtbot, report.send_button)
    (payload,) = ops(shared.db, "directory.report")
    service = query.get_service(shared.db, service_id(shared.db, "Stockwell food bank"))
    assert payload == {"report_id": report.report_id, "service_key": f"demo:{service['oruk_id']}",
                       "kind": "wrong_details", "reported_at": "2026-11-20T12:30:00.000000Z"}
    assert report.confirmation.isVisible() and "Thank you for telling us" in visible_texts(report)
    row = shared.db.execute("select record_key from outbox where op_type = 'directory.report'").fetchone()
    assert row[0] == f"directory_report:{report.report_id}"
    press(qtbot, report.home_button)
    assert fh.current is fh.panels.panels[0]


def test_usage_ops_hold_nothing_but_event_subject_day_and_count():
    from kiosk.store import open_memory_db

    db = open_memory_db()
    # 23:30 UTC on 30 June is already 1 July in London (BST): the hub's day counts.
    feedback_ops.count_usage(db, "service_view", "demo:abc", now=datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc))
    feedback_ops.count_usage(db, "need_search", "food", now=datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc))
    assert ops(db, "signposting.usage") == [
        {"event": "service_view", "service_key": "demo:abc", "day": "2026-07-01", "count": 1},
        {"event": "need_search", "need": "food", "day": "2026-12-01", "count": 1},
    ]
    for bad in (dict(event="searched", subject="food"), dict(event="need_search", subject=""),
                dict(event="need_search", subject="food", count=0)):
        with pytest.raises(ValueError):
            feedback_ops.count_usage(db, **bad)
    with pytest.raises(ValueError):
        feedback_ops.report_problem(db, "demo:abc", "rude staff")
    assert len(ops(db, "signposting.usage")) == 2 and ops(db, "directory.report") == []


def test_the_council_service_accepts_what_the_device_sends():
    """The payloads pass the council's own validators (sync.server.ops_directory), today."""
    from kiosk.store import open_memory_db
    from sync.server.ops_directory import ReportPayload, UsagePayload

    db = open_memory_db()
    for event, subject in (("need_search", "safety"), ("service_view", "demo:x-1"), ("takeaway_qr", "demo:x-1"),
                           ("takeaway_print", "demo:x-1"), ("shortlist", "demo:x-1")):
        feedback_ops.count_usage(db, event, subject)
    for kind in feedback_ops.REPORT_KINDS:
        feedback_ops.report_problem(db, "demo:x-1", kind)
    for payload in ops(db, "signposting.usage"):
        UsagePayload.model_validate(payload)
    for payload in ops(db, "directory.report"):
        ReportPayload.model_validate(payload)


def test_typed_search_text_is_never_counted(qtbot, fh, shared):
    qtbot.keyClicks(fh.current.search_edit, "debt")
    press(qtbot, fh.current.search_button)
    assert fh.current.cards
    assert ops(shared.db, "signposting.usage") == []


def test_session_end_clears_the_search_box_filters_and_shortlist(qtbot, fh, shared):
    home = fh.current
    qtbot.keyClicks(home.search_edit, "english classes")
    press(qtbot, home.search_button)
    results = fh.current
    press(qtbot, results.filters_button)
    press(qtbot, results.free)
    first = next(iter(results.cards.values()))
    press(qtbot, first)
    press(qtbot, fh.current.list_button)
    assert len(fh.shortlist) == 1
    shared.window.end_session("finish")
    assert fh.shortlist == [] and home.search_edit.text() == ""
    assert not results.free.isChecked()
    # The next resident starts clean.
    press(qtbot, shared.window.start_screen.tiles["find-help"])
    again = shared.window.navigator.current
    assert again is not fh and again.shortlist == []
    assert again.current.search_edit.text() == "" and not again.current.shortlist_link.isVisible()


def test_demo_directory_is_loaded_only_on_an_empty_device_and_never_by_the_screens(qtbot, data_dir):
    from ui.screens import ScreenContext
    from ui.screens.findhelp import find_help_screen
    from ui.screens.findhelp.demo_data import ensure_demo_directory

    from kiosk.settings import Settings

    db = open_db(device_db_path(data_dir))
    screen = find_help_screen(ScreenContext(db=db, settings=Settings(db), mode="kiosk"))
    qtbot.addWidget(screen)
    assert db.execute("select count(*) from directory_service").fetchone()[0] == 0  # a council device: no demo
    assert screen.current.empty.isVisibleTo(screen)
    db.close()
    assert ensure_demo_directory(data_dir) is True
    assert ensure_demo_directory(data_dir) is False  # once
    db = open_db(device_db_path(data_dir))
    assert db.execute("select count(*) from directory_service").fetchone()[0] == 67
