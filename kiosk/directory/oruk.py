"""Read Open Referral UK feeds (ORUK 1.0 and ORUK/HSDS 3.0) into clean service records.

No database and no Qt here: the council service imports the same module. Real feeds
are dirty, so nothing in a record stops an import: a record that cannot be used is
*skipped* with a reason counted in the ``ImportReport``; a field that cannot be used is
dropped (and counted as a warning).

What is read, by version (both are accepted in either kind of file):

- paging envelopes: 1.0 ``{"content": [...], "totalElements", "totalPages", ...}``,
  3.0 ``{"contents": [...], "total_items", "total_pages", ...}``, a plain JSON array,
  or one service object;
- schedules: 1.0 ``regular_schedules`` (``weekday``/``opens_at``/``closes_at``, or
  ``byday``/``freq``), 3.0 ``schedules`` (``byday``, ``bymonthday``, ``freq``,
  ``interval``, ``dtstart``, ``valid_from``/``valid_to``), at service, location and
  service-at-location level; 1.0 ``holiday_schedules`` with ``closed``;
- taxonomy: 1.0 ``service_taxonomys``/``service_taxonomies``, 3.0 ``attributes`` with
  ``taxonomy_term``, or ``taxonomy_terms``;
- locations: 1.0 ``physical_addresses``/``accessibility_for_disabilities``, 3.0
  ``addresses``/``accessibility``, at ``service_at_locations[].location`` or ``locations``.

Privacy rules applied here, so that no store ever sees what it must not keep:

- only the public e-mail of the service and of its organisation is kept; vendor
  metadata (``metadata``, ``last_modified_by``, ``updated_by``, ``assurer_email``,
  editor fields...) is never copied, and an address found there is also refused
  as the public address;
- a confidential service (a refuge) keeps no address lines, location name or
  coordinates: only the postcode district, for an approximate distance.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterator

from kiosk.directory.text import clean_email, clean_text, clean_url, find_emails, had_markup
from kiosk.i18n import N_

# --- reasons and warnings in the import report ------------------------------------------

SKIP_REASONS: dict[str, str] = {
    "missing_id": N_("record has no id"),
    "missing_name": N_("service has no name"),
    "duplicate_id": N_("the same id appears more than once in this feed"),
    "broken_record": N_("record is not a service object"),
}
WARNINGS: dict[str, str] = {
    "html_cleaned": N_("HTML removed from text fields"),
    "staff_email_dropped": N_("staff e-mail addresses in vendor metadata not stored"),
    "bad_email": N_("unusable e-mail address dropped"),
    "bad_url": N_("unusable web address dropped"),
    "bad_coordinates": N_("unusable map position dropped"),
    "schedule_unreadable": N_("opening time that could not be read dropped"),
    "cost_unreadable": N_("cost that could not be read kept as text only"),
    "confidential_address_withheld": N_("address of a confidential service not stored"),
}
MAX_EXAMPLES = 5

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Keys of vendor metadata: people who edited the record. Never stored.
_STAFF_KEY = re.compile(
    r"metadata|modified_by|updated_by|created_by|edited_by|editor|assurer|author|owner|reviewer|submitted_by",
    re.IGNORECASE,
)
_CONFIDENTIAL_FLAGS = ("confidential", "is_confidential", "x_confidential", "x-confidential",
                       "address_confidential", "hide_address", "confidential_address")
_CONFIDENTIAL_WORDS = re.compile(r"\b(confidential|refuges?)\b", re.IGNORECASE)
_STEP_FREE_YES = re.compile(r"step[- ]?free|wheelchair|level access|ramp|\blift\b|accessible entrance", re.I)
_STEP_FREE_NO = re.compile(
    r"\bno (step[- ]?free|wheelchair|level|lift|ramp)|not (step[- ]?free|wheelchair|accessible)|"
    r"stairs only|steps only|no disabled access|inaccessible", re.I)
_POSTCODE = re.compile(r"^\s*([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})?\s*$", re.IGNORECASE)
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2})(?:\.\d+)?)?\s*(am|pm)?\s*(z|[+-]\d{2}:?\d{2})?\s*$",
                   re.IGNORECASE)
_BYDAY = re.compile(r"^\s*([+-]?\d)?\s*(MO|TU|WE|TH|FR|SA|SU)\s*$", re.IGNORECASE)
_FREE_WORDS = re.compile(r"\b(free|no charge|no cost|without charge)\b", re.IGNORECASE)
_TRUE = {"true", "yes", "y", "1"}


@dataclass
class ImportReport:
    """What happened to each record of a feed; nothing is ever silently lost."""

    feed: str = ""
    version: str = "unknown"
    records: int = 0
    imported: int = 0
    updated: int = 0
    removed: int = 0
    confidential: int = 0
    skipped: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    total_declared: int | None = None
    pages_declared: int | None = None

    def skip(self, reason: str, example: str) -> None:
        self.skipped[reason] += 1
        self._example(reason, example)

    def warn(self, reason: str, example: str, count: int = 1) -> None:
        self.warnings[reason] += count
        self._example(reason, example)

    def _example(self, reason: str, example: str) -> None:
        bucket = self.examples.setdefault(reason, [])
        if len(bucket) < MAX_EXAMPLES:
            bucket.append(example[:200])

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "feed": self.feed,
            "version": self.version,
            "records": self.records,
            "imported": self.imported,
            "updated": self.updated,
            "removed": self.removed,
            "skipped": dict(self.skipped),
            "skipped_total": self.skipped_total,
            "warnings": dict(self.warnings),
            "confidential": self.confidential,
            "examples": self.examples,
            "total_declared": self.total_declared,
            "pages_declared": self.pages_declared,
        }


class FeedError(ValueError):
    """The file as a whole is not an ORUK feed (a single bad record never raises this)."""


# --- envelopes ----------------------------------------------------------------------------

def records_of(document: Any, report: ImportReport | None = None) -> list[Any]:
    """The service records of a parsed JSON document, whatever its envelope."""
    report = report if report is not None else ImportReport()
    if isinstance(document, list):
        report.version = _guess_version(document)
        return document
    if not isinstance(document, dict):
        raise FeedError(N_("The file is not an Open Referral feed: expected a list of services or a page of them."))
    for key, version in (("contents", "3.0"), ("content", "1.0"), ("items", "unknown"),
                         ("services", "unknown"), ("data", "unknown")):
        items = document.get(key)
        if isinstance(items, list):
            report.version = version if version != "unknown" else _guess_version(items)
            report.total_declared = _int_or_none(document.get("total_items", document.get("totalElements")))
            report.pages_declared = _int_or_none(document.get("total_pages", document.get("totalPages")))
            return items
    if "id" in document or "name" in document:
        report.version = _guess_version([document])
        return [document]
    raise FeedError(N_("The file is not an Open Referral feed: expected a list of services or a page of them."))


def _guess_version(items: list[Any]) -> str:
    for item in items[:20]:
        if not isinstance(item, dict):
            continue
        if any(k in item for k in ("regular_schedules", "service_taxonomys", "eligibilitys", "holiday_schedules")):
            return "1.0"
        if any(k in item for k in ("schedules", "attributes", "last_modified", "fees_description")):
            return "3.0"
    return "unknown"


# --- field helpers --------------------------------------------------------------------------

def _list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None


def _float_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return isinstance(value, str) and value.strip().lower() in _TRUE


def _date(value: Any) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _identifier(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text[:200] if text and text.lower() not in ("null", "undefined") else None


def parse_time(value: Any) -> str | None:
    """'09:00', '9:00:00', '09.30', '5pm', '17:00Z' -> 'HH:MM' local wall-clock time.

    A zone suffix is ignored on purpose: UK feeds that write '09:00Z' mean nine by the
    clock all year round, not ten in summer.
    """
    text = clean_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        text = f"{text[:2]}:{text[2:]}"  # "0930"
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        return "24:00"
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_weekday(value: Any) -> int | None:
    """Monday=0 ... Sunday=6 from 'Monday', 'mon', 'MO', or HSDS 1.x integers (1=Monday, 7 or 0=Sunday)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        number = int(float(value))
        if 1 <= number <= 7:
            return number - 1
        if number == 0:
            return 6
        return None
    text = (clean_text(value) or "").lower()
    if not text:
        return None
    for index, name in enumerate(WEEKDAY_NAMES):
        if text == name or (len(text) >= 2 and name.startswith(text)) or text == ICAL_DAYS[index].lower():
            return index
    return None


