"""Recording exchanges on a device: help given, gifts, rewards, group sessions, reversals.

Every function validates, writes the exchange with its two entries, and queues
its operation for the council, all in one ``db.atomic()``. Words used here:

- the *giver* gave the help and earns (the payee of the credits);
- the *receiver* received the help and pays (the payer).

An exchange recorded with the payer's agreement (their PIN at the kiosk, a
broker, or staff acting for a paying organisation) is sent as agreed and the
council confirms it if the payer's confirmed balance covers it. One recorded
without it waits until the payer confirms (``confirm_exchange``) or a broker does.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Iterable

from sqlite_utils import Database

from kiosk import audit, outbox
from kiosk.i18n import _
from kiosk.settings import Settings
from kiosk.timebank import categories, members, spending
from kiosk.timebank.amounts import check_minutes, parse_minutes, parse_service_date, today_london
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.ledger import (
    REFUSED_SQL,
    Authorisation,
    exchange_payload,
    exchange_record_key,
    get_exchange,
    post,
)

OP_RECORD = "timebank.exchange.record"
OP_CONFIRM = "timebank.exchange.confirm"
OP_REJECT = "timebank.exchange.reject"
OP_REVERSE = "timebank.exchange.reverse"
OP_REDEEM = "timebank.reward.redeem"
OP_DONATE = "timebank.donate"

# Which operation carries which kind of new exchange.
OP_FOR_KIND = {"transfer": OP_RECORD, "donation": OP_DONATE, "redemption": OP_REDEEM, "reversal": OP_REVERSE}

# The council's rewards account: every redemption pays into it. A fixed id so
# a device can record a redemption before it has ever synced.
REWARDS_ACCOUNT_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:coop-kiosk:timebank:rewards"))


def authorise_with_pin(db: Database, account_id: str, pin: str) -> Authorisation:
    """The member's own agreement: their PIN, checked on this device."""
    members.check_pin(db, account_id, pin)
    return Authorisation("pin", account_id)


def broker_authorisation(broker: str) -> Authorisation:
    if not (broker or "").strip():
        raise TimeBankError("broker_missing", _("Say which time broker approved this."))
    return Authorisation("broker", broker.strip())


def _active(db: Database, account_id: str) -> dict[str, Any]:
    account = members.require_account(db, account_id)
    if account["status"] != "active":
        raise TimeBankError("account_not_active", _(
            "{name} cannot exchange time yet: their registration is waiting for a time broker.").format(
            name=account["name"]) if account["status"] == "pending" else _(
            "{name}'s account is suspended; ask a time broker.").format(name=account["name"]))
    return account


def _check_authorisation(payer: dict[str, Any], auth: Authorisation | None) -> None:
    if auth is None:
        return
    if auth.method == "pin" and auth.by != payer["id"]:
        raise TimeBankError("pin_not_payer", _("Only {name} can agree to pay with their PIN.").format(
            name=payer["name"]))
    if auth.method == "organisation" and payer["kind"] != "organisation":
        raise TimeBankError("not_organisation", _("{name} is not an organisation.").format(name=payer["name"]))
    if auth.method not in ("pin", "broker", "organisation"):
        raise ValueError(f"unknown authorisation method {auth.method!r}")


def _minutes(value: int | str) -> int:
    return check_minutes(value) if isinstance(value, int) else parse_minutes(value)


