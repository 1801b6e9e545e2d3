"""Staff PINs and their verifiers (shared by the council service and the devices).

The council never stores or publishes a PIN: it keeps and publishes a
*verifier*, ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>`` made with
``hashlib.scrypt`` (standard library, RFC 7914), a fresh 16-byte salt per
staff member, and n=2^15, r=8, p=1 (32 MiB of memory, about 0.1 s on a small
laptop: a slow, memory-hard guess for anyone holding a copy, quick enough for a
person signing in). The parameters travel inside the verifier, so they can be
raised later without breaking existing PINs.

Why scrypt rather than Argon2: it is in the standard library (no extra native
package on the kiosk image), it is memory-hard, and the time bank already uses
it for member PINs, so there is one slow hash to review.

A PIN is 6 to 12 digits, not one digit repeated and not a straight run
(``123456``, ``987654``): short PINs are what the lock-out protects on the
device; on a lost disk the verifier alone must hold out until the council
resets the PINs of that hub (the lost-laptop drill in docs/SECURITY.md).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from kiosk.i18n import _

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
PIN_MIN, PIN_MAX = 6, 12
_MAXMEM = 128 * 1024 * 1024


class PinPolicyError(ValueError):
    """A PIN that breaks the policy; the message is for the person choosing it."""


def _is_run(pin: str) -> bool:
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    return steps in ({1}, {-1})


def check_pin_policy(pin: str) -> str:
    pin = (pin or "").strip()
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise PinPolicyError(_("A staff PIN is {low} to {high} digits.").format(low=PIN_MIN, high=PIN_MAX))
    if len(set(pin)) == 1 or _is_run(pin):
        raise PinPolicyError(_("Choose a PIN that is not one digit repeated or a straight run like 123456."))
    return pin


def new_pin(length: int = 6) -> str:
    """A random PIN that passes the policy (shown once to the new member of staff)."""
    for _attempt in range(100):
        pin = "".join(secrets.choice("0123456789") for _digit in range(length))
        try:
            return check_pin_policy(pin)
        except PinPolicyError:
            continue
    raise RuntimeError("could not make a PIN")  # practically unreachable


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def make_verifier(pin: str) -> str:
    pin = check_pin_policy(pin)
    salt = secrets.token_bytes(16)
    digest = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, verifier: str | None) -> bool:
    """Constant-time comparison against a verifier; False for anything malformed."""
    if not verifier or not pin:
        return False
    try:
        scheme, n, r, p, salt_hex, digest_hex = verifier.split("$")
        if scheme != "scrypt" or int(n) > 2 ** 20 or int(r) > 32 or int(p) > 16:
            return False
        candidate = _derive(pin.strip(), bytes.fromhex(salt_hex), int(n), int(r), int(p))
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(candidate, bytes.fromhex(digest_hex))
