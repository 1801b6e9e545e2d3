"""Sealed submissions: only the council can read the personal data a device sends."""

from __future__ import annotations

import base64
import json
import os
import stat
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings, strategies as st

from kiosk import mirror, sealing
from kiosk.counciltax.submissions import lookup, submit
from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from sync.server import sealing_keys
from sync.server import db as council_db
from sync.server.ops_counciltax import list_submissions

from security_kit import push_raw

ANSWERS = {"account_reference": "12345678", "full_name": "Zebedee Quartermaine", "address": "1 Acre Lane",
           "postcode": "sw2 5sg", "phone": "020 7926 1000", "email": "zq@example.com", "tenure": "tenant",
           "landlord_name": "Brixton Homes", "other_adults": False, "which_year": "this_year"}


def test_round_trip_and_tampering_is_detected():
    council = X25519PrivateKey.generate()
    payload = {"name": "Zebedee Quartermaine", "pence": 4210}
    envelope = sealing.seal(council.public_key(), payload, context=b"counciltax.request/1")
    text = json.dumps(envelope)
    assert "Zebedee" not in text and set(envelope) == {"sealed", "kid", "epk", "nonce", "ct"}
    assert sealing.unseal(council, envelope, context=b"counciltax.request/1") == payload
    # Each seal uses a fresh ephemeral key: the same data never looks the same twice.
    assert sealing.seal(council.public_key(), payload)["ct"] != sealing.seal(council.public_key(), payload)["ct"]
    with pytest.raises(sealing.Unsealable):  # replayed as another operation type
        sealing.unseal(council, envelope, context=b"timebank.member.register/1")
    flipped = bytearray(base64.b64decode(envelope["ct"]))
    flipped[3] ^= 1
    with pytest.raises(sealing.Unsealable):
        sealing.unseal(council, {**envelope, "ct": base64.b64encode(bytes(flipped)).decode()},
                       context=b"counciltax.request/1")
    with pytest.raises(sealing.Unsealable):  # another council's key
        sealing.unseal(X25519PrivateKey.generate(), envelope, context=b"counciltax.request/1")


def test_device_gets_the_key_at_enrolment_and_cannot_open_what_it_sealed(council, device, data_dir):
    app, _client = council
    db, _sync = device
    key_text = Settings(db)["council_public_key"]
    assert key_text == app.state.sealing_opener.public_key_text
    ref = submit(db, "twelve_instalments", ANSWERS)
    row = db["outbox"].get(lookup(db, ref)["op_id"])
    stored = json.loads(row["payload"])
    assert sealing.is_sealed(stored) and "Zebedee" not in row["payload"] and "12345678" not in row["payload"]
    # Nothing on the device opens it: the council's private key is nowhere in its files
    # (and a key made on the device, standing in for anything it could try, fails).
    pem = (Path(str(app.state.engine.url.database)).parent / sealing_keys.KEY_FILENAME).read_bytes()
    private = serialization.load_pem_private_key(pem, password=None).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    db.execute("pragma wal_checkpoint(truncate)")
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert private not in blob and base64.b64encode(private) not in blob and pem not in blob
    with pytest.raises(sealing.Unsealable):
        sealing.unseal(X25519PrivateKey.generate(), stored, context=sealing.context_for("counciltax.request", 1))


def test_sealed_request_reaches_the_council_readable_and_status_comes_back(council, device):
    app, _client = council
    db, sync = device
    ref = submit(db, "twelve_instalments", ANSWERS)
    summary = sync.cycle()
    assert summary["applied"] == 1 and summary["rejected"] == 0, summary
    with council_db.reading(app.state.engine) as conn:
        [received] = list_submissions(conn)
        answers = conn.execute(council_db.sa.text(
            "select answers from counciltax_submissions where reference = :r"), {"r": ref}).scalar_one()
    assert received["reference"] == ref
    assert "Zebedee Quartermaine" in answers  # the council reads what the device cannot
    assert lookup(db, ref)["status"] == "received"
    # Acknowledged: the device keeps only the reference and status.
    assert db["outbox"].get(lookup(db, ref)["op_id"])["payload"] == "null"


def test_council_rejects_what_does_not_unseal(council, device):
    app, client = council
    db, sync = device
    submit(db, "twelve_instalments", ANSWERS)
    op = dict(next(db.query("select * from outbox where op_type = 'counciltax.request'")))
    sealed = json.loads(op["payload"])
    other = sealing.seal(X25519PrivateKey.generate().public_key(), {"x": 1}, context=b"counciltax.request/1")
    token = sync.credentials.get_token()
    device_id = Settings(db)["device_id"]
    base = {"record_key": None, "schema_version": 1, "op_type": "counciltax.request", "created_at": op["created_at"]}
    results = push_raw(client, device_id, token, [
        {**base, "op_id": str(uuid.uuid4()), "seq": 100, "payload": other},                        # another key
        {**base, "op_id": str(uuid.uuid4()), "seq": 101, "payload": {**sealed, "ct": sealed["ct"][:-8] + "AAAAAAA="}},
        {**base, "op_id": str(uuid.uuid4()), "seq": 102, "payload": {**sealed, "extra": "x"}},      # malformed
        {**base, "op_id": str(uuid.uuid4()), "seq": 103, "payload": sealed,
         "op_type": "feedback.rating"},                                                             # wrong op type
    ])
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert [r["reason"]["code"] for r in results] == ["unsealable"] * 4
    with council_db.reading(app.state.engine) as conn:
        assert list_submissions(conn) == []


def test_without_a_council_key_personal_data_is_refused(data_dir, monkeypatch):
    monkeypatch.delenv(sealing.UNSEALED_TEST_ENV, raising=False)
    db = open_db(device_db_path(data_dir))
    with pytest.raises(sealing.SealingUnavailable, match="encryption key"):
        submit(db, "twelve_instalments", ANSWERS)
    assert db["outbox"].count == 0 and db["counciltax_submission"].count == 0
    # The key also arrives by sync (pulled entity), not only at enrolment.
    council = X25519PrivateKey.generate()
    mirror.apply_page(db, [{"seq": 1, "entity": "council.public_key", "key": "sealing", "op": "upsert",
                            "data": {"public_key": sealing.public_key_text(council.public_key())}}], "v1.e.1")
    ref = submit(db, "twelve_instalments", ANSWERS)
    payload = json.loads(db["outbox"].get(lookup(db, ref)["op_id"])["payload"])
    assert sealing.unseal(council, payload, context=sealing.context_for("counciltax.request", 1))[
        "answers"]["full_name"] == "Zebedee Quartermaine"


def test_council_key_file_is_private_and_stable(tmp_path):
    folder = tmp_path / "council"
    first = sealing_keys.load_or_create(folder)
    path = folder / sealing_keys.KEY_FILENAME
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = sealing_keys.load_or_create(folder)
    assert sealing.public_key_text(again.public_key()) == sealing.public_key_text(first.public_key())


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=12)
_KEY = X25519PrivateKey.generate()


@settings(max_examples=30, deadline=None)
@given(payload=st.dictionaries(st.text(), JSON, max_size=6), context=st.binary(max_size=40))
def test_any_payload_round_trips_only_with_its_context(payload, context):
    envelope = sealing.seal(_KEY.public_key(), payload, context=context)
    assert sealing.unseal(_KEY, envelope, context=context) == payload
    with pytest.raises(sealing.Unsealable):
        sealing.unseal(_KEY, envelope, context=context + b"x")
