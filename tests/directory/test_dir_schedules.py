"""Opening times: split days, past midnight, monthly rules, the BST/GMT change, status text."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from kiosk import i18n
from kiosk.directory.schedules import is_open_at, opening_status, opening_table


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def period(weekday, opens, closes, **extra):
    return {"weekday": weekday, "nth": 0, "monthday": None, "interval": 1, "opens": opens, "closes": closes, **extra}


SPLIT_DAY = {"schedules": [period(0, "09:00", "12:00"), period(0, "13:00", "17:00"), period(2, "18:00", "20:30")]}


@pytest.mark.parametrize("moment, text", [
    ("2026-11-23 08:59", "Closed, opens today at 09:00"),          # Monday in GMT
    ("2026-11-23 09:00", "Open now, closes at 12:00"),
    ("2026-11-23 11:30", "Open now, closes in 30 minutes"),
    ("2026-11-23 12:00", "Closed, opens today at 13:00"),
    ("2026-11-23 16:59", "Open now, closes in 1 minute"),
    ("2026-11-23 17:00", "Closed, opens Wednesday 18:00"),
    ("2026-11-24 20:00", "Closed, opens tomorrow at 18:00"),
    ("2026-11-25 21:00", "Closed, opens Monday 09:00"),
])
def test_several_periods_a_day(moment, text):
    assert opening_status(SPLIT_DAY, utc(moment)).text() == text


def test_past_midnight_belongs_to_the_day_it_started():
    shelter = {"schedules": [period(4, "22:00", "02:00")]}  # Friday night
    assert is_open_at(shelter, utc("2026-11-27 23:00"))
    assert is_open_at(shelter, utc("2026-11-28 01:30"))     # Saturday 01:30, still Friday's session
    assert not is_open_at(shelter, utc("2026-11-28 02:00"))
    assert not is_open_at(shelter, utc("2026-11-26 23:00"))  # Thursday night: closed
    assert opening_status(shelter, utc("2026-11-27 23:00")).text() == "Open now, closes at 02:00"


def test_local_time_in_summer_not_utc():
    # 1 July 2026 is a Wednesday, London is on BST (UTC+1).
    service = {"schedules": [period(2, "09:00", "17:00")]}
    assert not is_open_at(service, utc("2026-07-01 16:30"))  # 17:30 by the London clock
    assert is_open_at(service, utc("2026-07-01 08:30"))      # 09:30 BST
    status = opening_status(service, utc("2026-07-01 08:30"))
    assert status.closes_at.strftime("%H:%M") == "17:00"
    assert status.closes_at.utcoffset().total_seconds() == 3600


def test_clocks_go_forward_day():
    # Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST.
    service = {"schedules": [period(6, "10:00", "16:00")]}
    assert is_open_at(service, utc("2026-03-29 09:30"))      # 10:30 BST
    assert not is_open_at(service, utc("2026-03-29 15:30"))  # 16:30 BST
    status = opening_status(service, utc("2026-03-29 08:00"))  # 09:00 BST
    assert status.text() == "Closed, opens today at 10:00"
    assert status.opens_at == datetime(2026, 3, 29, 9, 0, tzinfo=timezone.utc)


def test_clocks_go_back_night_is_an_hour_longer():
    # Saturday 24 October 2026 22:00 BST to Sunday 02:00 GMT is five real hours.
    service = {"schedules": [period(5, "22:00", "02:00")]}
    status = opening_status(service, utc("2026-10-24 21:30"))  # 22:30 BST
    assert status.is_open
    assert status.closes_at == datetime(2026, 10, 25, 2, 0, tzinfo=timezone.utc)
    assert is_open_at(service, utc("2026-10-25 01:30"))        # 01:30 GMT, second time round
    assert not is_open_at(service, utc("2026-10-25 02:00"))


def test_monthly_first_tuesday_and_last_saturday():
    cafe = {"schedules": [period(1, "14:00", "16:00", nth=1), period(5, "11:00", "15:00", nth=-1)]}
    assert is_open_at(cafe, utc("2026-12-01 14:30"))      # first Tuesday of December
    assert not is_open_at(cafe, utc("2026-12-08 14:30"))  # second Tuesday
    assert is_open_at(cafe, utc("2026-11-28 12:00"))      # last Saturday of November
    assert not is_open_at(cafe, utc("2026-11-21 12:00"))
    status = opening_status(cafe, utc("2026-12-02 10:00"))
    assert status.opens_at.date() == date(2026, 12, 26)   # last Saturday of December
    assert status.text() == "Closed, opens Saturday 26 December 11:00"


def test_day_of_month_and_fortnightly_rules():
    rules = {"schedules": [{"weekday": None, "nth": 0, "monthday": 15, "interval": 1, "opens": "10:00", "closes": "12:00"},
                           period(3, "18:00", "19:00", interval=2, dtstart="2026-11-05")]}
    assert is_open_at(rules, utc("2026-12-15 10:30"))
    assert is_open_at(rules, utc("2026-11-19 18:30"))      # two weeks after the start
    assert not is_open_at(rules, utc("2026-11-26 18:30"))  # the week in between


def test_valid_dates_and_closures():
    shelter = {"schedules": [period(d, "20:00", "08:00", valid_from="2026-11-01", valid_to="2027-03-31") for d in range(7)],
               "closures": [{"start_date": "2026-12-25", "end_date": "2026-12-25"}]}
    assert not is_open_at(shelter, utc("2026-10-20 21:00"))
    assert is_open_at(shelter, utc("2026-11-20 21:00"))
    assert not is_open_at(shelter, utc("2026-12-25 21:00"))
    assert is_open_at(shelter, utc("2026-12-25 07:00"))    # Christmas Eve's night still runs into the morning


def test_always_open_and_unknown():
    helpline = {"schedules": [period(d, "00:00", "23:59") for d in range(7)]}
    assert opening_status(helpline, utc("2026-11-22 03:00")).text() == "Open 24 hours"
    assert opening_status({"schedules": []}, utc("2026-11-22 03:00")).text() == "Opening times not known"


def test_opening_table_rows():
    service = {"schedules": [*SPLIT_DAY["schedules"], period(1, "14:00", "16:00", nth=1),
                             period(4, "09:00", "12:00", valid_to="2020-01-01")]}
    rows = opening_table(service, today=date(2026, 11, 22))
    assert [(r.label, r.periods_text()) for r in rows] == [
        ("Monday", "09:00–12:00, 13:00–17:00"), ("Tuesday", "Closed"), ("Wednesday", "18:00–20:30"),
        ("Thursday", "Closed"), ("Friday", "Closed"), ("Saturday", "Closed"), ("Sunday", "Closed"),
        ("First Tuesday of the month", "14:00–16:00"),
    ]


def test_day_names_follow_the_language():
    i18n.set_language("pt")
    status = opening_status(SPLIT_DAY, utc("2026-11-25 21:00"))
    assert "segunda-feira" in status.text()
    assert opening_table(SPLIT_DAY)[0].label == "segunda-feira"


def test_status_of_an_imported_service(demo_db):
    from kiosk.directory import query

    service = query.find_service(demo_db, "demo", next(
        r[0] for r in demo_db.execute("select oruk_id from directory_service where name = 'Council tax help desk'")))
    assert opening_status(service, utc("2026-11-23 10:00")).text() == "Open now, closes at 12:30"
    assert opening_status(service, utc("2026-11-23 12:45")).text() == "Closed, opens today at 13:30"
    assert opening_status(service, utc("2026-11-21 10:00")).text() == "Closed, opens Monday 09:00"
