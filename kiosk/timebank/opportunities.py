"""The offers and requests board, and opportunities that organisations post (issue 6 item 7).

Three kinds of board entry, one table (``tb_board``):

- ``offer``: a member offers help ("I can help with gardening");
- ``request``: a member asks for help;
- ``opportunity``: an organisation (posted by staff: a broker or the
  organisation's worker at a staff device) asks for volunteers, with a place,
  a time (once, or every week on some days), places available, age limits and
  accessibility notes.

Every entry is made on a device (UUID), written with its outbox operation in
one ``db.atomic()``, validated again by the council (``sync/server/ops_opportunities.py``)
and published back through the change log (entity ``timebank.board.item``).
A withdrawn entry stays, marked ``withdrawn`` (a shortlist may point at it).

Personal data: a board entry names its poster only by **first name and member
number** (organisations by name and number). No phone, e-mail or address is
ever on the board: a time broker puts people in touch.

The member's shortlist (``tb_shortlist``) is synced (``timebank.shortlist.add``
/ ``.remove``) so it follows the member to every device of their hub.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, time
from typing import Any, Iterable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk import audit, outbox
from kiosk.i18n import N_, _
from kiosk.settings import Settings
from kiosk.timebank import members
from kiosk.timebank.categories import categories
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import LONDON, from_iso, now_iso, to_iso

migrations = Migrations("kiosk.timebank.opportunities")

OP_OFFER = "timebank.offer.post"
OP_REQUEST = "timebank.request.post"
OP_OPPORTUNITY = "timebank.opportunity.post"
OP_WITHDRAW = "timebank.offer.withdraw"  # withdraws any board entry (offer, request or opportunity)
OP_SHORTLIST_ADD = "timebank.shortlist.add"
OP_SHORTLIST_REMOVE = "timebank.shortlist.remove"
POST_OPS = {"offer": OP_OFFER, "request": OP_REQUEST, "opportunity": OP_OPPORTUNITY}

ENTITY_ITEM = "timebank.board.item"
ENTITY_SHORTLIST = "timebank.board.shortlist"

KINDS = ("offer", "request", "opportunity")
KIND_LABELS = {"offer": N_("Offer"), "request": N_("Request"), "opportunity": N_("Opportunity")}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = {"mon": N_("Monday"), "tue": N_("Tuesday"), "wed": N_("Wednesday"), "thu": N_("Thursday"),
              "fri": N_("Friday"), "sat": N_("Saturday"), "sun": N_("Sunday")}
TITLE_MAX, DESCRIPTION_MAX, TEXT_MAX = 120, 2000, 500

# Fields of a board entry as it travels (device -> council -> devices). Only public fields.
ITEM_FIELDS = (
    "id", "kind", "title", "description", "category", "skills", "languages", "availability",
    "starts_at", "ends_at", "repeat_days", "start_time", "end_time", "place", "hub_id",
    "places_available", "min_age", "max_age", "accessibility", "poster_id", "poster_name",
    "poster_number", "posted_by", "posted_at", "status", "withdrawn_at", "withdrawn_by", "device_id",
)
LIST_FIELDS = ("skills", "languages", "repeat_days")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@migrations()
def m001_board(db):
    db.execute("""
        create table tb_board (
            id text primary key,
            kind text not null check (kind in ('offer', 'request', 'opportunity')),
            title text not null check (length(trim(title)) > 0),
            description text not null default '',
            category text not null,
            skills text not null default '[]',
            languages text not null default '[]',
            availability text not null default '',
            starts_at text,
            ends_at text,
            repeat_days text not null default '[]',
            start_time text,
            end_time text,
            place text not null default '',
            hub_id text not null default '',
            places_available integer,
            min_age integer,
            max_age integer,
            accessibility text not null default '',
            poster_id text not null,
            poster_name text not null,
            poster_number text not null,
            posted_by text not null,
            posted_at text not null,
            status text not null default 'open' check (status in ('open', 'withdrawn')),
            withdrawn_at text,
            withdrawn_by text,
            device_id text not null default '',
            origin text not null default 'device' check (origin in ('device', 'server'))
        )""")
    db.execute("create index tb_board_kind on tb_board(kind, status, posted_at)")
    db.execute("""
        create table tb_shortlist (
            member_id text not null,
            item_id text not null,
            added_at text not null,
            primary key (member_id, item_id)
        )""")


# --- helpers -------------------------------------------------------------------------------


def item_record_key(item_id: str) -> str:
    return f"{ENTITY_ITEM}:{item_id}"


def first_name(name: str) -> str:
    """What the board shows of a person: the first word of their name."""
    words = (name or "").split()
    return words[0][:40] if words else ""


def _text(value: str | None, limit: int, code: str, message: str, *, required: bool = False) -> str:
    text = " ".join((value or "").split()) if limit <= TEXT_MAX else (value or "").strip()
    if required and not text:
        raise TimeBankError(code, message)
    if len(text) > limit:
        raise TimeBankError(code + "_too_long", _("This is too long (at most {count} letters).").format(count=limit))
    return text


def _words(values: Iterable[str] | str | None) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    seen: list[str] = []
    for value in values or ():
        word = " ".join(str(value).split())[:80]
        if word and word.lower() not in (s.lower() for s in seen):
            seen.append(word)
    return seen[:30]


def _age(value: Any, what: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        age = int(str(value).strip())
    except ValueError:
        raise TimeBankError("age_format", _("{what} must be a whole number of years.").format(what=what)) from None
    if not 0 <= age <= 120:
        raise TimeBankError("age_range", _("{what} must be between 0 and 120.").format(what=what))
    return age


def decode(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for name in LIST_FIELDS:
        if isinstance(out.get(name), str):
            out[name] = json.loads(out[name])
    return out


def payload(item: dict[str, Any]) -> dict[str, Any]:
    """What travels to the council: the public fields only."""
    decoded = decode(item)
    return {name: decoded.get(name) for name in ITEM_FIELDS}


def _device(db: Database) -> tuple[str, str, str]:
    settings = Settings(db)
    return settings["device_id"], settings["hub_id"], settings["device_mode"]


def _poster(db: Database, poster_id: str, kind: str) -> dict[str, Any]:
    account = members.require_account(db, poster_id)
    if kind == "opportunity":
        if account["kind"] != "organisation":
            raise TimeBankError("poster_not_organisation", _("Opportunities are posted for an organisation."))
    elif account["kind"] != "person":
        raise TimeBankError("poster_not_member", _("Offers and requests are posted by members."))
    if account["status"] != "active":
        raise TimeBankError("poster_not_active", _(
            "This member cannot post yet: a time broker must approve them first."))
    return account


def _category(db: Database, code: str) -> str:
    code = (code or "").strip().lower()
    if code not in categories(db):
        raise TimeBankError("category_missing", _("Choose the kind of help."))
    return code


# --- posting -------------------------------------------------------------------------------


def post_offer(db: Database, member_id: str, **fields: Any) -> dict[str, Any]:
    """A member offers help. Fields: title, description, category, availability, skills, languages, place."""
    return _post(db, "offer", member_id, posted_by="member", **fields)


def post_request(db: Database, member_id: str, **fields: Any) -> dict[str, Any]:
    """A member asks for help (same fields as an offer)."""
    return _post(db, "request", member_id, posted_by="member", **fields)


def post_opportunity(db: Database, organisation_id: str, *, staff_id: str, **fields: Any) -> dict[str, Any]:
    """An organisation's opportunity, posted by staff (never from a self-service kiosk).

    Extra fields: ``starts_at``/``ends_at`` (aware datetimes, a one-off) or
    ``repeat_days`` (``mon``..``sun``) with ``start_time``/``end_time`` ("HH:MM",
    London time), ``places_available``, ``min_age``, ``max_age``, ``accessibility``.
    """
    if not (staff_id or "").strip():
        raise TimeBankError("staff_missing", _("Only staff can post an organisation's opportunity."))
    if _device(db)[2] == "kiosk":
        raise TimeBankError("not_on_kiosk", _("Opportunities are posted from a staff device, not a self-service kiosk."))
    return _post(db, "opportunity", organisation_id, posted_by=staff_id.strip(), **fields)


def _post(db: Database, kind: str, poster_id: str, *, posted_by: str, title: str = "", description: str = "",
          category: str = "", availability: str = "", skills: Iterable[str] | str = (),
          languages: Iterable[str] | str = (), place: str = "", starts_at: datetime | None = None,
          ends_at: datetime | None = None, repeat_days: Iterable[str] = (), start_time: str | None = None,
          end_time: str | None = None, places_available: Any = None, min_age: Any = None, max_age: Any = None,
          accessibility: str = "") -> dict[str, Any]:
    poster = _poster(db, poster_id, kind)
    device_id, hub_id, _mode = _device(db)
    item: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "title": _text(title, TITLE_MAX, "title_missing", _("Enter a short title."), required=True),
        "description": _text(description, DESCRIPTION_MAX, "description", ""),
        "category": _category(db, category),
        "skills": json.dumps(_words(skills), ensure_ascii=False),
        "languages": json.dumps(_words(languages), ensure_ascii=False),
        "availability": _text(availability, TEXT_MAX, "availability", ""),
        "starts_at": None, "ends_at": None, "repeat_days": "[]", "start_time": None, "end_time": None,
        "place": _text(place, 200, "place", ""),
        "hub_id": hub_id,
        "places_available": None, "min_age": None, "max_age": None,
        "accessibility": _text(accessibility, TEXT_MAX, "accessibility", ""),
        "poster_id": poster["id"],
        # Public board: a person is only a first name and a member number.
        "poster_name": first_name(poster["name"]) if poster["kind"] == "person" else poster["name"][:120],
        "poster_number": poster["number"],
        "posted_by": posted_by,
        "posted_at": now_iso(),
        "status": "open", "withdrawn_at": None, "withdrawn_by": None,
        "device_id": device_id,
        "origin": "device",
    }
    if kind == "opportunity":
        _schedule(item, starts_at, ends_at, repeat_days, start_time, end_time)
        if places_available not in (None, ""):
            places = str(places_available).strip()
            if not places.isdigit() or not 1 <= int(places) <= 10000:
                raise TimeBankError("places_range", _("Places available must be a whole number from 1."))
            item["places_available"] = int(places)
        item["min_age"] = _age(min_age, _("Youngest age"))
        item["max_age"] = _age(max_age, _("Oldest age"))
        if item["min_age"] is not None and item["max_age"] is not None and item["min_age"] > item["max_age"]:
            raise TimeBankError("age_order", _("The youngest age must not be above the oldest age."))
    with db.atomic():
        db["tb_board"].insert(item)
        outbox.enqueue(db, POST_OPS[kind], payload(item), record_key=item_record_key(item["id"]))
        if kind == "opportunity":
            audit.record(db, posted_by, OP_OPPORTUNITY, item["id"])
    return get_item(db, item["id"])


def _schedule(item: dict[str, Any], starts_at: datetime | None, ends_at: datetime | None,
              repeat_days: Iterable[str], start_time: str | None, end_time: str | None) -> None:
    days = [d for d in DAYS if d in {str(x).lower()[:3] for x in repeat_days or ()}]
    if starts_at is not None:
        if starts_at.tzinfo is None:
            starts_at = starts_at.replace(tzinfo=LONDON)  # what staff type is London time
        item["starts_at"] = to_iso(starts_at)
        if ends_at is not None:
            if ends_at.tzinfo is None:
                ends_at = ends_at.replace(tzinfo=LONDON)
            if ends_at <= starts_at:
                raise TimeBankError("ends_before_start", _("The end must be after the start."))
            item["ends_at"] = to_iso(ends_at)
    elif days:
        for value, code in ((start_time, "start_time"), (end_time, "end_time")):
            if value and not _TIME.match(value):
                raise TimeBankError(code, _("Give times as hours and minutes, like 09:30."))
        if start_time and end_time and end_time <= start_time:
            raise TimeBankError("ends_before_start", _("The end must be after the start."))
        item["repeat_days"] = json.dumps(days)
        item["start_time"], item["end_time"] = start_time or None, end_time or None
    else:
        raise TimeBankError("when_missing", _("Say when: a date and time, or the days of the week it happens."))


# --- withdrawing ---------------------------------------------------------------------------


def withdraw(db: Database, item_id: str, *, by: str) -> dict[str, Any]:
    """Take an entry off the board. ``by``: the poster's account id, or a staff id (staff devices only)."""
    item = get_item(db, item_id)
    if item is None:
        raise TimeBankError("unknown_item", _("We cannot find that entry on the board."))
    if item["status"] == "withdrawn":
        raise TimeBankError("already_withdrawn", _("This entry has already been taken off the board."))
    if by != item["poster_id"] and _device(db)[2] == "kiosk":  # staff act from staff devices only
        raise TimeBankError("not_poster", _("Only the member who posted this can take it off the board."))
    at = now_iso()
    with db.atomic():
        db.execute("update tb_board set status = 'withdrawn', withdrawn_at = ?, withdrawn_by = ? where id = ?",
                   [at, by, item_id])
        outbox.enqueue(db, OP_WITHDRAW, {"item_id": item_id, "by": by, "at": at}, record_key=item_record_key(item_id))
        if by != item["poster_id"]:
            audit.record(db, by, OP_WITHDRAW, item_id)
    return get_item(db, item_id)


