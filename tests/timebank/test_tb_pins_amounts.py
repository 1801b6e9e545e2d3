"""PINs are kept only as slow hashes; amounts and dates from paper are read or refused clearly."""

from datetime import date

import pytest

from kiosk.timebank import amounts, pins
from kiosk.timebank.errors import TimeBankError


def test_pin_hash_is_not_the_pin_and_verifies():
    stored = pins.hash_pin("4821")
    assert "4821" not in stored
    assert stored.startswith("scrypt$16384$8$1$")
    assert pins.looks_like_pin_hash(stored)
    assert pins.verify_pin("4821", stored)
    assert not pins.verify_pin("4822", stored)
    assert not pins.verify_pin("", stored)
    assert not pins.verify_pin("4821", None)
    # A fresh salt each time: the same PIN never gives the same stored text.
    assert pins.hash_pin("4821") != stored


@pytest.mark.parametrize("bad", ["12", "1234567", "12a4", "1111", "", "١٢٣٤"])
def test_pin_format_is_checked(bad):
    with pytest.raises(TimeBankError):
        pins.hash_pin(bad)


def test_pin_hash_checker_refuses_a_plain_pin():
    assert not pins.looks_like_pin_hash("4821")
    assert not pins.looks_like_pin_hash(None)


@pytest.mark.parametrize("text, minutes", [
    ("1.5", 90), ("1,5", 90), ("1:30", 90), ("90m", 90), ("90 mins", 90), ("1h30", 90), ("1h 30m", 90),
    ("2 hours", 120), ("0.25", 15), ("3", 180), (45, 45),
])
def test_hours_in_paper_formats(text, minutes):
    assert amounts.parse_minutes(text) == minutes


@pytest.mark.parametrize("text, code", [
    ("", "amount_empty"), ("abc", "amount_format"), ("0", "amount_not_positive"), ("-1", "amount_not_positive"),
    ("25", "amount_too_large"), ("1:75", "amount_format"), ("nan", "amount_format"),
])
def test_bad_hours_are_refused_with_a_reason(text, code):
    with pytest.raises(TimeBankError) as exc:
        amounts.parse_minutes(text)
    assert exc.value.code == code


def test_uk_and_iso_dates():
    today = date(2026, 11, 22)
    assert amounts.parse_service_date("03/04/2026", today=today) == date(2026, 4, 3)  # 3 April, not 4 March
    assert amounts.parse_service_date("2026-04-03", today=today) == date(2026, 4, 3)
    assert amounts.parse_service_date("03/04/26", today=today) == date(2026, 4, 3)
    assert amounts.parse_service_date("3-4-2026", today=today) == date(2026, 4, 3)
    for bad, code in [("31/02/2026", "date_format"), ("04/03/2027", "date_future"), ("01/01/2024", "date_too_old"),
                      ("", "date_empty"), ("April 3rd", "date_format")]:
        with pytest.raises(TimeBankError) as exc:
            amounts.parse_service_date(bad, today=today)
        assert exc.value.code == code


def test_minutes_shown_in_words():
    assert amounts.format_minutes(150) == "2 hours 30 minutes"
    assert amounts.format_minutes(60) == "1 hour"
    assert amounts.format_minutes(0) == "0 minutes"
    assert amounts.format_minutes(-90) == "-1 hour 30 minutes"