def postcode_district(postcode: str | None) -> str | None:
    if not postcode:
        return None
    match = _POSTCODE.match(postcode)
    return match.group(1).upper() if match else None


def normalise_postcode(value: Any) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    match = _POSTCODE.match(text)
    if not match:
        return text.upper()[:12]
    outward, inward = match.group(1).upper(), (match.group(2) or "").upper()
    return f"{outward} {inward}".strip()


def amount_to_pence(value: Any) -> int | None:
    """'£2.50', '2.5', 3 -> integer pence (ROUND_HALF_UP); None when unreadable."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace("£", "").replace(",", "").replace("GBP", "").strip()
    if not text:
        return None
    if text.lower() in ("free", "none"):
        return 0
    try:
        pounds = Decimal(text)
    except InvalidOperation:
        return None
    if not pounds.is_finite() or pounds < 0 or pounds > 1_000_000:
        return None
    return int((pounds * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# --- the record -----------------------------------------------------------------------------

class SkipRecord(Exception):
    def __init__(self, reason: str, example: str):
        super().__init__(reason)
        self.reason = reason
        self.example = example


def _text(raw: dict[str, Any], key: str, report: ImportReport, sid: str, *, multiline: bool = False) -> str | None:
    value = raw.get(key)
    if had_markup(value):
        report.warn("html_cleaned", f"{sid}: {key}")
    return clean_text(value, multiline=multiline)


def staff_emails(raw: Any, *, depth: int = 0) -> set[str]:
    """E-mail addresses of editors and assurers found in vendor metadata of a record."""
    found: set[str] = set()
    if depth > 12:
        return found
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(key, str) and _STAFF_KEY.search(key):
                found |= find_emails(value)
            elif isinstance(value, (dict, list)):
                found |= staff_emails(value, depth=depth + 1)
    elif isinstance(raw, list):
        for item in raw:
            found |= staff_emails(item, depth=depth + 1)
    return found


def normalise_service(raw: Any, report: ImportReport, *, position: int = 0) -> dict[str, Any]:
    """One clean service record (JSON-serialisable), or ``SkipRecord`` with the reason."""
    if not isinstance(raw, dict):
        raise SkipRecord("broken_record", f"#{position}: {type(raw).__name__}")
    sid = _identifier(raw.get("id"))
    if sid is None:
        raise SkipRecord("missing_id", f"#{position}: {clean_text(raw.get('name')) or '?'}")
    name = _text(raw, "name", report, sid)
    if not name:
        raise SkipRecord("missing_name", f"{sid}")

    staff = staff_emails(raw)
    if staff:
        report.warn("staff_email_dropped", f"{sid}: {len(staff)}", count=len(staff))

    def public_email(value: Any, where: str) -> str | None:
        email = clean_email(value)
        if value not in (None, "") and email is None:
            report.warn("bad_email", f"{sid}: {where}")
        if email and email in staff:
            return None  # an editor's own address pasted into the public field
        return email

    def url(value: Any, where: str) -> str | None:
        result = clean_url(value)
        if clean_text(value) and result is None:
            report.warn("bad_url", f"{sid}: {where}")
        return result

    terms = _taxonomy_terms(raw)
    confidential = _is_confidential(raw, name, terms)
    organisation = _organisation(raw, report, sid, public_email, url)
    locations = _locations(raw, report, sid, confidential)
    schedules = _schedules(raw, report, sid)
    costs, is_free = _costs(raw, report, sid)
    min_age, max_age = _ages(raw)

    record: dict[str, Any] = {
        "id": sid,
        "name": name,
        "alternate_name": _text(raw, "alternate_name", report, sid),
        "description": _text(raw, "description", report, sid, multiline=True),
        "url": url(raw.get("url"), "url"),
        "email": public_email(raw.get("email"), "email"),
        "status": (clean_text(raw.get("status")) or "active").lower(),
        "fees_description": _text(raw, "fees_description", report, sid) or _text(raw, "fees", report, sid),
        "eligibility_description": _text(raw, "eligibility_description", report, sid, multiline=True),
        "application_process": _text(raw, "application_process", report, sid, multiline=True),
        "alert": _text(raw, "alert", report, sid),
        "minimum_age": min_age,
        "maximum_age": max_age,
        "assured_date": _date(raw.get("assured_date")),
        "last_modified": clean_text(raw.get("last_modified")),
        "confidential": confidential,
        "organization": organisation,
        "locations": locations,
        "schedules": schedules["periods"],
        "schedule_notes": schedules["notes"],
        "closures": schedules["closures"],
        "phones": _phones(raw.get("phones")),
        "contacts": _contacts(raw.get("contacts")),
        "cost_options": costs,
        "is_free": is_free,
        "languages": _languages(raw.get("languages")),
        "taxonomy_terms": terms,
    }
    if is_free is None and record["fees_description"] and _FREE_WORDS.search(record["fees_description"]):
        record["is_free"] = True
    if confidential:
        report.confidential += 1
    return record


def _is_confidential(raw: dict[str, Any], name: str, terms: list[dict[str, Any]]) -> bool:
    if any(_truthy(raw.get(flag)) for flag in _CONFIDENTIAL_FLAGS):
        return True
    for term in terms:
        if _CONFIDENTIAL_WORDS.search(" ".join(filter(None, (term.get("name"), term.get("code"))))):
            return True
    for link in _list(raw.get("service_at_locations")) + _list(raw.get("locations")):
        location = link.get("location") if isinstance(link.get("location"), dict) else link
        if any(_truthy(location.get(flag)) for flag in _CONFIDENTIAL_FLAGS):
            return True
    # A refuge's name says so; "refugee" does not match (word boundary).
    return bool(_CONFIDENTIAL_WORDS.search(name))


def _organisation(raw, report, sid, public_email, url) -> dict[str, Any] | None:
    org = raw.get("organization") or raw.get("organisation")
    if not isinstance(org, dict):
        oid = _identifier(raw.get("organization_id"))
        return {"id": oid, "name": None, "description": None, "email": None, "url": None} if oid else None
    return {
        "id": _identifier(org.get("id")) or _identifier(raw.get("organization_id")),
        "name": _text(org, "name", report, sid),
        "description": _text(org, "description", report, sid, multiline=True),
        "email": public_email(org.get("email"), "organization.email"),
        "url": url(org.get("website") or org.get("url"), "organization.url"),
    }


def _raw_locations(raw: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(location, service_at_location or None) pairs from every place a feed puts them."""
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for link in _list(raw.get("service_at_locations")):
        location = link.get("location")
        pairs.append((location if isinstance(location, dict) else {}, link))
    for location in _list(raw.get("locations")):
        pairs.append((location, None))
    return pairs


