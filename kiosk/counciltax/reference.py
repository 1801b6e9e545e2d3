"""Human-friendly references made on the device: "CT-" + 8 characters + a check character.

The alphabet has no 0/O, 1/I/L or U/V pairs to confuse when read aloud or off a
screen, and 29 symbols - a prime, so a weighted check (weights 1..9, the whole
reference summing to 0 mod 29, as in ISBN-10 with mod 11) catches every single
wrong character and every swap of two neighbours. 29**8 (~5e11) random references
make a clash between two devices negligible; the council service still treats
the reference as a label and keys submissions on the operation id.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
PREFIX = "CT-"
BODY = 8


def _check_character(body: str) -> str:
    """The c that makes sum(w_i * v_i) + 9 * c == 0 (mod 29), weights 1..8 on the body."""
    n = len(ALPHABET)
    total = sum(weight * ALPHABET.index(char) for weight, char in enumerate(body, start=1))
    return ALPHABET[(-total * pow(BODY + 1, -1, n)) % n]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return PREFIX + body + _check_character(body)


def normalise(text: str) -> str | None:
    """'ct 7k3m q9rx q' -> 'CT-7K3MQ9RXQ'; None when it is not a valid reference."""
    compact = "".join(ch for ch in str(text).upper() if ch.isalnum())
    if compact.startswith("CT"):
        compact = compact[2:]
    if len(compact) != BODY + 1 or any(ch not in ALPHABET for ch in compact):
        return None
    body, check = compact[:BODY], compact[BODY]
    if _check_character(body) != check:
        return None
    return PREFIX + compact


def is_valid(text: str) -> bool:
    return normalise(text) is not None
