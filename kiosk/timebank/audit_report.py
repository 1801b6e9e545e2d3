"""The time audit (seed report L791): who contributes, how much, when, where and why.

Counted from confirmed exchanges only, in a date range of service dates:

- **help** is kind ``transfer`` (time given to a member or an organisation, or
  an organisation crediting a volunteer); hours by category (why), by
  organisation involved (who), by hub where it was recorded (where) and by
  month (when);
- a confirmed **reversal** takes its original's minutes off again, under the
  original's category, hub, organisation and month (the audit counts what
  really happened, as the balances do);
- **active members**: people who gave or received help in the range;
- **given vs received**: minutes people gave and received, and how many people
  only gave, only received, or both;
- gifts between members and rewards redeemed, as totals.

The same SQL runs over the device's mirrored ledger (``device_report``, tables
``tb_*``) and the council's authoritative one (``council_report``, tables
``timebank_*``; portable SQL). Two grouped queries (three scans of the
exchanges, no per-row join to the accounts); tests/bench/bench_timebank_audit.py
compares it with a bare ``GROUP BY`` over a million entries.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from kiosk.i18n import N_, _

# Every confirmed exchange in the range, grouped (a reversal counts minus its original, with the
# original's date, category, hub and parties). Organisations are found with ``IN (subquery)``, which
# SQLite evaluates once into a temporary index: no join to the accounts per row. The payee gave the
# help, so help flows payee -> payer: 'mo' is a member helping an organisation (which paid them).
# ``state || ''`` keeps the planner from walking an index on (payer|payee, state) and fetching each
# row from the table in random order: the audit reads most of the ledger, so one plain scan is faster.
_GROUPED_SQL = """
    select kind, month, category, hub, org, direction,
           sum(minutes) as minutes, sum(exchanges) as exchanges from (
      select coalesce(o.kind, x.kind) as kind,
             substr(coalesce(o.service_date, x.service_date), 1, 7) as month,
             coalesce(o.category, x.category) as category,
             coalesce(o.hub_id, x.hub_id) as hub,
             case when coalesce(o.payer_id, x.payer_id) in (select id from {a} where kind = 'organisation')
                  then coalesce(o.payer_id, x.payer_id)
                  when coalesce(o.payee_id, x.payee_id) in (select id from {a} where kind = 'organisation')
                  then coalesce(o.payee_id, x.payee_id) end as org,
             case when coalesce(o.payer_id, x.payer_id) in (select id from {a} where kind = 'organisation')
                  then 'mo'
                  when coalesce(o.payee_id, x.payee_id) in (select id from {a} where kind = 'organisation')
                  then 'om' else 'mm' end as direction,
             case when x.kind = 'reversal' then -x.minutes else x.minutes end as minutes,
             case when x.kind = 'reversal' then -1 else 1 end as exchanges
      from {x} x left join {x} o on x.kind = 'reversal' and o.id = x.reverses_id
      where x.state || '' = 'confirmed' and coalesce(o.service_date, x.service_date) between :start and :end
    ) t group by 1, 2, 3, 4, 5, 6
"""

# Who took part in help exchanges, on which side (the caller keeps the people, drops organisations).
# DISTINCT over the (payer|payee, state) indexes lets SQLite skip ahead to the next person.
_PEOPLE_SQL = """
    select 'gave', person from (
        select distinct x.payee_id as person from {x} x
        where x.state || '' = 'confirmed' and x.kind = 'transfer' and x.service_date between :start and :end) g
    union all
    select 'received', person from (
        select distinct x.payer_id as person from {x} x
        where x.state || '' = 'confirmed' and x.kind = 'transfer' and x.service_date between :start and :end) r
