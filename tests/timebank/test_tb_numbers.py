"""Member numbers: check digits catch typing mistakes; scanner input is read robustly."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.timebank import numbers
from kiosk.timebank.errors import TimeBankError


def _single_digit_errors(number: str):
    for i, digit in enumerate(number):
        for other in "0123456789":
            if other != digit:
                yield number[:i] + other + number[i + 1:]


def _adjacent_transpositions(number: str):
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            yield number[:i] + number[i + 1] + number[i] + number[i + 2:]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=10 ** 8, max_value=10 ** 9 - 1))
def test_check_digits_catch_every_single_digit_error_and_adjacent_swap(body):
    number = str(body) + numbers.check_digits(str(body))
    assert numbers.is_valid(number)
    assert not any(numbers.is_valid(bad) for bad in _single_digit_errors(number))
    assert not any(numbers.is_valid(bad) for bad in _adjacent_transpositions(number))


def test_the_classic_luhn_blind_spot_09_90_is_caught():
    body = "120945678"
    number = body + numbers.check_digits(body)
    swapped = number.replace("09", "90", 1)
    assert swapped != number and not numbers.is_valid(swapped)


def test_new_numbers_are_valid_eleven_digits_and_grouped_for_reading():
    rng_numbers = {numbers.new_number() for _ in range(200)}
    assert len(rng_numbers) == 200
    for number in rng_numbers:
        assert numbers.is_valid(number) and len(number) == 11 and number[0] != "0"
    assert numbers.format_number("12345678901") == "1234 5678 901"


@pytest.mark.parametrize("typed", [
    "{n}",
    "CKTB:{n}",
    "cktb:{n}\r\n",          # scanner with caps lock off and an Enter suffix
    "]Q1CKTB:{n}\t",          # AIM symbology prefix and a Tab suffix
    "  {g}  ",                # typed from the card, with spaces
    "{d}",                   # typed with dashes
    "CKTB;{n}",              # colon typed on the wrong keyboard layout
    "{azerty}",              # scanner set to French AZERTY: top row without shift
])
def test_scanner_and_typed_input_finds_the_number(typed):
    number = numbers.new_number()
    text = typed.format(n=number, g=numbers.format_number(number), d="-".join(numbers.format_number(number).split()),
                        azerty=number.translate(str.maketrans("1234567890", "&é\"'(-è_çà")))
    assert numbers.parse_member_number(text) == number


def test_bad_numbers_get_a_clear_reason():
    number = numbers.new_number()
    wrong = number[:3] + str((int(number[3]) + 1) % 10) + number[4:]
    with pytest.raises(TimeBankError) as exc:
        numbers.parse_member_number(wrong)
    assert exc.value.code == "number_check"
    with pytest.raises(TimeBankError) as exc:
        numbers.parse_member_number(number[:-1])
    assert exc.value.code == "number_length" and "11" in exc.value.message
    with pytest.raises(TimeBankError) as exc:
        numbers.parse_member_number("  \r\n")
    assert exc.value.code == "number_empty"


def test_card_payload_carries_only_the_number():
    number = numbers.new_number()
    assert numbers.card_payload(number) == "CKTB:" + number
    with pytest.raises(ValueError):
        numbers.card_payload("12345678901" if not numbers.is_valid("12345678901") else "12345678902")


def test_random_garbage_never_crashes_the_parser():
    rng = random.Random(7)
    alphabet = "0123456789 -:;CKTBéà&\t\r\n]Q1"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        try:
            assert numbers.is_valid(numbers.parse_member_number(text))
        except TimeBankError:
            pass
