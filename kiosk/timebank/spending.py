"""When a member may spend or donate on this device (the offline rules).

Earning is always safe: it waits, pending, for the council. Spending is where
credits could be spent twice on two offline devices, so a device allows a spend
only when

1. it is within the balance the council last confirmed minus every agreed spend
   still pending ("available now"), and
2. this device's pending spends for the member stay within the offline cap
   (``timebank_offline_spend_cap_minutes``), and
3. their count stays within ``timebank_offline_spend_count_limit``.

A device applies these rules even when it is online: until the council answers,
every spend is an offline spend. Organisations (which issue credits) are exempt.
Rewards marked ``requires_server`` (council-tax reduction, local currency) are
refused unless the caller says the council service is reachable right now.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.i18n import _
from kiosk.settings import Settings
from kiosk.timebank.amounts import format_minutes
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.ledger import Balance, balance


def check_spend(db: Database, payer: dict[str, Any], minutes: int) -> Balance:
    """Raise TimeBankError if ``payer`` may not spend ``minutes`` here now."""
    current = balance(db, payer["id"])
    if payer["kind"] == "organisation" or payer.get("allow_negative"):
        return current
    if minutes > current.available:
        if current.pending_debits:
            message = _("Not enough time credits: {name} has {available} available now "
                        "({pending} waiting for the council to confirm).")
        else:
            message = _("Not enough time credits: {name} has {available} available now.")
        raise TimeBankError("insufficient_balance", message.format(
            name=payer["name"], available=format_minutes(max(current.available, 0)),
            pending=format_minutes(current.pending_debits)))
    settings = Settings(db)
    cap = settings["timebank_offline_spend_cap_minutes"]
    if current.local_pending_debits + minutes > cap:
        raise TimeBankError("offline_cap", _(
            "This device can let {name} spend at most {cap} before the council confirms earlier spends. "
            "Please try again after the next sync.").format(name=payer["name"], cap=format_minutes(cap)))
    limit = settings["timebank_offline_spend_count_limit"]
    if current.local_pending_count + 1 > limit:
        raise TimeBankError("offline_count", _(
            "{name} already has {count} spends waiting for the council on this device. "
            "Please try again after the next sync.").format(name=payer["name"], count=current.local_pending_count))
    return current


def check_reward_reachable(reward: dict[str, Any], *, online: bool) -> None:
    if reward.get("requires_server") and not online:
        raise TimeBankError("needs_server", _(
            "\"{reward}\" needs a live connection to the council, and this device is offline. "
            "Your credits have not been used. Please try again when the device is online.").format(
            reward=reward["name"]))