"""

SECTIONS = {
    "total": N_("Total"),
    "category": N_("By category"),
    "organisation": N_("By organisation"),
    "hub": N_("By hub"),
    "month": N_("By month"),
    "people": N_("People"),
}


@dataclass
class AuditReport:
    start: str
    end: str
    help_minutes: int = 0
    help_exchanges: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_organisation: dict[str, int] = field(default_factory=dict)
    by_hub: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    member_to_member_minutes: int = 0
    member_to_organisation_minutes: int = 0  # members volunteering for organisations (credited by them)
    organisation_to_member_minutes: int = 0  # organisations helping members (who paid with credits)
    given_minutes: int = 0                   # help people gave (to members and organisations)
    received_minutes: int = 0                # help people received (from members and organisations)
    active_members: int = 0
    members_giving: int = 0
    members_receiving: int = 0
    donated_minutes: int = 0
    redeemed_minutes: int = 0
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # section -> key -> display label

    def label(self, section: str, key: str) -> str:
        return self.labels.get(section, {}).get(key, key)

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "labels"}
        out["by_organisation"] = {self.label("organisation", k): v for k, v in self.by_organisation.items()}
        out["by_hub"] = {self.label("hub", k): v for k, v in self.by_hub.items()}
        return out


def _bounds(start: date | str | None, end: date | str | None) -> tuple[str, str]:
    return (str(start) if start else "0000-01-01", str(end) if end else "9999-12-31")


def build(run: Callable[[str, dict[str, str]], Iterable[tuple]], exchanges: str, accounts: str,
          start: date | str | None = None, end: date | str | None = None) -> AuditReport:
    """The report from a query runner (``run(sql, params) -> rows``) over the named tables."""
    lo, hi = _bounds(start, end)
    params = {"start": lo, "end": hi}
    report = AuditReport(start=lo, end=hi)
    add = _adder
    for kind, month, category, hub, org, direction, minutes, count in run(
            _GROUPED_SQL.format(x=exchanges, a=accounts), params):
        minutes, count = int(minutes or 0), int(count or 0)
        if kind == "donation":
            report.donated_minutes += minutes
            continue
        if kind == "redemption":
            report.redeemed_minutes += minutes
            continue
        if kind != "transfer":
            continue  # a reversal of a reversal does not exist; of a gift or a reward: not help
        report.help_minutes += minutes
        report.help_exchanges += count
        add(report.by_category, category, minutes)
        add(report.by_hub, hub or "", minutes)
        add(report.by_month, month, minutes)
        if org:
            add(report.by_organisation, org, minutes)
        if direction == "mm":
            report.member_to_member_minutes += minutes
        elif direction == "mo":
            report.member_to_organisation_minutes += minutes
        else:
            report.organisation_to_member_minutes += minutes
    report.given_minutes = report.member_to_member_minutes + report.member_to_organisation_minutes
    report.received_minutes = report.member_to_member_minutes + report.organisation_to_member_minutes
    organisations = {row[0] for row in run(f"select id from {accounts} where kind = 'organisation'", {})}
    sides: dict[str, set[str]] = {"gave": set(), "received": set()}
    for side, person in run(_PEOPLE_SQL.format(x=exchanges), params):
        if person not in organisations:
            sides[side].add(person)
    report.members_giving, report.members_receiving = len(sides["gave"]), len(sides["received"])
    report.active_members = len(sides["gave"] | sides["received"])
    # A bucket whose help was all reversed is left out.
    report.by_month = {k: v for k, v in sorted(report.by_month.items()) if v}
    for name in ("by_category", "by_organisation", "by_hub"):
        bucket = getattr(report, name)
        setattr(report, name, {k: v for k, v in sorted(bucket.items(), key=lambda kv: (-kv[1], kv[0])) if v})
    return report


def _adder(bucket: dict[str, int], key: str, minutes: int) -> None:
    bucket[key] = bucket.get(key, 0) + minutes


def device_report(db: Any, start: date | str | None = None, end: date | str | None = None) -> AuditReport:
    """The audit over this device's mirrored ledger (what it has pulled and recorded)."""
    from kiosk.timebank.categories import DEFAULT_CATEGORIES, categories

    report = build(lambda sql, params: db.execute(sql, params).fetchall(), "tb_exchanges", "tb_accounts", start, end)
    names = {r["id"]: r["name"] for r in db.query(
        "select id, name from tb_accounts where kind = 'organisation'")}  # organisations are kept in clear
    known = {**{k: _(v) for k, v in DEFAULT_CATEGORIES.items()}, **categories(db)}
    report.labels = {"organisation": names, "category": known, "hub": _hub_names(db)}
    return report


def _hub_names(db: Any) -> dict[str, str]:
    """Hub names from the device's generic mirror (every pulled record is kept there)."""
    import json

    return {r["key"]: json.loads(r["data"]).get("name", r["key"])
            for r in db.query("select key, data from mirror where entity = 'hub'")}


