"""The GOV.UK component kit, driven through a small flow as a resident would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kiosk import i18n
from kiosk.i18n import N_, _
from ui_helpers import settle, visible_texts
from ui.govuk.flow import FlowScreen, FlowSpec, SubmitError
from ui.govuk.question import Choice, Question

SENT: list[dict] = []


def no_digits(value: str) -> str | None:
    return _("Names cannot contain numbers") if any(ch.isdigit() for ch in value) else None


def tiny_flow(submit=None) -> FlowSpec:
    def record(answers):
        SENT.append(answers)
        return "REF-42"

    return FlowSpec(
        title=N_("Register a pet"),
        questions=(
            Question("name", N_("What is your pet called?"), validators=(no_digits,),
                     required_error=N_("Enter your pet's name")),
            Question("born", N_("When was your pet born?"), kind="date"),
            Question("kind", N_("What kind of pet is it?"), kind="radio",
                     choices=(Choice("cat", N_("Cat")), Choice("dog", N_("Dog")))),
            Question("chipped", N_("Is your pet microchipped?"), kind="yesno"),
        ),
        submit=submit or record,
        confirmation_title=N_("Pet registered"),
        next_steps=N_("We will post a tag within 5 days."),
    )


@pytest.fixture
def flow(window):
    SENT.clear()
    screen = FlowScreen(tiny_flow())
    window.navigator.push(screen)
    settle()
    return screen


def press(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()


def answer_all(qtbot, flow):
    qtbot.keyClicks(flow.current_page.input, "Tibbles")
    press(qtbot, flow.current_page.continue_button)
    page = flow.current_page
    for part, text in (("day", "3"), ("month", "4"), ("year", "2020")):
        qtbot.keyClicks(page.input.boxes[part], text)
    press(qtbot, page.continue_button)
    press(qtbot, flow.current_page.input.buttons[1][2])  # Dog
    press(qtbot, flow.current_page.continue_button)
    press(qtbot, flow.current_page.input.buttons[0][2])  # Yes
    press(qtbot, flow.current_page.continue_button)


def test_empty_answer_shows_error_summary_that_moves_focus_to_field(qtbot, flow):
    page = flow.current_page
    press(qtbot, page.continue_button)
    assert flow.current_page is page  # did not move on
    assert page.summary.isVisible()
    assert "There is a problem" in visible_texts(page.summary)
    assert "Enter your pet's name" in visible_texts(page.summary)
    assert page.error_message.isVisible() and page.error_message.text() == "Error: Enter your pet's name"
    press(qtbot, page.summary.links[0])
    assert page.window().focusWidget() is page.input


def test_enter_in_a_box_answers_the_question(qtbot, flow):
    qtbot.keyClicks(flow.current_page.input, "Tibbles")
    qtbot.keyClick(flow.current_page.input, Qt.Key.Key_Return)
    settle()
    assert flow.current_page.question.key == "born"
    assert flow.answers["name"] == "Tibbles"


def test_validator_message_and_invalid_date(qtbot, flow):
    qtbot.keyClicks(flow.current_page.input, "Rex 2")
    press(qtbot, flow.current_page.continue_button)
    assert flow.current_page.error == "Names cannot contain numbers"
    flow.current_page.input.clear()
    qtbot.keyClicks(flow.current_page.input, "Rex")
    press(qtbot, flow.current_page.continue_button)
    date_page = flow.current_page
    assert date_page.question.key == "born"
    for part, text in (("day", "31"), ("month", "2"), ("year", "2020")):
        qtbot.keyClicks(date_page.input.boxes[part], text)
    press(qtbot, date_page.continue_button)
    assert flow.current_page is date_page
    assert date_page.error.startswith("Enter a real date")


def test_check_answers_lists_answers_and_change_link_returns_to_page(qtbot, flow):
    answer_all(qtbot, flow)
    check = flow.check_page
    assert flow.current_page is check
    assert check.answers.answer_text("name") == "Tibbles"
    assert check.answers.answer_text("born") == "3 April 2020"
    assert check.answers.answer_text("kind") == "Dog"
    assert check.answers.answer_text("chipped") == "Yes"
    assert check.answers.change_link("kind").accessibleName() == "Change What kind of pet is it?"
    press(qtbot, check.answers.change_link("name"))
    page = flow.current_page
    assert page.question.key == "name"
    assert page.input.text() == "Tibbles"  # the earlier answer is still there
    page.input.clear()
    qtbot.keyClicks(page.input, "Whiskers")
    press(qtbot, page.continue_button)
    # Straight back to the check page, not on to the next question.
    assert flow.current_page is check
    assert check.answers.answer_text("name") == "Whiskers"


def test_submit_shows_confirmation_with_reference(qtbot, flow):
    answer_all(qtbot, flow)
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.confirmation
    texts = visible_texts(flow.confirmation)
    assert "Pet registered" in texts and "REF-42" in texts
    assert "What happens next" in texts and "We will post a tag within 5 days." in texts
    assert SENT == [{"name": "Tibbles", "born": dt.date(2020, 4, 3), "kind": "dog", "chipped": True}]


def test_failed_submit_keeps_answers_and_says_why(qtbot, window):
    def refuse(_answers):
        raise SubmitError(_("The council is not answering. Try again later."))

    flow = FlowScreen(tiny_flow(submit=refuse))
    window.navigator.push(flow)
    settle()
    answer_all(qtbot, flow)
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.check_page
    assert "The council is not answering. Try again later." in visible_texts(flow.check_page.summary)
    assert flow.check_page.answers.answer_text("name") == "Tibbles"


def test_unexpected_error_in_submit_is_explained_not_raised(qtbot, window):
    def crash(_answers):
        raise KeyError("bug")

    flow = FlowScreen(tiny_flow(submit=crash))
    window.navigator.push(flow)
    settle()
    answer_all(qtbot, flow)
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.check_page
    assert any(text.startswith("Sorry, that did not work") for text in visible_texts(flow.check_page.summary))


def test_back_goes_to_previous_question_then_leaves_flow(qtbot, window, flow):
    qtbot.keyClicks(flow.current_page.input, "Tibbles")
    press(qtbot, flow.current_page.continue_button)
    assert flow.current_page.question.key == "born"
    press(qtbot, window.footer.back)
    assert flow.current_page.question.key == "name"
    press(qtbot, window.footer.back)
    assert window.current_screen() is window.start_screen


def test_error_message_follows_language_switch(qtbot, flow):
    page = flow.current_page
    press(qtbot, page.continue_button)
    assert page.error == "Enter your pet's name"
    i18n.set_language("pt")
    # No Portuguese for this test-only message: the default falls back to English,
    # but the kit's own words switch.
    assert page.summary.heading.text() == "Há um problema"
    assert page.continue_button.text() == "Continuar"
    assert page.error_message.text().startswith("Erro: ")
