"""Sealed submissions: personal data sent to the council is encrypted to the council's public key.

Envelope encryption with one ephemeral key per message (ECIES):

* the council service has an X25519 key pair; devices know only the public
  key (from the enrolment answer and the pulled entity ``council.public_key``);
* ``seal`` makes a fresh X25519 key pair, derives a one-time AES-256 key from
  the shared secret with HKDF-SHA256 (bound to both public keys) and encrypts
  the canonical JSON of the payload with AES-256-GCM. The associated data names
  the operation type and schema version, so a sealed payload cannot be replayed
  as another kind of operation;
* the ephemeral private key is thrown away at once, so **the device cannot open
  what it sealed**: only the council's private key can.

Why ``cryptography`` and not PyNaCl's ``SealedBox``: ``cryptography`` is already
needed for field encryption at rest (AES-GCM), it is the most widely audited
Python crypto library (OpenSSL underneath), and X25519 + HKDF + AES-GCM are the
building blocks of HPKE (RFC 9180) base mode, so one dependency covers both.

Sealed payload (what the outbox stores and the council receives)::

    {"sealed": "v1", "kid": "<16 hex: sha256 of the council public key>",
     "epk": "<base64 ephemeral public key>", "nonce": "<base64>", "ct": "<base64>"}

When the device does not know the council's key yet, ``enqueue_sealed``
refuses (``SealingUnavailable``): personal data is never stored unsealed. The
one exception is the explicitly named, loudly logged test mode
``KIOSK_UNSEALED_TEST_MODE=1`` (unit tests of features that inspect their own
payloads); never set it on a real device.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlite_utils import Database

from kiosk import outbox
from kiosk.i18n import _

log = logging.getLogger(__name__)

VERSION = "v1"
ENTITY_PUBLIC_KEY = "council.public_key"  # pulled entity; key "sealing"
PUBLIC_KEY_RECORD = "sealing"
SETTING = "council_public_key"
UNSEALED_TEST_ENV = "KIOSK_UNSEALED_TEST_MODE"
_HKDF_INFO = b"coop-kiosk sealed payload v1"
_FIELDS = ("sealed", "kid", "epk", "nonce", "ct")


class SealingUnavailable(Exception):
    """This device cannot seal yet (no council key); the message is for staff and residents."""


class Unsealable(Exception):
    """A sealed payload that does not open with this key (wrong key, tampered, malformed)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise Unsealable("not base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise Unsealable("not base64 text") from exc


def _raw(public_key: X25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(public_key: X25519PublicKey) -> str:
    """How the key travels (enrolment answer, change log, settings): base64 of the 32 raw bytes."""
    return _b64(_raw(public_key))


def public_key_from_text(text: str) -> X25519PublicKey:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        return X25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise ValueError("not a council public key") from exc


def key_id(public_key: X25519PublicKey) -> str:
    return hashlib.sha256(_raw(public_key)).hexdigest()[:16]


def context_for(op_type: str, schema_version: int) -> bytes:
    """Associated data: a sealed payload opens only as the operation it was sealed for."""
    return f"{op_type}/{schema_version}".encode("utf-8")


def _derive(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO + epk + recipient).derive(shared)


def seal(public_key: X25519PublicKey, payload: dict[str, Any], *, context: bytes = b"") -> dict[str, str]:
    """Encrypt ``payload`` so that only the holder of the matching private key can read it."""
    ephemeral = X25519PrivateKey.generate()
    epk = _raw(ephemeral.public_key())
    key = _derive(ephemeral.exchange(public_key), epk, _raw(public_key))
    nonce = os.urandom(12)
    plaintext = outbox.canonical_json(payload).encode("utf-8")
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, context)
    return {"sealed": VERSION, "kid": key_id(public_key), "epk": _b64(epk), "nonce": _b64(nonce), "ct": _b64(ciphertext)}


def is_sealed(payload: Any) -> bool:
    """Whether ``payload`` claims to be sealed (it may still not open); plain payloads never have both keys."""
    return isinstance(payload, dict) and isinstance(payload.get("sealed"), str) and "ct" in payload


def unseal(private_key: X25519PrivateKey, envelope: dict[str, Any], *, context: bytes = b"") -> dict[str, Any]:
    """Open a sealed payload (council side); raises ``Unsealable``."""
    if not isinstance(envelope, dict) or set(envelope) != set(_FIELDS) or envelope["sealed"] != VERSION:
        raise Unsealable("not a v1 sealed payload")
    if envelope["kid"] != key_id(private_key.public_key()):
        raise Unsealable("sealed to another council key")
    epk, nonce, ciphertext = _unb64(envelope["epk"]), _unb64(envelope["nonce"]), _unb64(envelope["ct"])
    if len(epk) != 32 or len(nonce) != 12:
        raise Unsealable("malformed sealed payload")
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(epk))
        key = _derive(shared, epk, _raw(private_key.public_key()))
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, context)
        payload = json.loads(plaintext.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError) as exc:
        raise Unsealable("the sealed payload does not open with this key") from exc
    if not isinstance(payload, dict):
        raise Unsealable("a sealed payload holds a JSON object")
    return payload


