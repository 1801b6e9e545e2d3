"""Members' personal details are encrypted at rest on the device (``kiosk.crypto``).

The columns ``name``, ``phone``, ``email``, ``postcode``, ``availability``,
``skills`` and ``interests`` of a *person* in ``tb_accounts`` are stored as
AES-GCM tokens bound to their row and column (skills and interests are free
text a member types about themselves; their JSON list is encrypted whole);
organisations' details are public and stay in clear. The data key
comes from the OS keyring for the database's folder (``FieldCipher.for_device``);
without a safe keyring the device refuses to store or show members
(``TimeBankError("no_data_key")``), as docs/SECURITY.md requires.

Because names are ciphertext, searching by name decrypts the hub's members in
Python (hundreds, not millions) instead of ``LIKE`` in SQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk import crypto
from kiosk.settings import Settings
from kiosk.timebank.errors import TimeBankError

TABLE = "tb_accounts"
PERSONAL_COLUMNS = ("name", "phone", "email", "postcode", "availability", "skills", "interests")
_ATTRIBUTE = "_timebank_cipher"


def use_cipher(db: Database, cipher: crypto.FieldCipher) -> None:
    """Give a database its cipher explicitly (in-memory databases in tests; a session that has the key)."""
    setattr(db, _ATTRIBUTE, cipher)


def cipher(db: Database) -> crypto.FieldCipher:
    cached = getattr(db, _ATTRIBUTE, None)
    if cached is not None:
        return cached
    row = db.execute("pragma database_list").fetchone()
    path = row[2] if row else ""
    if not path:
        raise TimeBankError("no_data_key", "in-memory database without a cipher (kiosk.timebank.privacy.use_cipher)")
    try:
        made = crypto.FieldCipher.for_device(Path(path).parent, Settings(db)["device_id"])
    except crypto.KeyUnavailable as exc:
        raise TimeBankError("no_data_key", str(exc)) from None
    use_cipher(db, made)
    return made


def seal_row(db: Database, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with a person's personal columns encrypted (for writing to ``tb_accounts``)."""
    if row.get("kind") != "person":
        return row
    field = cipher(db)
    out = dict(row)
    for column in PERSONAL_COLUMNS:
        value = out.get(column)
        if value and not crypto.is_encrypted(value):
            out[column] = field.encrypt(TABLE, column, row["id"], value)
    return out


def open_value(db: Database, account_id: str, column: str, value: Any) -> Any:
    if not crypto.is_encrypted(value):
        return value  # organisations, empty values, rows written before encryption
    try:
        return cipher(db).decrypt(TABLE, column, account_id, value)
    except crypto.FieldDecryptError:
        return ""  # another device's key or a damaged value: show nothing rather than fail


def open_row(db: Database, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for column in PERSONAL_COLUMNS:
        if column in out:
            out[column] = open_value(db, out["id"], column, out[column])
    return out