def council_report(conn: Any, start: date | str | None = None, end: date | str | None = None) -> AuditReport:
    """The audit over the council's authoritative ledger (a SQLAlchemy connection)."""
    import sqlalchemy as sa

    report = build(lambda sql, params: conn.execute(sa.text(sql), params).all(),
                   "timebank_exchanges", "timebank_accounts", start, end)
    names = dict(conn.execute(sa.text("select id, name from timebank_accounts where kind = 'organisation'")).all())
    hubs = dict(conn.execute(sa.text("select id, name from hubs")).all())
    categories = dict(conn.execute(sa.text("select id, name from timebank_categories")).all())
    report.labels = {"organisation": names, "hub": hubs, "category": categories}
    return report


# --- for charts and CSV --------------------------------------------------------------


def chart_series(report: AuditReport) -> dict[str, list[tuple[str, float]]]:
    """Series for the screens to draw: ``{"month"|"category"|"organisation"|"hub": [(label, hours)]}``.

    Months are in order; the others largest first. Hours are minutes / 60, one decimal.
    """
    def series(section: str, bucket: dict[str, int]) -> list[tuple[str, float]]:
        return [(report.label(section, key), round(minutes / 60, 1)) for key, minutes in bucket.items()]

    return {"month": series("month", report.by_month), "category": series("category", report.by_category),
            "organisation": series("organisation", report.by_organisation), "hub": series("hub", report.by_hub)}


def csv_rows(report: AuditReport) -> list[list[str]]:
    """Rows of ``section,item,minutes,hours`` (section keys are stable; items are display labels)."""
    rows = [["section", "item", "minutes", "hours"]]

    def add(section: str, item: str, minutes: int) -> None:
        rows.append([section, item, str(minutes), f"{minutes / 60:.2f}"])

    add("total", "help", report.help_minutes)
    for section, bucket in (("category", report.by_category), ("organisation", report.by_organisation),
                            ("hub", report.by_hub), ("month", report.by_month)):
        for key, minutes in bucket.items():
            add(section, report.label(section, key), minutes)
    add("direction", "member_to_member", report.member_to_member_minutes)
    add("direction", "organisation_to_member", report.organisation_to_member_minutes)
    add("direction", "member_to_organisation", report.member_to_organisation_minutes)
    add("people", "given", report.given_minutes)
    add("people", "received", report.received_minutes)
    rows.append(["people", "active_members", str(report.active_members), ""])
    rows.append(["people", "members_giving", str(report.members_giving), ""])
    rows.append(["people", "members_receiving", str(report.members_receiving), ""])
    add("other", "donated", report.donated_minutes)
    add("other", "redeemed", report.redeemed_minutes)
    return rows


def to_csv(report: AuditReport) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv_rows(report))
    return out.getvalue()


def to_text(report: AuditReport) -> str:
    """A short summary for a terminal."""
    from kiosk.timebank.amounts import format_minutes

    lo, hi = _bounds(None, None)
    if (report.start, report.end) == (lo, hi):
        title = _("Time audit, all dates")
    elif report.start == lo:
        title = _("Time audit up to {end}").format(end=report.end)
    elif report.end == hi:
        title = _("Time audit from {start}").format(start=report.start)
    else:
        title = _("Time audit {start} to {end}").format(start=report.start, end=report.end)
    lines = [title,
             _("Help exchanged: {time} in {count} exchanges").format(
                 time=format_minutes(report.help_minutes), count=report.help_exchanges),
             _("Active members: {count} ({giving} gave, {receiving} received)").format(
                 count=report.active_members, giving=report.members_giving, receiving=report.members_receiving),
             _("Given by members: {given}; received by members: {received}").format(
                 given=format_minutes(report.given_minutes), received=format_minutes(report.received_minutes))]
    for section, bucket in (("category", report.by_category), ("organisation", report.by_organisation),
                            ("hub", report.by_hub), ("month", report.by_month)):
        if bucket:
            lines.append("")
            lines.append(_(SECTIONS[section]))
            lines += [f"  {report.label(section, k)}: {format_minutes(v)}" for k, v in bucket.items()]
    return "\n".join(lines)
