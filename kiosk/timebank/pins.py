"""Member PINs, kept only as a slow salted hash (``hashlib.scrypt``).

Stored text: ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``; the cost travels with
the hash so it can be raised later without breaking old PINs. A 4-6 digit PIN
is a small space, so the hash alone is not the protection: the cost slows
guessing, the device locks a card after repeated wrong PINs, and the database
file is protected at rest by the privacy layer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from kiosk.i18n import _
from kiosk.timebank.errors import TimeBankError

# About 50 ms and 16 MiB on a small laptop: slow for a guesser, fine at a kiosk.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
PIN_MIN, PIN_MAX = 4, 6


def check_pin_format(pin: str) -> str:
    pin = (pin or "").strip()
    if not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX or not pin.isascii():
        raise TimeBankError("pin_format", _("A PIN is {low} to {high} digits.").format(low=PIN_MIN, high=PIN_MAX))
    if len(set(pin)) == 1:
        raise TimeBankError("pin_weak", _("Choose a PIN that is not the same digit repeated."))
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=128 * 1024 * 1024, dklen=32)


def hash_pin(pin: str) -> str:
    pin = check_pin_format(pin)
    salt = secrets.token_bytes(16)
    digest = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored or not pin:
        return False
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = _derive(pin.strip(), bytes.fromhex(salt_hex), int(n), int(r), int(p))
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(candidate, bytes.fromhex(digest_hex))


def looks_like_pin_hash(text: str | None) -> bool:
    """For the council service: a registration carries a hash, never a PIN."""
    if not text:
        return False
    parts = text.split("$")
    return (len(parts) == 6 and parts[0] == "scrypt" and all(x.isdigit() for x in parts[1:4])
            and len(parts[4]) == 32 and len(parts[5]) == 64)