def _locations(raw, report, sid, confidential) -> list[dict[str, Any]]:
    result = []
    for location, link in _raw_locations(raw):
        addresses = _list(location.get("addresses")) + _list(location.get("physical_addresses"))
        if isinstance(location.get("address"), dict):
            addresses.append(location["address"])
        physical = [a for a in addresses if (clean_text(a.get("address_type")) or "physical") == "physical"]
        address = (physical or addresses or [{}])[0]
        postcode = normalise_postcode(address.get("postal_code") or address.get("postcode"))
        lat, lon = _float_or_none(location.get("latitude")), _float_or_none(location.get("longitude"))
        if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0)):
            report.warn("bad_coordinates", f"{sid}: {lat},{lon}")
            lat = lon = None
        accessibility = []
        for item in _list(location.get("accessibility")) + _list(location.get("accessibility_for_disabilities")):
            description = clean_text(item.get("description") or item.get("accessibility"))
            details = clean_text(item.get("details"), multiline=True)
            if description or details:
                accessibility.append({"description": description, "details": details, "url": clean_url(item.get("url"))})
        entry = {
            "id": _identifier(location.get("id")) or (_identifier(link.get("id")) if link else None),
            "name": clean_text(location.get("name")),
            "description": clean_text(location.get("description"), multiline=True),
            "address_1": clean_text(address.get("address_1")),
            "address_2": clean_text(address.get("address_2")),
            "city": clean_text(address.get("city")),
            "region": clean_text(address.get("region") or address.get("state_province")),
            "postcode": postcode,
            "country": clean_text(address.get("country")),
            "latitude": lat,
            "longitude": lon,
            "postcode_district": postcode_district(postcode),
            "accessibility": accessibility,
            "step_free": step_free(accessibility),
        }
        if confidential:
            if any(entry[k] for k in ("name", "address_1", "address_2", "latitude", "description")):
                report.warn("confidential_address_withheld", sid)
            entry = withhold_address(entry)
        if any(v for k, v in entry.items() if k not in ("accessibility", "step_free")) or accessibility:
            result.append(entry)
    return result


