"""The time bank: members, a double-entry ledger in minutes, recording and offline rules.

Device side only (no Qt). The council service's authoritative ledger lives in
``sync.server.ops_timebank``; this package mirrors it and queues the device's
own work in the outbox. See docs/TIME_BANK.md.
"""

from kiosk.timebank import options as options  # noqa: F401  (declares the settings)
