"""Corrected translation catalogues: checked, kept with every version, published to all devices.

Community translators correct the draft catalogues; a council officer publishes
a corrected .po with ``kiosk council catalogues publish LANG FILE.po``. It is
checked (``kiosk.catalogue_check``): a refused file changes nothing. An accepted
one becomes the language's next version in ``translation_catalogues`` (every
version is kept, with the file as sent and its report) and is published in the
same transaction as entity ``i18n.catalogue``, key the language, scope ``all``:

    {"language", "version", "digest", "published_at",
     "messages": {msgid: text}, "plurals": {msgid: {"msgid_plural", "forms"}}}

Publishing the same file again changes nothing. ``withdraw`` publishes a
tombstone: devices go back to the catalogue they shipped with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.catalogue_check import CheckedCatalogue, check_catalogue
from kiosk.timeutil import now_iso
from sync.server import db
from sync.server.db import Json, Time, metadata

ENTITY = "i18n.catalogue"  # kiosk.published_catalogues.ENTITY on the device

translation_catalogues = sa.Table(
    "translation_catalogues",
    metadata,
    sa.Column("language", sa.String(16), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),  # sha256 of the file as sent
    sa.Column("source_name", sa.String(300), nullable=False, server_default=""),
    sa.Column("po_text", sa.Text, nullable=False),
    sa.Column("messages", sa.Integer, nullable=False),
    sa.Column("report", Json),  # what was left out (fuzzy, untranslated, unknown)
    sa.Column("published_at", Time, nullable=False),
    sa.Column("withdrawn_at", Time),
)


@dataclass
class PublishResult:
    checked: CheckedCatalogue
    version: int | None = None  # None: refused
    unchanged: bool = False  # the same file as the version in use: nothing published


def latest(conn: Connection, language: str) -> Any | None:
    t = translation_catalogues
    return conn.execute(
        sa.select(t).where(t.c.language == language).order_by(t.c.version.desc()).limit(1)
    ).first()


def publish(conn: Connection, language: str, data: bytes, source_name: str = "",
            known: set[str] | None = None) -> PublishResult:
    """Check ``data`` (a .po file) and, if it passes, publish it as ``language``'s next version."""
    checked = check_catalogue(data, language, known)
    result = PublishResult(checked)
    if not checked.ok:
        return result
    digest = hashlib.sha256(data).hexdigest()
    previous = latest(conn, language)
    if previous is not None and previous.digest == digest and previous.withdrawn_at is None:
        result.version, result.unchanged = previous.version, True
        return result
    version = (previous.version + 1) if previous is not None else 1
    published_at = now_iso()
    conn.execute(translation_catalogues.insert().values(
        language=language, version=version, digest=digest, source_name=source_name[:300],
        po_text=data.decode("utf-8", errors="replace"), messages=checked.count,
        report={"skipped": [p.as_dict() for p in checked.skipped]}, published_at=published_at,
    ))
    db.publish(conn, ENTITY, language, {
        "language": language,
        "version": version,
        "digest": digest,
        "published_at": published_at,
        "messages": checked.messages,
        "plurals": checked.plurals,
    })
    result.version = version
    return result


def withdraw(conn: Connection, language: str) -> int | None:
    """Stop using the published catalogue of ``language``; the version withdrawn, None if there was none."""
    row = latest(conn, language)
    if row is None or row.withdrawn_at is not None:
        return None
    t = translation_catalogues
    conn.execute(t.update().where(t.c.language == language, t.c.version == row.version)
                 .values(withdrawn_at=now_iso()))
    db.tombstone(conn, ENTITY, language)
    return int(row.version)


def list_catalogues(conn: Connection) -> list[dict[str, Any]]:
    """Every published version, newest first within each language; ``in_use``: what devices get."""
    t = translation_catalogues
    rows = conn.execute(
        sa.select(t.c.language, t.c.version, t.c.digest, t.c.source_name, t.c.messages,
                  t.c.published_at, t.c.withdrawn_at).order_by(t.c.language, t.c.version.desc())
    ).all()
    out, seen = [], set()
    for row in rows:
        record = dict(row._mapping)
        record["in_use"] = row.language not in seen and row.withdrawn_at is None
        seen.add(row.language)
        out.append(record)
    return out