def withhold_address(location: dict[str, Any]) -> dict[str, Any]:
    """A confidential location: only its postcode district and accessibility survive."""
    return {
        **location,
        "name": None, "description": None, "address_1": None, "address_2": None,
        "postcode": None, "latitude": None, "longitude": None, "address_withheld": True,
    }


def step_free(accessibility: list[dict[str, Any]]) -> bool | None:
    text = " ".join(filter(None, (f"{a.get('description') or ''} {a.get('details') or ''}" for a in accessibility)))
    if not text.strip():
        return None
    if _STEP_FREE_NO.search(text):
        return False
    if _STEP_FREE_YES.search(text):
        return True
    return None


def _schedule_sources(raw: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str | None]]:
    for key in ("schedules", "regular_schedules"):
        for item in _list(raw.get(key)):
            yield item, None
    for location, link in _raw_locations(raw):
        location_id = _identifier(location.get("id"))
        for holder in (link or {}, location):
            for key in ("schedules", "regular_schedules"):
                for item in _list(holder.get(key)):
                    yield item, location_id


def _schedules(raw, report, sid) -> dict[str, list]:
    periods: list[dict[str, Any]] = []
    notes: list[str] = []
    seen: set[tuple] = set()
    for item, location_id in _schedule_sources(raw):
        note = clean_text(item.get("description")) or clean_text(item.get("notes"))
        opens, closes = parse_time(item.get("opens_at")), parse_time(item.get("closes_at"))
        freq = (clean_text(item.get("freq")) or "WEEKLY").upper()
        days: list[tuple[int, int]] = []  # (nth, weekday); nth 0 = every week
        byday = item.get("byday")
        if isinstance(byday, list):
            byday = ",".join(str(part) for part in byday)
        for part in (clean_text(byday) or "").split(","):
            match = _BYDAY.match(part) if part.strip() else None
            if match:
                nth = int(match.group(1) or 0) if freq == "MONTHLY" else 0
                days.append((nth, ICAL_DAYS.index(match.group(2).upper())))
        weekday = parse_weekday(item.get("weekday"))
        if weekday is not None and not days:
            days.append((0, weekday))
        monthdays = [d for d in (_int_or_none(p) for p in (clean_text(item.get("bymonthday")) or "").split(","))
                     if d is not None and 1 <= abs(d) <= 31]
        if opens is None or closes is None or (not days and not monthdays):
            if item.get("opens_at") or item.get("closes_at") or item.get("byday") or item.get("weekday"):
                report.warn("schedule_unreadable", f"{sid}: {clean_text(item.get('byday') or item.get('weekday'))} "
                                                   f"{clean_text(item.get('opens_at'))}-{clean_text(item.get('closes_at'))}")
            if note and note not in notes:
                notes.append(note)
            continue
        common = {
            "interval": max(1, min(_int_or_none(item.get("interval")) or 1, 52)),
            "dtstart": _date(item.get("dtstart")),
            "valid_from": _date(item.get("valid_from")),
            "valid_to": _date(item.get("valid_to") or item.get("until")),
            "opens": opens,
            "closes": closes,
            "location_id": location_id,
            "description": note,
        }
        for nth, day in days:
            period = {"weekday": day, "nth": nth, "monthday": None, **common}
            key = (day, nth, common["opens"], common["closes"], common["interval"], common["dtstart"],
                   common["valid_from"], common["valid_to"], location_id)
            if key not in seen:
                seen.add(key)
                periods.append(period)
        if not days:
            for monthday in monthdays:
                periods.append({"weekday": None, "nth": 0, "monthday": monthday, **common})
    closures = []
    for item in _list(raw.get("holiday_schedules")):
        start, end = _date(item.get("start_date")), _date(item.get("end_date"))
        if start and _truthy(item.get("closed")):
            closures.append({"start_date": start, "end_date": end or start})
    return {"periods": periods, "notes": notes, "closures": closures}


