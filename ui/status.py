"""What the header's status area says: online or not, items waiting to sync, last sync.

``read_status`` is the one place the UI asks about sync: ``sync.client.status(db)``,
or the outbox counts alone if the sync client cannot be imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from kiosk import outbox
from kiosk.i18n import _, ngettext
from kiosk.settings import Settings
from kiosk.timeutil import from_iso, to_london


@dataclass(frozen=True)
class SyncStatus:
    connected: bool  # a council service is configured
    online: bool | None  # None: not known yet (no sync attempted)
    waiting: int
    quarantined: int = 0
    known: bool = True  # False: only the outbox was read (the sync state comes a moment later)
    last_sync_at: str | None = None  # UTC ISO time of the last successful sync


def _sync_client_status(db: Database) -> dict[str, Any] | None:
    try:
        from sync.client import status  # type: ignore[attr-defined]
    except ImportError:
        return None
    return status(db)


def read_status(db: Database, settings: Settings, *, quick: bool = False) -> SyncStatus:
    """``quick``: the outbox only, without loading the sync client (which brings in the
    HTTP stack) — so the start screen is up before it is."""
    connected = bool(settings["council_url"])
    reported = None if quick else _sync_client_status(db)
    if reported is not None:
        tried = reported.get("last_sync_at") or reported.get("last_attempt_at")
        return SyncStatus(
            connected=connected,
            online=reported.get("online") if tried else None,
            waiting=int(reported.get("waiting", 0)),
            quarantined=int(reported.get("quarantined", 0)),
            last_sync_at=reported.get("last_sync_at"),
        )
    counts = outbox.counts(db)
    return SyncStatus(connected=connected, online=None, waiting=counts["waiting"],
                      quarantined=counts["quarantined"], known=not quick)


def describe(status: SyncStatus) -> str:
    """One line for the header, in the current language."""
    if not status.connected:
        state = _("Not connected")
    elif not status.known:
        state = _("Checking sync…")
    elif status.online is None:
        state = _("Not synced yet")
    elif status.online:
        state = _("Online")
    else:
        state = _("Offline")
    parts = [state]
    if status.waiting:
        parts.append(ngettext("{count} item waiting to sync", "{count} items waiting to sync",
                              status.waiting).format(count=status.waiting))
    else:
        parts.append(_("Nothing waiting to sync"))
    if status.last_sync_at:
        when = to_london(from_iso(status.last_sync_at)).strftime("%H:%M")
        parts.append(_("Last sync {time}").format(time=when))
    return " · ".join(parts)
