"""Find help results a page at a time ("Show more results"), and the time of day that belongs to a day."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.directory import query
from ui.screens.findhelp.results import RESULT_LIMIT

from fhui_helpers import FRIDAY_LUNCHTIME, press, settle, unnamed_widgets

# "london" is in the address of 61 of the demo directory's services: three pages.
BROAD_WORD = "london"


def search(qtbot, fh, words: str):
    home = fh.current
    qtbot.keyClicks(home.search_edit, words)
    press(qtbot, home.search_button)
    return fh.current


def test_show_more_pages_through_every_result_once_and_moves_the_focus(qtbot, fh, shared):
    expected = query.search(shared.db, BROAD_WORD, limit=500, now=FRIDAY_LUNCHTIME)
    total = len(expected.items)
    assert total > 2 * RESULT_LIMIT  # at least three pages
    results = search(qtbot, fh, BROAD_WORD)
    assert len(results.cards) == RESULT_LIMIT
    assert results.count_label.text() == f"{total} services found"
    assert results.showing_label.text() == f"Showing 1 to 30 of {total} results"
    assert results.showing_label.isVisible() and results.more_button.isVisible()
    assert results.more_button.text() == "Show more results"
    assert results.more_button.accessibleDescription() == f"Showing 1 to 30 of {total} results"

    press(qtbot, results.more_button)
    assert len(results.cards) == 2 * RESULT_LIMIT
    first_new = list(results.cards.values())[RESULT_LIMIT]
    assert QApplication.focusWidget() is first_new  # reading carries on at the first new result
    assert results.showing_label.text() == f"Showing 1 to 60 of {total} results"

    press(qtbot, results.more_button)
    assert QApplication.focusWidget() is list(results.cards.values())[2 * RESULT_LIMIT]
    assert results.showing_label.text() == f"Showing 1 to {total} of {total} results"
    assert not results.more_button.isVisible()  # nothing more to show
    # Every result exactly once, in the order one long list would have them, in that order on screen.
    shown = [results.list_layout.itemAt(i).widget() for i in range(results.list_layout.count())]
    assert [card.accessibleName() for card in shown] == [item["name"] for item in expected.items]
    assert list(results.cards) == [item["id"] for item in expected.items]
    assert unnamed_widgets(fh) == []


def test_a_filter_starts_the_list_again_from_the_first_page(qtbot, fh):
    results = search(qtbot, fh, BROAD_WORD)
    press(qtbot, results.more_button)
    assert len(results.cards) == 2 * RESULT_LIMIT
    press(qtbot, results.filters_button)
    press(qtbot, results.free)  # applies at once
    free_total = results.results.total
    assert 0 < free_total < 61
    assert len(results.cards) == min(free_total, RESULT_LIMIT)
    assert results.count_label.text() == f"{free_total} services found"
    assert results.more_button.isVisible() == (free_total > RESULT_LIMIT)


def test_a_search_matching_more_than_it_lists_says_more_than(qtbot, fh, monkeypatch):
    monkeypatch.setattr(query, "CANDIDATES", 40)  # as a big directory would be for a broad word
    results = search(qtbot, fh, BROAD_WORD)
    assert results.results.capped
    assert results.count_label.text() == "More than 40 services found"
    assert results.showing_label.text() == "Showing 1 to 30 of 40 results"
    press(qtbot, results.more_button)
    assert len(results.cards) == 40 and not results.more_button.isVisible()


def test_a_short_list_has_no_paging(qtbot, fh):
    results = search(qtbot, fh, "foodbank")
    assert 0 < len(results.cards) < RESULT_LIMIT
    assert not results.showing_label.isVisible() and not results.more_button.isVisible()


def test_time_of_day_shows_only_once_a_day_is_chosen(qtbot, fh):
    press(qtbot, fh.current.tiles["community"])
    results = fh.current
    press(qtbot, results.filters_button)
    assert results.day.currentText() == "Any day"
    assert not results.part.isVisible()  # "Any day" has no time to choose
    # Tab in reading order: the postcode box sits beside the age box, above the day.
    results.age.setFocus()
    for expected in (results.postcode, results.day):
        qtbot.keyClick(QApplication.focusWidget(), "\t")
        settle()
        assert QApplication.focusWidget() is expected, expected.accessibleName()
    # Tab goes from the day straight to "Update results" while the time of day is hidden.
    results.day.setFocus()
    assert results.day.nextInFocusChain() is results.part  # its place is kept in the chain
    qtbot.keyClick(results.day, "\t")
    settle()
    assert QApplication.focusWidget() is results.update_button

    results.day.setCurrentIndex(2)  # Tomorrow
    results.day.activated.emit(2)
    settle()
    assert results.part.isVisible() and results.part.isEnabled()
    assert results.part.accessibleName() == "Time of day"
    assert results.part.currentText() == "Morning (10am)"
    results.day.setFocus()
    qtbot.keyClick(results.day, "\t")
    settle()
    assert QApplication.focusWidget() is results.part  # right after the day, before "Update results"
    # The part chosen counts: evening and morning of the same day give different times.
    morning = results.chosen_time()
    results.part.setCurrentIndex(2)
    results.part.activated.emit(2)
    assert (results.chosen_time() - morning).seconds == 8 * 3600

    press(qtbot, results.clear_button)
    assert results.day.currentIndex() == 0 and not results.part.isVisible()
    assert results.part.currentIndex() == 0
    assert unnamed_widgets(fh) == []