def _phones(value: Any) -> list[dict[str, Any]]:
    phones = []
    for item in _list(value):
        number = clean_text(item.get("number"))
        if number and re.search(r"\d{3}", number):
            phones.append({
                "number": number[:40],
                "extension": clean_text(item.get("extension")),
                "type": clean_text(item.get("type")),
                "description": clean_text(item.get("description")),
            })
    return phones


def _contacts(value: Any) -> list[dict[str, Any]]:
    """Named contacts keep their name, title and phones; their e-mail is not kept (see module doc)."""
    contacts = []
    for item in _list(value):
        entry = {
            "name": clean_text(item.get("name")),
            "title": clean_text(item.get("title")),
            "department": clean_text(item.get("department")),
            "phones": _phones(item.get("phones")),
        }
        if entry["name"] or entry["title"] or entry["phones"]:
            contacts.append(entry)
    return contacts


def _costs(raw, report, sid) -> tuple[list[dict[str, Any]], bool | None]:
    costs = []
    for item in _list(raw.get("cost_options")):
        amount = amount_to_pence(item.get("amount"))
        option = clean_text(item.get("option"))
        description = clean_text(item.get("amount_description"))
        if item.get("amount") not in (None, "") and amount is None:
            report.warn("cost_unreadable", f"{sid}: {clean_text(item.get('amount'))}")
        if amount is None and not option and not description:
            continue
        costs.append({"option": option, "amount_pence": amount,
                      "currency": clean_text(item.get("currency")) or "GBP", "amount_description": description})
    amounts = [c["amount_pence"] for c in costs if c["amount_pence"] is not None]
    if any(a > 0 for a in amounts):
        return costs, False
    if amounts or any(_FREE_WORDS.search(f"{c['option'] or ''} {c['amount_description'] or ''}") for c in costs):
        return costs, True
    return costs, None


