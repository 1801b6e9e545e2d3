"""References a volunteer reads back: any single mistyped character or swapped pair is caught."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.counciltax.reference import ALPHABET, is_valid, new_reference, normalise


def test_shape_and_forgiving_input():
    ref = new_reference()
    assert ref.startswith("CT-") and len(ref) == 12 and is_valid(ref)
    spaced = f" {ref[:2].lower()} {ref[3:7].lower()}-{ref[7:]} "
    assert normalise(spaced) == ref
    assert normalise(ref[3:]) == ref          # the prefix may be left off
    assert normalise("CT-0O1IL") is None      # confusable characters are never used


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_single_errors_and_neighbour_swaps_are_detected(data):
    body = new_reference()[3:]
    i = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != body[i]]))
    assert normalise(body[:i] + wrong + body[i + 1:]) is None
    j = data.draw(st.integers(min_value=0, max_value=len(body) - 2))
    if body[j] != body[j + 1]:
        assert normalise(body[:j] + body[j + 1] + body[j] + body[j + 2:]) is None
