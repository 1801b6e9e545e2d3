"""The board screens (pytest-qt, Qt warnings fail): the board, Matched for you, detail, shortlist, posting."""

from __future__ import annotations

import ui  # noqa: F401  (first: the PySide6 work-around in ui/__init__.py)

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget
from PySide6.QtCore import Qt

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from kiosk.timebank import opportunities as op
from tb_helpers import organisation, person

WINDOW_SIZE = (1280, 960)


def settle(rounds: int = 3) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def press(qtbot, button: QAbstractButton) -> None:
    """A tap: scrolled into view first; a real click where the offscreen 800x800 screen has the point."""
    assert button.isVisible() and button.isEnabled(), button.text()
    parent = button.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(button, 0, 0)
        settle(1)
    centre = button.mapToGlobal(button.rect().center())
    if button.screen().geometry().contains(centre):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        button.click()
    settle()


def texts(root: QWidget) -> list[str]:
    return [w.text() for w in root.findChildren(QWidget)
            if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(root) and w.text()]


def button(root: QWidget, text: str) -> QAbstractButton:
    found = [b for b in root.findChildren(QAbstractButton) if b.text() == text and b.isVisibleTo(root)]
    assert len(found) == 1, (text, texts(root))
    return found[0]


@pytest.fixture
def world(qtbot, data_dir):
    """A shown window on a device with a small board: Ada (gardener), Ben's request, an opportunity."""
    from ui.main_window import MainWindow

    db = open_db(device_db_path(data_dir))
    settings = Settings(db)
    settings["hub_id"] = "demo-hub-sunflower"
    ada = person(db, "Ada Obi", phone="07700 900123", skills=["gardening"], interests=["children"],
                 availability="weekday mornings")
    ben = person(db, "Ben Ode")
    org = organisation(db, "Sunflower Children's Centre")
    play = op.post_opportunity(db, org["id"], staff_id="b1", title="Stay-and-play helper", category="children",
                               repeat_days=["tue"], start_time="10:00", end_time="12:00", place="Sunflower hall")
    garden = op.post_request(db, ben["id"], title="Help with my garden", category="gardening")
    offer = op.post_offer(db, ben["id"], title="I can mend bikes", category="repairs")
    window = MainWindow(db, settings, mode="assisted")
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return {"window": window, "db": db, "ada": ada, "ben": ben, "play": play, "garden": garden, "offer": offer}


def _open(world, member=None):
    from ui.screens.opportunities import open_for_member
    from ui.screens.opportunities.screen import OpportunitiesScreen

    window = world["window"]
    if member is None:
        window.open("opportunities")
    else:
        open_for_member(window.navigator.current, window.context, member)
    settle()
    screen = window.navigator.current
    assert isinstance(screen, OpportunitiesScreen)
    return screen


def test_the_board_shows_each_kind_under_its_tab_without_contact_details(qtbot, world):
    screen = _open(world)
    board = screen.board
    # Nobody signed in: no matches, no shortlist, no posting.
    assert not board.tabs["matched"].isVisibleTo(board) and not board.post_button.isVisibleTo(board)
    assert board.card_titles() == ["Stay-and-play helper"]
    press(qtbot, board.tabs["request"])
    assert board.card_titles() == ["Help with my garden"]
    shown = " ".join(texts(screen))
    assert "Ben, member" in shown and "Ode" not in shown
    press(qtbot, board.tabs["offer"])
    assert board.card_titles() == ["I can mend bikes"]
    assert board.tabs["offer"].accessibleDescription() == "Selected"
    press(qtbot, board.card_for(world["offer"]["id"]))
    detail = screen.current
    assert detail.heading_text() == "I can mend bikes"
    assert "ask a time broker at your hub" in " ".join(texts(detail))
    assert not detail.shortlist_button.isVisibleTo(detail)  # only a signed-in member has a shortlist


def test_a_member_sees_matches_with_reasons_and_keeps_a_shortlist(qtbot, world):
    screen = _open(world, member=world["ada"]["number"])  # a member number is enough
    board = screen.board
    assert board.tabs["matched"].isChecked()
    # Both score 35 (skill + hub; interest + free on Tuesday mornings + hub): the newer first. Not the offer.
    assert board.card_titles() == ["Help with my garden", "Stay-and-play helper"]
    card = board.card_for(world["garden"]["id"])
    assert "Matches your skill: gardening" in card.accessibleDescription()
    press(qtbot, card)
    detail = screen.current
    assert "Matches your skill: gardening" in " ".join(texts(detail))
    press(qtbot, button(detail, "Add to my shortlist"))
    assert op.in_shortlist(world["db"], world["ada"]["id"], world["garden"]["id"])
    assert detail.shortlist_button.text() == "Remove from my shortlist"
    world["window"].back()
    settle()
    press(qtbot, board.tabs["shortlist"])
    assert board.card_titles() == ["Help with my garden"]


def test_a_member_posts_an_offer_through_check_answers(qtbot, world):
    screen = _open(world, member=world["ada"])
    press(qtbot, screen.board.post_button)
    post = screen.current
    page = post.current_page
    press(qtbot, page.continue_button)  # nothing chosen: the error summary says so
    assert page.error == "Choose whether you are offering or asking for help"
    press(qtbot, page.input.buttons[0][2])  # I can offer help
    press(qtbot, page.continue_button)
    qtbot.keyClicks(post.current_page.input, "Seedlings to share")
    press(qtbot, post.current_page.continue_button)
    category = post.current_page
    press(qtbot, next(b for value, _l, b in category.input.buttons if value == "gardening"))
    press(qtbot, category.continue_button)
    press(qtbot, post.current_page.continue_button)  # description: optional
    qtbot.keyClicks(post.current_page.input, "Saturday mornings")
    press(qtbot, post.current_page.continue_button)
    assert post.heading_text() == "Check your answers"
    assert post.check.answers.answer_text("title") == "Seedlings to share"
    # Change the title from the check page; Continue comes back to it.
    press(qtbot, post.check.answers.change_link("title"))
    post.current_page.input.setText("Tomato seedlings to share")
    press(qtbot, post.current_page.continue_button)
    assert post.check.answers.answer_text("title") == "Tomato seedlings to share"
    press(qtbot, post.check.submit)
    assert post.done.isVisibleTo(post) and len(post.done.reference_number) == 8
    offers = op.board(world["db"], "offer")
    assert [(o["title"], o["poster_name"], o["availability"]) for o in offers][0] == (
        "Tomato seedlings to share", "Ada", "Saturday mornings")
    assert world["db"].execute("select count(*) from outbox where op_type = ?", [op.OP_OFFER]).fetchone()[0] == 2


def test_the_session_end_forgets_the_member(qtbot, world):
    screen = _open(world, member=world["ada"]["id"])
    press(qtbot, screen.board.card_for(world["garden"]["id"]))
    world["window"].navigator.reset()  # Finish, Quick exit and the idle time-out all end here
    settle()
    assert screen.member is None and screen.board.items == [] and len(screen.panels.panels) == 1
