"""Member numbers: 9 random digits + 2 check digits (ISO 7064 MOD 97-10, as in IBANs).

Why MOD 97-10 rather than Luhn: Luhn misses the 09<->90 transposition; MOD 97-10
catches every single-digit error and every adjacent transposition (97 is prime
and larger than any digit difference times 9 or 10). It is one line of the
standard's arithmetic, so no library is needed for it.

Numbers are made on the device (offline), at random; the device checks its own
mirror and the council service rejects a number already in use (``number_taken``).

A USB QR scanner "types" the card's payload into whatever field has focus, so
``parse_member_number`` accepts the card text, a typed number with spaces or
dashes, scanner prefixes/suffixes, lower case, and a keyboard set to French
AZERTY (where the top row types ``&é"'(-è_çà`` instead of digits).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from kiosk.i18n import _
from kiosk.timebank.errors import TimeBankError

BODY_LENGTH = 9
NUMBER_LENGTH = BODY_LENGTH + 2
CARD_PREFIX = "CKTB:"  # Co-op Kiosk Time Bank; the QR carries only this and the number

_AZERTY_DIGITS = str.maketrans({"&": "1", "é": "2", '"': "3", "'": "4", "(": "5",
                                "-": "6", "è": "7", "_": "8", "ç": "9", "à": "0"})
_SEPARATORS = re.compile(r"[\s\-./·]+")
_AIM_ID = re.compile(r"^\][A-Za-z][0-9A-Za-z]")  # symbology identifier some scanners prepend


def check_digits(body: str) -> str:
    """The two ISO 7064 MOD 97-10 check digits for a string of digits."""
    if not body.isdigit():
        raise ValueError("digits only")
    return f"{98 - int(body + '00') % 97:02d}"


def is_valid(number: str) -> bool:
    return len(number) == NUMBER_LENGTH and number.isdigit() and int(number) % 97 == 1


def new_number() -> str:
    body = str(secrets.randbelow(9 * 10 ** (BODY_LENGTH - 1)) + 10 ** (BODY_LENGTH - 1))
    return body + check_digits(body)


def format_number(number: str) -> str:
    """Grouped for reading aloud and printing: ``1234 5678 901``."""
    return f"{number[:4]} {number[4:8]} {number[8:]}"


def card_payload(number: str) -> str:
    """Text for the membership card's QR code (no personal data in it)."""
    if not is_valid(number):
        raise ValueError("not a valid member number")
    return CARD_PREFIX + number


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \t")
    return _AIM_ID.sub("", text.strip())


def parse_member_number(text: str) -> str:
    """The 11-digit member number in typed or scanned ``text``, or TimeBankError."""
    cleaned = _clean(text or "")
    if not cleaned:
        raise TimeBankError("number_empty", _("Enter or scan a member number."))
    if not any(ch.isdigit() for ch in cleaned):
        cleaned = cleaned.translate(_AZERTY_DIGITS)
    upper = cleaned.upper()
    if upper.startswith(CARD_PREFIX) or upper.startswith(CARD_PREFIX.replace(":", ";")):
        cleaned = cleaned[len(CARD_PREFIX):]
    compact = _SEPARATORS.sub("", cleaned)
    if compact.isdigit():
        candidates = [compact]
    else:
        candidates = re.findall(r"\d+", compact)
    for candidate in candidates:
        if is_valid(candidate):
            return candidate
    digits = max(candidates, key=len) if candidates else ""
    if len(digits) != NUMBER_LENGTH:
        raise TimeBankError("number_length", _(
            "A member number has {expected} digits; this has {count}. Please check it.").format(
            expected=NUMBER_LENGTH, count=len(digits)))
    raise TimeBankError("number_check", _(
        "This member number is not right (a digit may be wrong or two swapped). Please check it."))
