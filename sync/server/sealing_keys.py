"""The council service's sealing key pair (X25519): devices seal personal data to its public key.

The private key lives in the service's data folder as ``council-sealing-key.pem``
(PKCS#8, created on first start with file mode 0600, never sent anywhere). Its
public key reaches devices in the enrolment answer and as the pulled entity
``council.public_key`` (key ``sealing``, scope all). Back the file up with the
database: without it, sealed operations still queued on devices cannot be opened
(they are rejected ``unsealable`` and stay in the devices' quarantine).

A service started without a data folder (only ``--database-url`` or an
injected engine, as some tests do) gets a key in memory only and logs a warning.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.engine import Engine

from kiosk import sealing
from sync.server import db

log = logging.getLogger(__name__)

KEY_FILENAME = "council-sealing-key.pem"
META_PUBLIC_KEY = "sealing_public_key"


class SealingKeyError(Exception):
    """The key file exists but cannot be used (for the operator; no traceback)."""


def load_or_create(data_dir: Path | str | None) -> X25519PrivateKey:
    if data_dir is None:
        log.warning("no data folder: the sealing key is kept in memory only (tests)")
        return X25519PrivateKey.generate()
    path = Path(data_dir) / KEY_FILENAME
    if not path.exists():
        key = X25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once never overwrite each other's key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            return key
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise SealingKeyError(f"The sealing key {path} cannot be read: {exc}") from exc
    if not isinstance(key, X25519PrivateKey):
        raise SealingKeyError(f"{path} is not an X25519 private key")
    if os.name == "posix" and path.stat().st_mode & 0o077:
        log.warning("%s is readable by other users; set its mode to 0600", path)
    return key


def publish_public_key(engine: Engine, key: X25519PrivateKey) -> bool:
    """Publish the public key to every device when it is new or changed; True if published."""
    text = sealing.public_key_text(key.public_key())
    with db.writing(engine) as conn:
        if db.get_meta(conn, META_PUBLIC_KEY) == text:
            return False
        db.set_meta(conn, META_PUBLIC_KEY, text)
        db.publish(conn, sealing.ENTITY_PUBLIC_KEY, sealing.PUBLIC_KEY_RECORD,
                   {"public_key": text, "algorithm": "X25519-HKDF-SHA256-AES256GCM", "kid": sealing.key_id(key.public_key())})
    return True


class Opener:
    """Opens sealed payloads for the push loop (``operations.apply_batch``)."""

    def __init__(self, key: X25519PrivateKey):
        self._key = key
        self.public_key_text = sealing.public_key_text(key.public_key())

    def __call__(self, op_type: str, schema_version: int, payload: dict[str, Any]) -> dict[str, Any]:
        return sealing.unseal(self._key, payload, context=sealing.context_for(op_type, schema_version))