def _write(db: Database, *, reward_details: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """Post one exchange and queue its operation; inside the caller's transaction."""
    settings = Settings(db)
    exchange = post(db, device_id=settings["device_id"], hub_id=settings["hub_id"], **fields)
    payload = exchange_payload(db, exchange)
    if reward_details:  # what the council needs to honour a reward (kiosk.timebank.rewards)
        payload["reward_details"] = reward_details
        # A council-tax account, a surname or a birth date leaves the device only sealed.
        members._enqueue_sealed(db, OP_FOR_KIND[exchange["kind"]], payload, exchange_record_key(exchange["id"]))
        return exchange
    outbox.enqueue(db, OP_FOR_KIND[exchange["kind"]], payload, record_key=exchange_record_key(exchange["id"]))
    return exchange


def record_exchange(
    db: Database,
    *,
    giver_id: str,
    receiver_id: str,
    minutes: int | str,
    category: str,
    recorded_by: str,
    service_date: date | str | None = None,
    description: str = "",
    authorisation: Authorisation | None = None,
    source: str = "assisted",
    import_key: str | None = None,
) -> dict[str, Any]:
    """Help given by ``giver`` to ``receiver`` (member, organisation or project)."""
    minutes = _minutes(minutes)
    when = parse_service_date(service_date or today_london())
    category = categories.check_category(db, category)
    if giver_id == receiver_id:
        raise TimeBankError("same_account", _("The giver and the receiver must be different."))
    giver = _active(db, giver_id)
    payer = _active(db, receiver_id)
    if giver["kind"] == "organisation" and payer["kind"] == "organisation":
        raise TimeBankError("org_to_org", _("Exchanges between two organisations are not recorded here."))
    _check_authorisation(payer, authorisation)
    with db.atomic():
        if authorisation is not None:
            spending.check_spend(db, payer, minutes)
        return _write(db, kind="transfer", payer_id=payer["id"], payee_id=giver["id"], minutes=minutes,
                      category=category, service_date=when, recorded_by=recorded_by, description=description,
                      authorisation=authorisation, source=source, import_key=import_key)


def record_group_session(
    db: Database,
    *,
    organisation_id: str,
    attendee_ids: Iterable[str],
    minutes: int | str,
    category: str,
    recorded_by: str,
    service_date: date | str | None = None,
    description: str = "",
) -> list[dict[str, Any]]:
    """An organisation credits every attendee of a session: one exchange each, all or none."""
    minutes = _minutes(minutes)
    when = parse_service_date(service_date or today_london())
    category = categories.check_category(db, category)
    organisation = _active(db, organisation_id)
    if organisation["kind"] != "organisation":
        raise TimeBankError("not_organisation", _("{name} is not an organisation.").format(name=organisation["name"]))
    attendees = list(dict.fromkeys(attendee_ids))
    if not attendees:
        raise TimeBankError("no_attendees", _("Add at least one attendee."))
    people = [_active(db, a) for a in attendees]
    for person in people:
        if person["kind"] != "person":
            raise TimeBankError("attendee_not_person", _("{name} is not a member.").format(name=person["name"]))
    group_id = str(uuid.uuid4())
    auth = Authorisation("organisation", recorded_by)
    with db.atomic():
        return [_write(db, kind="transfer", payer_id=organisation["id"], payee_id=person["id"], minutes=minutes,
                       category=category, service_date=when, recorded_by=recorded_by, description=description,
                       authorisation=auth, group_id=group_id, source="group_session")
                for person in people]


def donate(
    db: Database, *, from_id: str, to_id: str, minutes: int | str, authorisation: Authorisation, recorded_by: str,
    message: str = "",
) -> dict[str, Any]:
    """Give credits to a friend or family member (a spend: the offline rules apply)."""
    minutes = _minutes(minutes)
    if from_id == to_id:
        raise TimeBankError("same_account", _("Choose someone else to give credits to."))
    donor = _active(db, from_id)
    recipient = _active(db, to_id)
    if donor["kind"] != "person" or recipient["kind"] != "person":
        raise TimeBankError("donation_people", _("Credits can be given only from one member to another."))
    _check_authorisation(donor, authorisation)
    with db.atomic():
        spending.check_spend(db, donor, minutes)
        return _write(db, kind="donation", payer_id=donor["id"], payee_id=recipient["id"], minutes=minutes,
                      category=categories.GIFT_CATEGORY, service_date=today_london(), recorded_by=recorded_by,
                      description=message, authorisation=authorisation, source="donation")


def get_reward(db: Database, reward_id: str) -> dict[str, Any]:
    rows = list(db.query("select * from tb_rewards where id = ? and active = 1", [reward_id]))
    if not rows:
        raise TimeBankError("unknown_reward", _("This reward is not on offer any more."))
    return rows[0]


def redeem_reward(
    db: Database, *, member_id: str, reward_id: str, authorisation: Authorisation, recorded_by: str, online: bool,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Spend credits on a reward from the council's menu (pending until the council confirms).

    Screens should call ``kiosk.timebank.rewards.redeem``, which checks the
    reward's terms, passes ``details`` and makes the voucher."""
    reward = get_reward(db, reward_id)
    spending.check_reward_reachable(reward, online=online)
    member = _active(db, member_id)
    if member["kind"] != "person":
        raise TimeBankError("reward_people", _("Only members can redeem rewards."))
    _check_authorisation(member, authorisation)
    with db.atomic():
        spending.check_spend(db, member, reward["cost_minutes"])
        return _write(db, kind="redemption", payer_id=member["id"], payee_id=REWARDS_ACCOUNT_ID,
                      minutes=reward["cost_minutes"], category=categories.REWARD_CATEGORY,
                      service_date=today_london(), recorded_by=recorded_by, description=reward["name"],
                      authorisation=authorisation, reward_id=reward["id"], source="reward",
                      reward_details=details)


def _pending(db: Database, exchange_id: str) -> dict[str, Any]:
    exchange = get_exchange(db, exchange_id)
    if exchange is None:
        raise TimeBankError("unknown_exchange", _("We cannot find that exchange on this device."))
    if exchange["state"] != "pending":
        raise TimeBankError("not_pending", _("This exchange is already {state}.").format(
            state=_("confirmed") if exchange["state"] == "confirmed" else _("rejected")))
    return exchange


def confirm_exchange(db: Database, exchange_id: str, authorisation: Authorisation) -> dict[str, Any]:
    """The payer (PIN) or a broker agrees to a pending exchange; the council then confirms it."""
    exchange = _pending(db, exchange_id)
    if exchange["authorised_method"]:
        raise TimeBankError("already_agreed", _("This exchange was already agreed; it is waiting for the council."))
    payer = _active(db, exchange["payer_id"])
    _check_authorisation(payer, authorisation)
    auth = authorisation.stamped()
    with db.atomic():
        spending.check_spend(db, payer, exchange["minutes"])
        db.execute("update tb_exchanges set authorised_by = ?, authorised_method = ?, authorised_at = ? "
                   "where id = ? and state = 'pending'", [auth.by, auth.method, auth.at, exchange_id])
        outbox.enqueue(db, OP_CONFIRM, {"exchange_id": exchange_id, "method": auth.method, "by": auth.by,
                                        "at": auth.at}, record_key=exchange_record_key(exchange_id))
        if auth.method != "pin":  # a staff member's approval (a member's own PIN is not a staff action)
            audit.record(db, auth.by, OP_CONFIRM, exchange_id)
    return get_exchange(db, exchange_id)


def reject_exchange(db: Database, exchange_id: str, *, broker: str, reason: str) -> None:
    """Ask the council to reject a pending claim (state changes when the council answers)."""
    exchange = _pending(db, exchange_id)
    auth = broker_authorisation(broker)
    if not (reason or "").strip():
        raise TimeBankError("reason_missing", _("Give a reason."))
    with db.atomic():
        outbox.enqueue(db, OP_REJECT, {"exchange_id": exchange["id"], "by": auth.by, "reason": reason.strip()},
                       record_key=exchange_record_key(exchange_id))
        audit.record(db, auth.by, OP_REJECT, exchange_id)


def reverse_exchange(db: Database, exchange_id: str, *, broker: str, reason: str) -> dict[str, Any]:
    """Undo a confirmed exchange by a new, linked exchange the other way (never an edit)."""
    original = get_exchange(db, exchange_id)
    if original is None:
        raise TimeBankError("unknown_exchange", _("We cannot find that exchange on this device."))
    if original["state"] != "confirmed":
        raise TimeBankError("reverse_unconfirmed", _(
            "Only a confirmed exchange can be reversed; a pending one can be rejected instead."))
    if original["kind"] == "reversal":
        raise TimeBankError("reverse_reversal", _("A reversal cannot itself be reversed; record a new exchange."))
    if db.execute("select 1 from tb_exchanges x where reverses_id = ? and state <> 'rejected' and not "
                  + REFUSED_SQL.format(x="x"), [exchange_id]).fetchone():
        raise TimeBankError("already_reversed", _("This exchange has already been reversed."))
    if not (reason or "").strip():
        raise TimeBankError("reason_missing", _("Give a reason for the reversal."))
    auth = broker_authorisation(broker)
    with db.atomic():
        audit.record(db, auth.by, OP_REVERSE, original["id"])
        return _write(db, kind="reversal", payer_id=original["payee_id"], payee_id=original["payer_id"],
                      minutes=original["minutes"], category=original["category"],
                      service_date=date.fromisoformat(original["service_date"]), recorded_by=auth.by,
                      description=original["description"],
                      authorisation=auth, reverses_id=original["id"], reason=reason, source="broker")
