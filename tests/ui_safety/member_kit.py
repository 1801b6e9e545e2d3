"""Time-bank members on a safety-test device, and the walk through everything a signed-in member can do.

Two active members (as a volunteer registers them) whose names carry the
marker, so every screen that shows a member's or the other member's name holds
it: Ada (who signs in) and Bea (whom Ada helps and gives credits to, who says
she helped Ada, and who has an offer on the board). Ada has confirmed credits
and the council published a council-tax reward (which asks for an account
reference, a postcode and a surname: free text a member types).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk import mirror
from kiosk.timebank import members, recording
from kiosk.timebank import opportunities as op
from kiosk.timebank.members import Consent
from marker_walk import walk_flow
from safety_kit import press, settle

MEMBER_PIN = "258025"  # the first PIN the walk tries on a PIN page (a wrong one would count towards a lock)
COUNCIL_TAX_REWARD = {
    "id": "council-tax-reduction", "name": "Council tax reduction", "kind": "financial", "cost_minutes": 60,
    "requires_online": True, "description": "An hour off your bill.",
    "terms": {"reward_kind": "council_tax_reduction", "pence_per_hour": 250, "cap_pence_per_year": 10000},
}
POST_BUTTON = "Post it on the board"  # a post is public by the member's choice: walked up to, not sent


@dataclass
class Members:
    ada: dict[str, Any]
    bea: dict[str, Any]
    offer_id: str


def publish(db, changes: list[tuple[str, str, dict[str, Any]]]) -> None:
    """What a pull from the council does: one page of the change log through the real mirror."""
    start = db.execute("select coalesce(max(seq), 0) from mirror").fetchone()[0]
    page = [{"entity": entity, "key": key, "op": "upsert", "data": data, "seq": start + index + 1}
            for index, (entity, key, data) in enumerate(changes)]
    assert mirror.apply_page(db, page, f"cursor-{start + len(page)}")


def add_members(db, marker: str) -> Members:
    from kiosk.settings import Settings
    from ui.screens.timebank.choices import category_choices

    Settings(db)["hub_id"] = "hub-1"
    consent = Consent("We keep your details.", "en")
    ada, bea = (members.register_member(db, name=f"{first} {marker}", consent=consent, registered_by="staff-vol-1",
                                        pin=MEMBER_PIN) for first in ("Ada", "Bea"))
    publish(db, [("timebank.balance", ada["id"], {"account_id": ada["id"], "confirmed_minutes": 900,
                                                  "as_of": "2026-11-20T10:15:00Z"}),
                 ("timebank.reward", COUNCIL_TAX_REWARD["id"], COUNCIL_TAX_REWARD)])
    category = category_choices(db)[0].value
    # Bea says she helped Ada: it waits for Ada to agree with her PIN.
    recording.record_exchange(db, giver_id=bea["id"], receiver_id=ada["id"], minutes=60, category=category,
                              recorded_by=bea["id"], source="kiosk")
    offer = op.post_offer(db, bea["id"], title="Help with shopping on Fridays", category=category)
    return Members(ada, bea, offer["id"])


def walk_member(qtbot, window, marker: str, typed: list, people: Members) -> dict[str, int]:
    """Sign in as Ada at the kiosk and go through every member screen; returns pages walked per screen."""
    from ui.screens.opportunities.screen import OpportunitiesScreen
    from ui.screens.timebank.member import MemberHomePanel

    seen: dict[str, int] = {}
    window.open("time-bank")
    time_bank = window.navigator.current
    time_bank.online = lambda: True  # the council-tax reward needs the council: as when the last sync reached it
    press(qtbot, time_bank.current.tiles["member"])
    # The marker in the number box (refused), then Ada's number; the marker in the PIN box, then her PIN.
    seen["member/sign-in"] = walk_flow(qtbot, time_bank, marker, typed, answers=(people.ada["number"],))
    assert isinstance(time_bank.current, MemberHomePanel), type(time_bank.current)

    home = time_bank.current
    press(qtbot, home.agree_buttons[0])
    seen["member/agree"] = walk_flow(qtbot, time_bank, marker, typed)
    time_bank.back_to(MemberHomePanel)
    for key in ("record", "donate", "spend"):
        press(qtbot, time_bank.current.tiles[key])
        seen[f"member/{key}"] = walk_flow(qtbot, time_bank, marker, typed, answers=(people.bea["number"],))
        time_bank.back_to(MemberHomePanel)  # the home shows the balance and the statement again

    press(qtbot, time_bank.current.tiles["board"])
    board_screen = window.navigator.current
    assert isinstance(board_screen, OpportunitiesScreen)
    board = board_screen.board
    press(qtbot, board.tabs["offer"])
    press(qtbot, board.card_for(people.offer_id))
    press(qtbot, board_screen.current.shortlist_button)  # onto Ada's shortlist
    board_screen.home()
    press(qtbot, board.tabs["shortlist"])
    seen["member/shortlist"] = len(board.card_titles())
    seen["member/post"] = walk_flow(qtbot, board_screen, marker, typed, stop_before=POST_BUTTON)
    settle(1)
    return seen
