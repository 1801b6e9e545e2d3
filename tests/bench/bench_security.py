"""Security benchmark: staff sign-in (scrypt), sealing a submission, field encryption, audit entries.

Each cost is compared with a floor measured in the same run: one SHA-256 of
the PIN for a scrypt PIN check (the ratio is the slowdown an offline guesser
pays per guess), a plain ``outbox.enqueue`` of the same payload for a sealed
one and for an audit entry, and ``json.dumps`` for a field encryption. Targets on the
project's 2-core machine: a staff sign-in under 1 s; sealing adds under 2 ms to
queuing a council-tax request.

Standalone: ``python -m tests.bench.bench_security``.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

TARGET_SIGN_IN_S = 1.0
TARGET_SEAL_EXTRA_MS = 2.0
PAYLOAD = {"submission_id": "00000000-0000-4000-8000-000000000000", "reference": "CT-7K3MQ9RXQ",
           "request_type": "direct_debit", "submitted_at": "2026-11-22T10:00:00.000000Z",
           "answers": {"full_name": "Ada Example", "address": "1 Example Road", "postcode": "SW2 5SG",
                       "phone": "020 7946 0000", "email": "ada@example.com", "sort_code": "30-94-57",
                       "account_number": "00733445", "dd_day": "15"}}


def _median_ms(fn: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk import audit, crypto, outbox, sealing
    from kiosk.staff_pins import check_pin, make_verifier
    from kiosk.store import open_db

    result: dict[str, Any] = {}
    verifier = make_verifier("40271895")
    scrypt_ms = _median_ms(lambda: check_pin("40271895", verifier), 5)
    sha_ms = _median_ms(lambda: hashlib.sha256(b"40271895").digest(), 200)
    result.update(sign_in_ms=round(scrypt_ms, 1), sha256_floor_ms=round(sha_ms, 5),
                  scrypt_over_sha256=round(scrypt_ms / max(sha_ms, 1e-6)),
                  sign_in_target_met=scrypt_ms / 1000 < TARGET_SIGN_IN_S)

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "device.sqlite3")
        sealing.store_public_key(db, sealing.public_key_text(X25519PrivateKey.generate().public_key()))
        n = 300

        def plain() -> None:
            with db.atomic():
                for _ in range(n):
                    outbox.enqueue(db, "counciltax.request", PAYLOAD)

        def sealed() -> None:
            with db.atomic():
                for _ in range(n):
                    sealing.enqueue_sealed(db, "counciltax.request", PAYLOAD)

        def audited() -> None:
            with db.atomic():
                for _ in range(n):
                    audit.record(db, "staff-1", "resident.act_for", "CT-7K3MQ9RXQ")

        plain_ms = _median_ms(plain, 3) / n
        sealed_ms = _median_ms(sealed, 3) / n
        audit_ms = _median_ms(audited, 3) / n
        result.update(enqueue_plain_ms=round(plain_ms, 3), enqueue_sealed_ms=round(sealed_ms, 3),
                      sealed_over_plain=round(sealed_ms / plain_ms, 2),
                      seal_target_met=sealed_ms - plain_ms < TARGET_SEAL_EXTRA_MS,
                      audit_record_ms=round(audit_ms, 3), audit_over_enqueue=round(audit_ms / plain_ms, 2))
        db.close()

    key = b"k" * 32
    aad = crypto.field_aad("tb_accounts", "name", "row-1")
    token = crypto.encrypt_field(key, "Ada Example", aad)
    encrypt_us = _median_ms(lambda: [crypto.encrypt_field(key, "Ada Example", aad) for _ in range(1000)], 5)
    decrypt_us = _median_ms(lambda: [crypto.decrypt_field(key, token, aad) for _ in range(1000)], 5)
    floor_us = _median_ms(lambda: [json.dumps("Ada Example") for _ in range(1000)], 5)
    result.update(field_encrypt_us=round(encrypt_us, 2), field_decrypt_us=round(decrypt_us, 2),
                  json_floor_us=round(floor_us, 2), decrypt_over_floor=round(decrypt_us / floor_us, 1))
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
