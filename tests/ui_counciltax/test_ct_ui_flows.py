"""Every council-tax request, end to end on the screen, as a resident would go through it."""

from __future__ import annotations

import json

import pytest

from kiosk.counciltax import questions as q
from kiosk.counciltax.requests import REQUEST_TYPES
from kiosk import sealing
from kiosk.counciltax.submissions import OP_TYPE, SCHEMA_VERSION, lookup
from ui.screens.counciltax.answers import display_answer
from ui.screens.counciltax.request_flow import RequestFlowPanel

from ctui_answers import INVALID, valid_raw
from ctui_helpers import press, visible_texts, walk_flow

# Where each request is reached from "What do you need to do?": (home tile, menu tile or None).
ROUTE = {
    "moving_in": ("moving", "moving_in"), "moving_out": ("moving", "moving_out"),
    "moving_within": ("moving", "moving_within"), "spd_apply": ("discounts", "spd_apply"),
    "spd_remove": ("discounts", "spd_remove"), "disregard": ("discounts", "disregard"),
    "ctr_apply": ("discounts", "ctr_apply"), "direct_debit": ("direct_debit", "direct_debit"),
    "twelve_instalments": ("direct_debit", "twelve_instalments"), "arrears_arrangement": ("arrears", None),
    "refund": ("refund", None),
}


def open_flow(qtbot, ct, request_id: str) -> RequestFlowPanel:
    home_tile, menu_tile = ROUTE[request_id]
    press(qtbot, ct.current.tiles[home_tile])
    if menu_tile:
        press(qtbot, ct.current.tiles[menu_tile])
    flow = ct.current
    assert isinstance(flow, RequestFlowPanel) and flow.kind.id == request_id
    return flow


def test_every_request_type_has_a_way_in_from_the_home_screen():
    assert set(ROUTE) == set(REQUEST_TYPES)


@pytest.mark.parametrize("request_id", sorted(REQUEST_TYPES))
def test_flow_end_to_end(qtbot, ct, shared, request_id):
    db, council_key = shared.db, shared.council_key
    flow = open_flow(qtbot, ct, request_id)
    assert flow.kind.title and visible_texts(flow.start_page)  # the start page says what it is for
    asked = walk_flow(qtbot, flow)

    # Check your answers: one row per question asked, in order, each with its own Change link.
    rows = flow.check_page.answers.rows
    assert [row[0] for row in rows] == asked
    clean = flow.clean_answers()
    for question_id in asked:
        question = flow.kind.question(question_id)
        assert flow.check_page.answers.answer_text(question_id) == display_answer(question, clean.get(question_id))
        assert flow.check_page.answers.change_link(question_id).accessibleName().startswith("Change ")

    # Change the first answer: back to its page, then straight back to the check page.
    first = asked[0]
    press(qtbot, flow.check_page.answers.change_link(first))
    assert flow.current_page is flow.page_for(first)
    page = flow.page_for(first)
    if page.core.kind == q.TEXT and page.core.id == "full_name":
        page.set_raw("Grace Hopper")
    press(qtbot, page.continue_button)
    assert flow.current_page is flow.check_page
    if first == "full_name":
        assert flow.check_page.answers.answer_text("full_name") == "Grace Hopper"

    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.confirmation
    reference = flow.confirmation.panel.reference_number
    assert reference.startswith("CT-") and reference in visible_texts(flow.confirmation)
    row = lookup(db, reference)
    assert row is not None and row["request_type"] == request_id and row["status"] == "waiting"
    op = next(db.query("select payload from outbox where op_id = ?", [row["op_id"]]))
    envelope = json.loads(op["payload"])
    assert sealing.is_sealed(envelope)  # personal details never sit on the device in clear
    payload = sealing.unseal(council_key, envelope, context=sealing.context_for(OP_TYPE, SCHEMA_VERSION))
    assert payload["reference"] == reference and set(payload["answers"]) <= set(asked)
    assert _(flow.kind.what_next) in visible_texts(flow.confirmation)

    # Back after sending leaves the flow (no way to send it twice).
    ct.go_back()
    assert not isinstance(ct.current, RequestFlowPanel)


def _(text: str) -> str:
    from kiosk.i18n import _ as translate

    return translate(text)