def _ages(raw: dict[str, Any]) -> tuple[int | None, int | None]:
    mins, maxes = [], []
    holders = [raw] + _list(raw.get("eligibilitys")) + _list(raw.get("eligibilities"))
    for holder in holders:
        low, high = _int_or_none(holder.get("minimum_age")), _int_or_none(holder.get("maximum_age"))
        if low is not None and 0 <= low <= 120:
            mins.append(low)
        if high is not None and 0 <= high <= 120:
            maxes.append(high)
    return (min(mins) if mins else None), (max(maxes) if maxes else None)


def _languages(value: Any) -> list[dict[str, Any]]:
    languages: list[dict[str, Any]] = []
    items: list[Any] = value if isinstance(value, list) else []
    for item in items:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            continue
        code = clean_text(item.get("code"))
        name = clean_text(item.get("name")) or clean_text(item.get("language"))
        if name and not code and re.fullmatch(r"[A-Za-z]{2,3}", name):
            code, name = name.lower(), None
        if code:
            code = code.lower()[:12]
            name = name or _language_name(code)
        if (code or name) and not any(l["code"] == code and l["name"] == name for l in languages):
            languages.append({"code": code, "name": name})
    return languages


@lru_cache(maxsize=512)
def _language_name(code: str) -> str | None:
    try:
        from babel import Locale

        return Locale.parse(code.replace("-", "_")).get_display_name("en")
    except Exception:  # babel raises several kinds for unknown codes; the name is optional
        return None


def _taxonomy_terms(raw: dict[str, Any]) -> list[dict[str, Any]]:
    terms: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    for attribute in _list(raw.get("attributes")):
        term = attribute.get("taxonomy_term")
        if isinstance(term, dict):
            candidates.append(term)
        elif attribute.get("taxonomy_term_id"):
            candidates.append({"id": attribute.get("taxonomy_term_id")})
    for key in ("service_taxonomys", "service_taxonomies"):
        for link in _list(raw.get(key)):
            term = link.get("taxonomy") or link.get("taxonomy_term")
            if isinstance(term, dict):
                candidates.append(term)
    candidates += _list(raw.get("taxonomy_terms"))
    for term in candidates:
        parent = term.get("parent_id", term.get("parent"))
        entry = {
            "id": _identifier(term.get("id")) or _identifier(term.get("code")),
            "code": clean_text(term.get("code")),
            "name": clean_text(term.get("name")),
            "vocabulary": clean_text(term.get("vocabulary") or term.get("taxonomy")),
            "parent_id": _identifier(parent.get("id") if isinstance(parent, dict) else parent),
        }
        if (entry["id"] or entry["name"]) and entry not in terms:
            terms.append(entry)
    return terms


