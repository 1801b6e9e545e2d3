"""Sync protocol v1: constants and helpers shared by the device client and the council service.

docs/SYNC.md is the contract; this module is its executable part. Both sides
import it so limits, error codes and the cursor format cannot drift apart.
Standard library and ``kiosk.outbox`` only (the device does not install the server's packages).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# One definition of the operation hash for both sides (keys sorted, no spaces, UTF-8).
from kiosk.outbox import canonical_json, payload_hash  # noqa: F401  (re-exported)

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"

# Paths (relative to the service's base URL).
PATH_HEALTH = "/health"
PATH_ENROL = f"{API_PREFIX}/devices/enrol"
PATH_HEARTBEAT = f"{API_PREFIX}/devices/heartbeat"
PATH_PUSH = f"{API_PREFIX}/sync/push"
PATH_PULL = f"{API_PREFIX}/sync/pull"

# Limits.
MAX_PUSH_BATCH = 500
DEFAULT_PULL_LIMIT = 500
MAX_PULL_LIMIT = 1000
MAX_PAYLOAD_BYTES = 64 * 1024  # one operation's canonical payload
MAX_REQUEST_BYTES = 8 * 1024 * 1024  # one whole push body
ENROLMENT_CODE_HOURS = 24

# Device modes.
MODE_KIOSK, MODE_ASSISTED, MODE_OUTREACH = "kiosk", "assisted", "outreach"
MODES = (MODE_KIOSK, MODE_ASSISTED, MODE_OUTREACH)

# Request-level error codes: body {"error": code, "message": text}.
ERR_INVALID_REQUEST = "invalid_request"  # 422 malformed body or parameters
ERR_UNAUTHORISED = "unauthorised"  # 401 missing/unknown token
ERR_DEVICE_REVOKED = "device_revoked"  # 401 token of a revoked device
ERR_WRONG_DEVICE = "wrong_device"  # 403 body device_id is not the token's device
ERR_BATCH_TOO_LARGE = "batch_too_large"  # 413 more than MAX_PUSH_BATCH operations
ERR_REQUEST_TOO_LARGE = "request_too_large"  # 413 body over MAX_REQUEST_BYTES
ERR_INVALID_CODE = "invalid_code"  # 404 unknown enrolment code
ERR_CODE_USED = "code_used"  # 409 enrolment code already used
ERR_CODE_EXPIRED = "code_expired"  # 410 enrolment code past its expiry
ERR_CURSOR_EXPIRED = "cursor_expired"  # 410 unknown epoch / ahead of log / behind horizon
ERR_NOT_FOUND = "not_found"  # 404 no such path
ERR_METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
ERR_SERVICE_UNAVAILABLE = "service_unavailable"  # 503 retry later
ERR_INTERNAL = "internal_error"  # 500 the service itself is unwell

# Operation statuses in a push answer.
STATUS_APPLIED, STATUS_REJECTED, STATUS_CONFLICT = "applied", "rejected", "conflict"
OP_STATUSES = (STATUS_APPLIED, STATUS_REJECTED, STATUS_CONFLICT)

# Operation-level reason codes: {"code", "message"} in a result's "reason".
REASON_UNKNOWN_OP_TYPE = "unknown_op_type"
REASON_UNSUPPORTED_SCHEMA = "unsupported_schema_version"
REASON_INVALID_PAYLOAD = "invalid_payload"
REASON_PAYLOAD_TOO_LARGE = "payload_too_large"
REASON_OP_ID_REUSED = "op_id_reused"  # conflict: same op_id, different payload hash
REASON_DOMAIN_RULE = "domain_rule"  # a rule of the domain refused it (handlers may use finer codes)
REASON_UNSEALABLE = "unsealable"  # a sealed payload that the council's private key does not open

# Change-log entries.
CHANGE_UPSERT, CHANGE_DELETE = "upsert", "delete"
SCOPE_ALL = "all"

# Known operation types (the registry on the server is authoritative).
OP_FEEDBACK_RATING = "feedback.rating"

# Entities published in the change log.
ENTITY_HUB = "hub"
ENTITY_COUNCILTAX_CHARGES = "counciltax.charges"
ENTITY_TIMEBANK_CATEGORY = "timebank.category"
ENTITY_TIMEBANK_REWARD = "timebank.reward"
ENTITY_DIRECTORY_SERVICE = "directory.service"
ENTITY_COUNCIL_PUBLIC_KEY = "council.public_key"  # key "sealing": what personal data is sealed to
ENTITY_STAFF_ACCOUNT = "staff.account"  # scope hub: name, role, PIN verifier (never the PIN), active


def hub_scope(hub_id: str) -> str:
    return f"hub:{hub_id}"


def device_scope(device_id: str) -> str:
    return f"device:{device_id}"


def token_hash(secret: str) -> str:
    """What the service stores for a device token or enrolment code (never the secret)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class CursorError(ValueError):
    """The text is not a cursor of this protocol version."""


@dataclass(frozen=True)
class Cursor:
    epoch: str
    seq: int

    def encode(self) -> str:
        return encode_cursor(self.epoch, self.seq)


def encode_cursor(epoch: str, seq: int) -> str:
    """``v1.<service epoch>.<seq>``; devices treat it as opaque text."""
    if seq < 0:
        raise ValueError("cursor seq must not be negative")
    if not epoch or "." in epoch:
        raise ValueError("epoch must be non-empty and contain no '.'")
    return f"v{PROTOCOL_VERSION}.{epoch}.{seq}"


def decode_cursor(text: str) -> Cursor:
    parts = text.split(".")
    if len(parts) != 3 or parts[0] != f"v{PROTOCOL_VERSION}" or not parts[1]:
        raise CursorError(f"not a v{PROTOCOL_VERSION} cursor")
    if not parts[2].isdigit() or len(parts[2]) > 19:
        raise CursorError("cursor sequence is not a number")
    return Cursor(parts[1], int(parts[2]))


def error_body(code: str, message: str) -> dict[str, str]:
    return {"error": code, "message": message}