def test_every_page_refuses_a_wrong_answer_with_the_error_summary(qtbot, ct):
    """One walk through the longest request, which has a field of every kind: on each page a
    wrong answer (and an empty one where an answer is needed) shows the error summary and the
    message by the field, every control has an accessible name, and a right answer moves on."""
    from ctui_helpers import unnamed_widgets

    flow = open_flow(qtbot, ct, "ctr_apply")
    kinds_tried = set()
    press(qtbot, flow.start_page.start_button)
    for _step in range(40):
        page = flow.current_page
        if page is flow.check_page:
            break
        assert unnamed_widgets(ct) == [], page.core.id
        question = page.core
        kind = "multiple" if question.multiple else question.kind
        wrong = [("", "Enter an answer" if kind in (q.TEXT, q.DATE, q.MONEY, q.POSTCODE, q.NUMBER)
                  else "Select an answer")] if question.required else []
        if kind in INVALID and INVALID[kind][0] is not None:
            wrong.append(INVALID[kind])
        if kind == "multiple":
            wrong.append((["universal_credit", "none"], "None of these"))
        for bad, message_part in wrong:
            page.set_raw(bad if bad != "" or kind not in (q.CHOICE, q.YES_NO, "multiple") else None)
            press(qtbot, page.continue_button)
            assert flow.current_page is page, question.id  # did not move on
            texts = visible_texts(page.summary)
            assert "There is a problem" in texts, question.id
            assert any(message_part in text for text in texts), (question.id, texts)
            assert page.error_message.isVisible() and page.error_message.text().startswith("Error: ")
            kinds_tried.add(kind)
        page.set_raw(valid_raw(question, flow.clean_answers()))
        press(qtbot, page.continue_button)
        assert flow.current_page is not page, question.id
        assert not page.summary.isVisible()
    assert flow.current_page is flow.check_page
    assert unnamed_widgets(ct) == []
    assert kinds_tried >= {q.TEXT, q.DATE, q.MONEY, q.POSTCODE, q.NUMBER, q.CHOICE, q.YES_NO, "multiple"}


def test_a_changed_answer_that_opens_a_question_asks_it_before_the_check_page(qtbot, ct):
    flow = open_flow(qtbot, ct, "moving_in")
    asked = walk_flow(qtbot, flow, {"tenure": "owner"})
    assert "landlord_name" not in asked
    press(qtbot, flow.check_page.answers.change_link("tenure"))
    flow.current_page.set_raw("tenant")
    press(qtbot, flow.current_page.continue_button)
    assert flow.current_page is flow.page_for("landlord_name")  # now renting: who is the landlord?
    flow.current_page.set_raw("Brixton Homes")
    press(qtbot, flow.current_page.continue_button)
    assert flow.current_page is flow.page_for("landlord_address")
    press(qtbot, flow.current_page.continue_button)  # optional: may be left empty
    assert flow.current_page is flow.check_page
    assert flow.check_page.answers.answer_text("landlord_name") == "Brixton Homes"


def test_a_check_across_answers_is_shown_on_the_check_page_and_links_to_the_question(qtbot, ct, shared):
    db = shared.db
    before = db["counciltax_submission"].count
    flow = open_flow(qtbot, ct, "arrears_arrangement")
    walk_flow(qtbot, flow, {"arrears_pence": "5000", "monthly_pence": "1"})
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.check_page  # not sent
    texts = visible_texts(flow.check_page.summary)
    assert any("must finish by 31 March" in text for text in texts), texts
    assert db["counciltax_submission"].count == before
    press(qtbot, flow.check_page.summary.links[0])
    page = flow.current_page
    assert page is flow.page_for("monthly_pence") and page.error_message.isVisible()
    page.set_raw("5000")
    press(qtbot, page.continue_button)
    assert flow.current_page is flow.check_page
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.confirmation


def test_back_goes_through_the_pages_then_leaves(qtbot, ct):
    flow = open_flow(qtbot, ct, "refund")
    press(qtbot, flow.start_page.start_button)
    first = flow.current_page
    first.set_raw("40000001")
    press(qtbot, first.continue_button)
    assert flow.current_page is not first
    assert ct.go_back() and flow.current_page is first
    assert first.raw() == "40000001"  # nothing lost going back
    assert ct.go_back() and flow.current_page is flow.start_page
    assert ct.go_back() and not isinstance(ct.current, RequestFlowPanel)


def test_without_the_councils_key_nothing_is_stored_and_the_answers_stay(qtbot, ct_unsealed, device):
    db, _settings = device
    flow = open_flow(qtbot, ct_unsealed, "spd_remove")
    walk_flow(qtbot, flow)
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.check_page
    assert "This kiosk cannot send your request yet" in visible_texts(flow.check_page.summary)
    assert "encryption key" in flow.check_page.notice.text() and flow.check_page.notice.isVisible()
    assert db["counciltax_submission"].count == 0 and db["outbox"].count == 0
    assert flow.raw["full_name"]  # nothing lost: sending again later works