# --- reading -------------------------------------------------------------------------------


def get_item(db: Database, item_id: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from tb_board where id = ?", [item_id]))
    return decode(rows[0]) if rows else None


def board(db: Database, kind: str | None = None, *, include_withdrawn: bool = False,
          limit: int = 500) -> list[dict[str, Any]]:
    """Board entries, newest first (open ones unless asked)."""
    where, params = [], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if not include_withdrawn:
        where.append("status = 'open'")
        # An entry the council refused (its post operation quarantined) stays on the device for staff,
        # but is not on the board: other devices will never see it.
        where.append("""not exists (select 1 from outbox o where o.record_key = ? || ':' || tb_board.id
                        and o.op_type in (?, ?, ?) and o.state = 'rejected')""")
        params += [ENTITY_ITEM, OP_OFFER, OP_REQUEST, OP_OPPORTUNITY]
    sql = "select * from tb_board" + (" where " + " and ".join(where) if where else "")
    sql += " order by posted_at desc, id limit ?"
    return [decode(r) for r in db.query(sql, [*params, limit])]


def public_view(item: dict[str, Any]) -> dict[str, Any]:
    """What a screen or printout may show: no ids of devices or staff."""
    hidden = {"device_id", "posted_by", "withdrawn_by", "origin", "poster_id"}
    return {k: v for k, v in item.items() if k not in hidden}


def when_text(item: dict[str, Any]) -> str:
    """When an opportunity happens, in words (London time)."""
    if item.get("starts_at"):
        start = from_iso(item["starts_at"]).astimezone(LONDON)
        text = _("{date} at {time}").format(date=start.strftime("%d/%m/%Y"), time=start.strftime("%H:%M"))
        if item.get("ends_at"):
            text += _(" until {time}").format(time=from_iso(item["ends_at"]).astimezone(LONDON).strftime("%H:%M"))
        return text
    days = item.get("repeat_days") or []
    if days:
        names = ", ".join(_(DAY_LABELS[d]) for d in days if d in DAY_LABELS)
        text = _("Every week: {days}").format(days=names)
        if item.get("start_time") and item.get("end_time"):
            text += _(", {start} to {end}").format(start=item["start_time"], end=item["end_time"])
        return text
    return item.get("availability") or ""


def start_local(item: dict[str, Any]) -> tuple[list[str], time | None]:
    """Days of the week and start time (London) an entry happens, for matching."""
    if item.get("starts_at"):
        start = from_iso(item["starts_at"]).astimezone(LONDON)
        return [DAYS[start.weekday()]], start.time()
    days = list(item.get("repeat_days") or [])
    start = item.get("start_time")
    return days, time.fromisoformat(start) if start else None


# --- the shortlist -------------------------------------------------------------------------


def shortlist(db: Database, member_id: str) -> list[dict[str, Any]]:
    """The member's shortlisted entries (withdrawn ones too, so they see what changed), newest first."""
    rows = db.query("""select b.* from tb_shortlist s join tb_board b on b.id = s.item_id
                       where s.member_id = ? order by s.added_at desc""", [member_id])
    return [decode(r) for r in rows]


def in_shortlist(db: Database, member_id: str, item_id: str) -> bool:
    return db.execute("select 1 from tb_shortlist where member_id = ? and item_id = ?",
                      [member_id, item_id]).fetchone() is not None


def shortlist_add(db: Database, member_id: str, item_id: str) -> bool:
    """Add an entry to the member's shortlist; False if it was there already."""
    members.require_account(db, member_id)
    if get_item(db, item_id) is None:
        raise TimeBankError("unknown_item", _("We cannot find that entry on the board."))
    if in_shortlist(db, member_id, item_id):
        return False
    at = now_iso()
    with db.atomic():
        db["tb_shortlist"].insert({"member_id": member_id, "item_id": item_id, "added_at": at})
        outbox.enqueue(db, OP_SHORTLIST_ADD, {"member_id": member_id, "item_id": item_id, "at": at},
                       record_key=f"{ENTITY_SHORTLIST}:{member_id}:{item_id}")
    return True


def shortlist_remove(db: Database, member_id: str, item_id: str) -> bool:
    if not in_shortlist(db, member_id, item_id):
        return False
    with db.atomic():
        db.execute("delete from tb_shortlist where member_id = ? and item_id = ?", [member_id, item_id])
        outbox.enqueue(db, OP_SHORTLIST_REMOVE, {"member_id": member_id, "item_id": item_id, "at": now_iso()},
                       record_key=f"{ENTITY_SHORTLIST}:{member_id}:{item_id}")
    return True


# --- the mirror (registered in kiosk.mirror.MIRROR_HOOKS for "timebank.board.") ------------


def apply_mirror_changes(db: Database, changes: list[dict[str, Any]]) -> None:
    for change in changes:
        data = change["data"]
        if change["entity"] == ENTITY_ITEM:
            if data is None:
                db.execute("delete from tb_board where id = ?", [change["key"]])
                continue
            row = {name: data.get(name) for name in ITEM_FIELDS}
            for name in LIST_FIELDS:
                row[name] = json.dumps(row[name] or [], ensure_ascii=False)
            for name in ("description", "availability", "place", "hub_id", "accessibility", "device_id"):
                row[name] = row[name] or ""
            existing = db.execute("select origin from tb_board where id = ?", [row["id"]]).fetchone()
            row["origin"] = existing[0] if existing else "server"
            db["tb_board"].upsert(row, pk="id")
        elif change["entity"] == ENTITY_SHORTLIST:
            member_id, _sep, item_id = change["key"].partition(":")
            if data is None:
                db.execute("delete from tb_shortlist where member_id = ? and item_id = ?", [member_id, item_id])
            else:
                db.execute("insert or ignore into tb_shortlist (member_id, item_id, added_at) values (?, ?, ?)",
                           [member_id, item_id, data.get("added_at") or now_iso()])


def clear_mirror(db: Database) -> None:
    """Cursor expired: everything comes again; keep only entries and shortlists still on their way."""
    db.execute("""delete from tb_shortlist where not exists (select 1 from outbox where state in ('queued', 'in_flight')
                  and record_key = ? || ':' || tb_shortlist.member_id || ':' || tb_shortlist.item_id)""",
               [ENTITY_SHORTLIST])
    db.execute("""delete from tb_board where origin = 'server' and id not in
                  (select substr(record_key, length(?) + 2) from outbox where state in ('queued', 'in_flight')
                   and record_key like ? || ':%')""", [ENTITY_ITEM, ENTITY_ITEM])
