"""The time-bank steps of the demo tour run to the end and show the card with a readable QR code."""

from __future__ import annotations

from ui.screens.timebank.screen import TimeBankScreen
from ui.screens.timebank.tour import run_steps

from tbui_helpers import decode_qr, publish_rewards


def test_tour_steps(qtbot, window, device):
    publish_rewards(device.db)
    shots = {}

    def snap(name: str) -> None:
        assert name not in shots
        shots[name] = window.grab().toImage()

    run_steps(window, snap)
    assert list(shots) == [
        "time-bank-home", "time-bank-join-consent", "time-bank-join-check-answers", "time-bank-membership-card",
        "time-bank-member-home", "time-bank-record-check-answers", "time-bank-record-confirmation",
        "time-bank-rewards"]
    [text] = decode_qr(shots["time-bank-membership-card"])
    assert text.startswith("CKTB:") and len(text) == len("CKTB:") + 11
    assert not any(isinstance(s, TimeBankScreen) for s in window.navigator.stack)  # it ends the session
