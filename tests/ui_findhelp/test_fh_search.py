"""Find help home, search, browse by need, filters and "nothing found"."""

from __future__ import annotations

from kiosk.directory import query, schedules

from fhui_helpers import FRIDAY_LUNCHTIME, ops, press, unnamed_widgets, visible_texts


def card_names(results) -> list[str]:
    return [card.accessibleName() for card in results.cards.values()]


def test_home_has_a_search_box_and_every_need_with_its_count(qtbot, fh, shared):
    home = fh.current
    assert home.heading.text() == "What do you need help with?"
    assert home.search_edit.accessibleName() == "What do you need help with?"
    counts = {need["id"]: need for need in query.needs_with_counts(shared.db)}
    assert len(home.tiles) == 11 == len(counts)
    for need_id, tile in home.tiles.items():
        assert tile.accessibleName() == counts[need_id]["label"]
        assert tile.accessibleDescription() == f"{counts[need_id]['count']} services"
        assert tile.height() >= 48  # assisted mode's touch target
    assert home.search_button.height() >= 48 and home.search_button.property("kind") == "primary"
    assert not home.shortlist_link.isVisible()  # nothing chosen yet
    assert unnamed_widgets(fh) == []


def test_typed_search_lists_matching_services_with_status_and_free_badge(qtbot, fh):
    home = fh.current
    qtbot.keyClicks(home.search_edit, "foodbank")  # one word: the related words find "food bank"
    press(qtbot, home.search_button)
    results = fh.current
    assert results is not home
    assert results.heading.text() == "Results for \u201cfoodbank\u201d"
    names = card_names(results)
    assert "Stockwell food bank" in names
    card = results.cards[next(k for k, c in results.cards.items() if c.accessibleName() == "Stockwell food bank")]
    texts = [label.text() for label in card.line_labels]
    assert "Open now, closes at 14:00" in texts  # Friday 11:00-14:00, and it is 12:30
    assert "1 Studley Road, London, SW9 9QF" in texts
    assert card.tag.text() == "Free" and not card.tag.isHidden()
    assert results.count_label.text() == f"{len(names)} services found"
    assert unnamed_widgets(fh) == []


def test_empty_search_asks_for_words_and_stays(qtbot, fh):
    home = fh.current
    press(qtbot, home.search_button)
    assert fh.current is home
    assert "Type what you need help with" in home.error.text() and home.error.isVisible()


def test_need_tile_browses_that_need_and_counts_the_search_anonymously(qtbot, fh, shared):
    press(qtbot, fh.current.tiles["food"])
    results = fh.current
    assert results.heading.text() == "Food"
    expected = [item["name"] for item in query.browse(shared.db, query.Filters(need="food")).items]
    assert card_names(results) == expected and len(expected) == 5
    (usage,) = ops(shared.db, "signposting.usage")
    assert usage["event"] == "need_search" and usage["need"] == "food" and usage["count"] == 1
    assert usage["day"] == "2026-11-20"


def test_filters_narrow_the_results_with_one_tap_each(qtbot, fh, shared):
    press(qtbot, fh.current.tiles["community"])
    results = fh.current
    everything = card_names(results)
    assert not results.filter_box.isVisible()
    press(qtbot, results.filters_button)  # one tap opens them
    assert results.filter_box.isVisible()

    press(qtbot, results.open_now)
    open_now = card_names(results)
    assert 0 < len(open_now) < len(everything)
    for card in results.cards.values():
        assert card.line_labels[-1].text().startswith("Open"), card.accessibleName()
    for service_id in results.cards:
        assert schedules.opening_status(query.get_service(shared.db, service_id), FRIDAY_LUNCHTIME).is_open
    press(qtbot, results.open_now)
    assert card_names(results) == everything

    press(qtbot, results.free)
    free = card_names(results)
    assert 0 < len(free) < len(everything) and all(c.tag.text() == "Free" for c in results.cards.values())
    press(qtbot, results.free)

    portuguese = results.language_keys.index("pt")
    results.language.setCurrentIndex(portuguese)
    results.language.activated.emit(portuguese)  # what a tap on the list item does
    assert results.language.currentText() == "Portuguese"
    spoken = card_names(results)
    assert 0 < len(spoken) < len(everything)
    for service_id in results.cards:
        assert "pt" in [lang["code"] for lang in query.get_service(shared.db, service_id)["languages"]]
    results.language.setCurrentIndex(0)
    results.language.activated.emit(0)

    press(qtbot, results.step_free)
    assert all(query.get_service(shared.db, i)["step_free"] for i in results.cards)
    press(qtbot, results.step_free)

    qtbot.keyClicks(results.postcode, "SW9 8AB")
    press(qtbot, results.update_button)
    shown = [float(card.line_labels[-1].text().split()[0]) for card in results.cards.values()
             if card.line_labels[-1].text().endswith("km away")]
    assert len(shown) >= 3 and shown == sorted(shown)  # nearest first; a phone line has no distance
    assert list(results.cards.values())[0].line_labels[-1].text().endswith("km away")
    assert results.filters_button.text() == "Hide filters"
    press(qtbot, results.clear_button)
    assert card_names(results) == everything and results.postcode.text() == ""


def test_a_bad_age_says_so_and_keeps_the_results(qtbot, fh):
    press(qtbot, fh.current.tiles["children"])
    results = fh.current
    before = card_names(results)
    press(qtbot, results.filters_button)
    qtbot.keyClicks(results.age, "ten")
    press(qtbot, results.update_button)
    assert results.filter_error.isVisible() and "Enter an age in years" in results.filter_error.text()
    assert card_names(results) == before
    results.age.clear()
    qtbot.keyClicks(results.age, "70")
    press(qtbot, results.update_button)
    assert not results.filter_error.isVisible()
    assert len(card_names(results)) < len(before)  # children's services that take a 70-year-old: fewer


def test_nothing_found_explains_and_offers_a_way_on(qtbot, fh):
    home = fh.current
    qtbot.keyClicks(home.search_edit, "\"zzqxv\" (kkwpj) *^: ")
    home.search_edit.insert("\U0001f642")  # an emoji, as an on-screen keyboard sends it (keyClicks cannot)
    press(qtbot, home.search_button)
    results = fh.current
    assert results.cards == {}
    texts = visible_texts(results)
    assert "No services found" in texts and "\u2022  Check the spelling." in texts
    assert results.topics_button.isVisible() and not results.remove_filters_button.isVisible()
    press(qtbot, results.topics_button)
    assert fh.current is home


def test_open_on_a_chosen_day_and_time_lists_only_services_open_then(qtbot, fh, shared):
    press(qtbot, fh.current.tiles["community"])
    results = fh.current
    everything = card_names(results)
    press(qtbot, results.filters_button)
    assert results.day.itemText(0) == "Any day" and results.day.itemText(1) == "Today"
    assert results.day.itemText(2) == "Tomorrow" and results.day.itemText(3) == "Sunday 22 November"
    # Saturday morning, London time (the clock is Friday 20 November 2026).
    results.day.setCurrentIndex(2)
    results.day.activated.emit(2)
    chosen = results.chosen_time()
    assert (chosen.date().isoformat(), chosen.hour, chosen.tzinfo.key) == ("2026-11-21", 10, "Europe/London")
    saturday_morning = card_names(results)
    assert 0 < len(saturday_morning) < len(everything)
    for service_id in results.cards:
        assert schedules.opening_status(query.get_service(shared.db, service_id), chosen).is_open
    assert results.active_filter_count() == 1
    press(qtbot, results.clear_button)
    assert results.day.currentIndex() == 0 and card_names(results) == everything