# --- the device side ---------------------------------------------------------


def council_public_key(db: Database) -> X25519PublicKey | None:
    """The council's key as this device last heard it; None before enrolment or first sync."""
    from kiosk.settings import Settings

    text = Settings(db)[SETTING]
    if not text:
        return None
    try:
        return public_key_from_text(text)
    except ValueError:
        log.error("the stored council public key is not valid; sealing is unavailable")
        return None


def store_public_key(db: Database, text: str) -> bool:
    """Remember the council's key (enrolment answer or pulled entity); False if it is not a key."""
    from kiosk.settings import Settings

    try:
        public_key_from_text(text)
    except ValueError:
        log.error("ignored a council public key that is not valid")
        return False
    settings = Settings(db)
    if settings[SETTING] != text:
        settings[SETTING] = text
    return True


def unsealed_test_mode() -> bool:
    return os.environ.get(UNSEALED_TEST_ENV, "") == "1"


def enqueue_sealed(
    db: Database,
    op_type: str,
    payload: dict[str, Any],
    *,
    record_key: str | None = None,
    schema_version: int = 1,
) -> str:
    """Queue ``payload`` sealed to the council's key; runs inside the caller's ``db.atomic()``.

    Raises ``SealingUnavailable`` when this device has no council key yet
    (unless ``KIOSK_UNSEALED_TEST_MODE=1``), so nothing personal is stored in clear.
    """
    public_key = council_public_key(db)
    if public_key is None:
        if not unsealed_test_mode():
            raise SealingUnavailable(_(
                "This device has not yet received the council's encryption key, so it cannot keep personal "
                "details safely. Ask a member of staff to connect it to the council (sync) and try again."))
        log.warning("%s=1: storing a %s payload UNSEALED (test mode, never on a real device)",
                    UNSEALED_TEST_ENV, op_type)
        return outbox.enqueue(db, op_type, payload, record_key=record_key, schema_version=schema_version)
    sealed = seal(public_key, payload, context=context_for(op_type, schema_version))
    return outbox.enqueue(db, op_type, sealed, record_key=record_key, schema_version=schema_version)


# --- mirror hook (registered in kiosk.mirror.MIRROR_HOOKS for "council.") ---------------


def apply_mirror_changes(db: Database, changes: list[dict[str, Any]]) -> None:
    for change in changes:
        if change["entity"] != ENTITY_PUBLIC_KEY or change["key"] != PUBLIC_KEY_RECORD:
            continue
        data = change["data"]
        # A tombstone keeps the last key: without one the device could not submit at all.
        if isinstance(data, dict) and isinstance(data.get("public_key"), str):
            store_public_key(db, data["public_key"])
