"""Encryption at rest: a per-device data key in the OS keyring, AES-256-GCM per field.

Personal data that must stay readable on the device (outside sealed outbox
payloads, see ``kiosk.sealing``) is stored as ``encrypt_field(key, text, aad)``:
``"enc1:" + base64(nonce(12) || ciphertext || tag(16))``. The associated data
is ``field_aad(table, column, row_id)``, so a value copied into another row or
column does not decrypt. The database file and its WAL then hold only
ciphertext; the key lives in the OS keyring, not on the disk next to them.

The data key is 32 random bytes, kept in the keyring under the service
``coop-kiosk`` and the user name ``data-key:<device id>``, chosen with the same
policy as the device token (``sync.credentials.select_backend``): a secure
system keyring, or the explicitly named test/demo backend
(``KIOSK_KEYRING_BACKEND``). With neither, ``data_key`` raises ``KeyUnavailable``
(a translated message) and the caller must refuse to store personal data.

Why field-level AES-GCM rather than SQLCipher: see docs/ARCHITECTURE.md
("Security").
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from kiosk.i18n import _

PREFIX = "enc1:"
KEY_BYTES = 32
_cache: dict[tuple[str, str], bytes] = {}


class KeyUnavailable(Exception):
    """No safe place for the data key; the device must not store personal data. Message for staff."""


class FieldDecryptError(ValueError):
    """A stored value that does not decrypt with this key and place (tampered, moved or another key)."""


def field_aad(table: str, column: str, row_id: str) -> bytes:
    return f"{table}\x1f{column}\x1f{row_id}".encode("utf-8")


def encrypt_field(key: bytes, text: str, aad: bytes) -> str:
    nonce = os.urandom(12)  # random 96-bit nonces: safe far beyond a device's number of writes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use, not at start-up

    sealed = AESGCM(key).encrypt(nonce, text.encode("utf-8"), aad)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt_field(key: bytes, token: str, aad: bytes) -> str:
    if not isinstance(token, str) or not token.startswith(PREFIX):
        raise FieldDecryptError("not an encrypted field")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = base64.b64decode(token[len(PREFIX):].encode("ascii"), validate=True)
        return AESGCM(key).decrypt(raw[:12], raw[12:], aad).decode("utf-8")
    except (binascii.Error, UnicodeError, InvalidTag, ValueError) as exc:
        raise FieldDecryptError("the field does not decrypt with this key here") from exc


def is_encrypted(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


# --- the data key ----------------------------------------------------------------------


def _username(device_id: str) -> str:
    return f"data-key:{device_id}"


def data_key(data_dir: Path, device_id: str, *, backend: Any = None) -> bytes:
    """This device's data key, made on first use; raises ``KeyUnavailable``."""
    from keyring.errors import KeyringError

    from sync.credentials import SERVICE_NAME, CredentialsUnavailable, select_backend

    cache_key = (str(Path(data_dir).resolve()), device_id)
    if backend is None and cache_key in _cache:
        return _cache[cache_key]
    if backend is None:
        try:
            backend, _named = select_backend(Path(data_dir))
        except CredentialsUnavailable as exc:
            raise KeyUnavailable(_(
                "This device will not store personal details: {reason}").format(reason=exc)) from None
    try:
        stored = backend.get_password(SERVICE_NAME, _username(device_id))
        if stored is None:
            key = os.urandom(KEY_BYTES)
            backend.set_password(SERVICE_NAME, _username(device_id), base64.b64encode(key).decode("ascii"))
        else:
            key = base64.b64decode(stored.encode("ascii"), validate=True)
    except KeyringError as exc:
        raise KeyUnavailable(_("The keyring could not be used for the data key: {error}").format(error=exc)) from None
    except (binascii.Error, UnicodeError):
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyUnavailable(_("The data key in the keyring is damaged; personal data on this device "
                               "cannot be read. Ask the council to re-enrol the device."))
    _cache[cache_key] = key
    return key


def forget_cached_keys() -> None:
    """Drop keys held in memory (a wiped session, tests)."""
    _cache.clear()


class FieldCipher:
    """Encrypts and decrypts one device's fields: ``cipher.encrypt("tb_accounts", "name", id, text)``."""

    def __init__(self, key: bytes):
        if len(key) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._key = key

    @classmethod
    def for_device(cls, data_dir: Path, device_id: str) -> "FieldCipher":
        return cls(data_key(data_dir, device_id))

    def encrypt(self, table: str, column: str, row_id: str, text: str) -> str:
        return encrypt_field(self._key, text, field_aad(table, column, row_id))

    def decrypt(self, table: str, column: str, row_id: str, token: str) -> str:
        return decrypt_field(self._key, token, field_aad(table, column, row_id))

    def encrypt_row(self, table: str, row: dict[str, Any], columns: Iterable[str], *, pk: str = "id") -> dict[str, Any]:
        """A copy of ``row`` with the text of ``columns`` encrypted (None and "" stay as they are)."""
        out = dict(row)
        for column in columns:
            value = out.get(column)
            if value not in (None, "") and not is_encrypted(value):
                out[column] = self.encrypt(table, column, str(row[pk]), str(value))
        return out

    def decrypt_row(self, table: str, row: dict[str, Any], columns: Iterable[str], *, pk: str = "id") -> dict[str, Any]:
        out = dict(row)
        for column in columns:
            if is_encrypted(out.get(column)):
                out[column] = self.decrypt(table, column, str(row[pk]), out[column])
        return out


def cipher_for(db: Database) -> FieldCipher:
    """The cipher of the device whose database file ``db`` is; raises ``KeyUnavailable``."""
    from kiosk.settings import Settings

    path = next((row[2] for row in db.execute("pragma database_list") if row[1] == "main"), "")
    if not path:
        raise KeyUnavailable(_("An in-memory database has no device data key."))
    return FieldCipher.for_device(Path(path).parent, Settings(db)["device_id"])