def normalise_feed(document: Any, feed: str = "") -> tuple[list[dict[str, Any]], ImportReport]:
    """All usable services of a parsed feed, first occurrence of each id, and the report."""
    report = ImportReport(feed=feed)
    items = records_of(document, report)
    services: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, raw in enumerate(items):
        report.records += 1
        try:
            record = normalise_service(raw, report, position=position)
        except SkipRecord as skip:
            report.skip(skip.reason, skip.example)
            continue
        except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:
            report.skip("broken_record", f"#{position}: {type(exc).__name__}")
            continue
        if record["id"] in seen:
            report.skip("duplicate_id", record["id"])
            if record["confidential"]:
                report.confidential -= 1
            continue
        seen.add(record["id"])
        services.append(record)
    return services, report


# --- back to ORUK 3.0 (for the council service's read API and sync payloads) ------------------

def to_oruk3(record: dict[str, Any]) -> dict[str, Any]:
    """A normalised record as an ORUK/HSDS 3.0 service object; ``normalise_service`` reads it back.

    Extensions beyond 3.0: ``confidential`` (true for refuges) and ``holiday_schedules``
    (closed date ranges, as in ORUK 1.0). Withheld addresses stay withheld.
    """

    def schedule(period: dict[str, Any]) -> dict[str, Any]:
        monthly = bool(period.get("nth")) or period.get("monthday") is not None
        byday = None
        if period.get("weekday") is not None:
            byday = f"{period['nth']}{ICAL_DAYS[period['weekday']]}" if period.get("nth") else ICAL_DAYS[period["weekday"]]
        return {
            "freq": "MONTHLY" if monthly else "WEEKLY",
            "interval": period.get("interval") or 1,
            "byday": byday,
            "bymonthday": str(period["monthday"]) if period.get("monthday") is not None else None,
            "dtstart": period.get("dtstart"), "valid_from": period.get("valid_from"), "valid_to": period.get("valid_to"),
            "opens_at": period.get("opens"), "closes_at": period.get("closes"), "description": period.get("description"),
        }

    def location(entry: dict[str, Any]) -> dict[str, Any]:
        return {"location": {
            "id": entry.get("id"), "name": entry.get("name"), "description": entry.get("description"),
            "latitude": entry.get("latitude"), "longitude": entry.get("longitude"),
            "addresses": [{"address_1": entry.get("address_1"), "address_2": entry.get("address_2"),
                           "city": entry.get("city"), "region": entry.get("region"),
                           "postal_code": entry.get("postcode") or entry.get("postcode_district"),
                           "country": entry.get("country"), "address_type": "physical"}],
            "accessibility": list(entry.get("accessibility") or []),
        }}

    organisation = record.get("organization") or None
    return {
        "id": record["id"],
        "name": record["name"],
        "alternate_name": record.get("alternate_name"),
        "description": record.get("description"),
        "url": record.get("url"),
        "email": record.get("email"),
        "status": record.get("status") or "active",
        "fees_description": record.get("fees_description"),
        "eligibility_description": record.get("eligibility_description"),
        "application_process": record.get("application_process"),
        "alert": record.get("alert"),
        "minimum_age": record.get("minimum_age"),
        "maximum_age": record.get("maximum_age"),
        "assured_date": record.get("assured_date"),
        "last_modified": record.get("last_modified"),
        "confidential": bool(record.get("confidential")),
        "organization": None if organisation is None else {
            "id": organisation.get("id"), "name": organisation.get("name"),
            "description": organisation.get("description"), "email": organisation.get("email"),
            "website": organisation.get("url")},
        "phones": list(record.get("phones") or []),
        "contacts": list(record.get("contacts") or []),
        "schedules": [schedule(p) for p in record.get("schedules") or []],
        "holiday_schedules": [{"closed": True, **c} for c in record.get("closures") or []],
        "cost_options": [{"option": c.get("option"), "currency": c.get("currency"),
                          "amount": None if c.get("amount_pence") is None else f"{Decimal(c['amount_pence']) / 100:.2f}",
                          "amount_description": c.get("amount_description")} for c in record.get("cost_options") or []],
        "languages": list(record.get("languages") or []),
        "attributes": [{"taxonomy_term": dict(t)} for t in record.get("taxonomy_terms") or []],
        "service_at_locations": [location(l) for l in record.get("locations") or []],
    }
