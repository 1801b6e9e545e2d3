"""A member sees the references and checks a broker gave them on their own home screen."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk import i18n
from kiosk.timebank import members
from kiosk.timebank.members import Consent
from ui.screens.timebank.member import MemberHomePanel

from tbui_helpers import PIN, all_texts, open_time_bank, settle

sys.path.insert(0, str(Path(__file__).parent.parent / "ui"))
from ui_helpers import clipped_texts  # noqa: E402

def signed_in_home(qtbot, window, db, badges: tuple[str, ...]) -> MemberHomePanel:
    account = members.register_member(db, name="Ada Lovelace", consent=Consent("We keep your details.", "en"),
                                      registered_by="vol-1", pin=PIN, badges=badges)
    screen = open_time_bank(qtbot, window)
    screen.sign_in(account)
    settle()
    home = screen.current
    assert isinstance(home, MemberHomePanel)
    return home


def test_a_member_sees_both_badges_in_their_language_without_clipping(qtbot, window, device):
    home = signed_in_home(qtbot, window, device.db, ("dbs_check", "reference"))
    texts = all_texts(home)
    assert "References and checks" in texts
    assert "References checked · DBS check" in texts  # the broker screen's order, whatever order given
    assert home.badges_line.accessibleName() == "References checked, DBS check"
    assert not clipped_texts(window), clipped_texts(window)

    i18n.set_language("so")
    window.set_text_size(150)
    settle()
    texts = all_texts(home)
    assert "Tixraacyo iyo hubin" in texts  # "References and checks"
    assert "Tixraacyada waa la hubiyay · Hubinta DBS" in texts
    assert "DBS check" not in texts
    # The rows built from data (the balance) follow the switch too, not only the fixed texts.
    assert "Available now" not in texts and i18n._("Available now") in texts
    assert not clipped_texts(window), clipped_texts(window)

    window.end_session("quick_exit")
    settle()
    assert home.badges_line.text() == "" and home.badges_line.accessibleName() == ""


def test_a_member_without_badges_sees_no_badge_line(qtbot, window, device):
    home = signed_in_home(qtbot, window, device.db, ())
    texts = all_texts(home)
    assert "References and checks" not in texts
    assert not any(_label in texts for _label in ("References checked", "DBS check", "First aid"))
    assert not home.badges_line.isVisibleTo(window)
