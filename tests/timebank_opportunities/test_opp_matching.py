"""Matching members to opportunities and requests: the order and the reasons a member reads."""

from __future__ import annotations

from kiosk.timebank import matching
from kiosk.timebank import opportunities as op
from tb_helpers import organisation, person


def test_words_are_normalised_for_case_plurals_synonyms_and_slips():
    assert matching.words_of("Kids' Gardens") == {"child", "gardening"}
    assert matching.normalise("Laptops") == "computer"
    assert matching.normalise("walks") == "walking"
    assert matching.normalise("class") == "class"  # not "clas"
    # A typing slip still matches (rapidfuzz), a different word does not.
    assert matching._phrase_hits(["gardning"], {"gardening"}) == ["gardning"]
    assert matching._phrase_hits(["talking"], {"walking"}) == []


def test_availability_words_become_days_and_parts_of_the_day():
    assert matching.availability_of("Weekday mornings") == ({"mon", "tue", "wed", "thu", "fri"}, {"morning"})
    assert matching.availability_of("saturdays") == ({"sat"}, set())
    days, parts = matching.availability_of("Any time")
    assert len(days) == 7 and parts == {"morning", "afternoon", "evening"}


def test_a_hand_built_board_is_ranked_with_reasons(tb):
    org = organisation(tb, "Sunflower Children's Centre")
    ada = person(tb, "Ada Obi", skills=["Gardening", "IT"], interests=["kids"], languages=["pt"],
                 availability="weekday mornings")
    ben = person(tb, "Ben Ode")
    play = op.post_opportunity(tb, org["id"], staff_id="b1", title="Help at the children's centre stay-and-play",
                               category="children", repeat_days=["tue"], start_time="10:00", end_time="12:00",
                               languages=["pt"])
    garden = op.post_opportunity(tb, org["id"], staff_id="b1", title="Community garden day",
                                 description="Planting the new beds", category="gardening",
                                 repeat_days=["sat"], start_time="14:00")
    laptop = op.post_request(tb, ben["id"], title="Help setting up my laptop", category="computers",
                             availability="Thursday morning")
    op.post_request(tb, ben["id"], title="Lift to the hospital", category="transport")  # nothing for Ada
    op.post_offer(tb, ben["id"], title="I can teach gardening", category="gardening")  # an offer: not "for" Ada
    own = op.post_request(tb, ada["id"], title="Someone to help in my garden", category="gardening")
    withdrawn = op.post_opportunity(tb, org["id"], staff_id="b1", title="Garden clean-up", category="gardening",
                                    repeat_days=["mon"])
    op.withdraw(tb, withdrawn["id"], by="b1")

    found = matching.matches_for(tb, ada)
    by_id = {m.item["id"]: m for m in found}
    # Equal scores: the newer entry first (the laptop request came after the stay-and-play).
    assert [m.item["id"] for m in found] == [laptop["id"], play["id"], garden["id"]]
    assert by_id[play["id"]].reasons == [
        "Matches your interest: kids", "You speak Português", "When you are free: Tuesday", "At your hub"]
    assert by_id[laptop["id"]].reasons == [
        "Matches your skill: IT", "When you are free: Thursday", "At your hub"]
    # Gardening matches, but Saturday afternoon is not when Ada is free.
    assert by_id[garden["id"]].reasons == ["Matches your skill: Gardening", "At your hub"]
    assert own["id"] not in by_id and withdrawn["id"] not in by_id
    assert by_id[play["id"]].score == 20 + 10 + 10 + 5
    assert by_id[laptop["id"]].score == 30 + 10 + 5
    assert by_id[garden["id"]].score == 30 + 5


def test_a_member_with_nothing_in_common_gets_no_matches(tb):
    org = organisation(tb)
    op.post_opportunity(tb, org["id"], staff_id="b1", title="Stay and play", category="children",
                        repeat_days=["tue"])
    cyd = person(tb, "Cyd Ray", skills=["plumbing"], availability="any time")
    assert matching.matches_for(tb, cyd) == []
