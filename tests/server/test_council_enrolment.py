"""Enrolment with one-time codes, bearer-token auth and revocation."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from council_testkit import enrol, make_code, rating_op

from sync import protocol
from sync.server import db


def test_enrolment_gives_a_token_for_the_codes_hub_and_mode(client, engine):
    code = make_code(engine, "demo-hub-riverside", "assisted")
    device_id = str(uuid.uuid4())
    response = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": device_id, "app_version": "0.1.0"})
    assert response.status_code == 201
    body = response.json()
    assert body["device_id"] == device_id
    assert body["hub"] == {"id": "demo-hub-riverside", "name": "Riverside GP Surgery (demo)"}
    assert body["mode"] == "assisted"
    assert body["council_name"] == "Demo Co-operative Council"
    assert len(body["device_token"]) >= 32


def test_code_is_accepted_without_dashes_and_in_lower_case(client, engine):
    code = make_code(engine).replace("-", "").lower()
    response = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": str(uuid.uuid4())})
    assert response.status_code == 201


def test_a_code_works_once(client, engine):
    code = make_code(engine)
    first = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": str(uuid.uuid4())})
    second = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": str(uuid.uuid4())})
    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["error"] == protocol.ERR_CODE_USED


def test_unknown_and_expired_codes(client, engine):
    unknown = client.post(protocol.PATH_ENROL, json={"code": "AAAA-BBBB-CCCC", "device_id": str(uuid.uuid4())})
    assert unknown.status_code == 404
    assert unknown.json()["error"] == protocol.ERR_INVALID_CODE
    expired_code = make_code(engine, expires_hours=-1)
    expired = client.post(protocol.PATH_ENROL, json={"code": expired_code, "device_id": str(uuid.uuid4())})
    assert expired.status_code == 410
    assert expired.json()["error"] == protocol.ERR_CODE_EXPIRED


def test_only_hashes_of_codes_and_tokens_are_stored(client, engine, council_dir):
    code = make_code(engine)
    token = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": str(uuid.uuid4())}).json()["device_token"]
    # The database file and its WAL, byte for byte.
    raw = b"".join(p.read_bytes() for p in council_dir.glob("council.sqlite3*"))
    assert token.encode() not in raw
    assert code.encode() not in raw and code.replace("-", "").encode() not in raw
    assert protocol.token_hash(token).encode() in raw


def test_missing_or_unknown_token_is_unauthorised(client, device):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
        response = client.get(protocol.PATH_PULL, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == protocol.ERR_UNAUTHORISED


def test_revoked_device_gets_device_revoked_everywhere(client, engine, device):
    with db.writing(engine) as conn:
        assert db.revoke_device(conn, device.id)
    answers = [
        device.push([rating_op(1)]),
        device.pull(),
        client.post(protocol.PATH_HEARTBEAT, json={"waiting": 1}, headers=device.headers),
    ]
    for response in answers:
        assert response.status_code == 401
        assert response.json()["error"] == protocol.ERR_DEVICE_REVOKED
    with db.reading(engine) as conn:
        assert db.operation_counts(conn, device.id) == {}


def test_re_enrolment_after_revocation_keeps_the_device_and_its_history(client, engine, device):
    assert device.push([rating_op(1)]).status_code == 200
    with db.writing(engine) as conn:
        db.revoke_device(conn, device.id)
    again = enrol(client, engine, device_id=device.id)
    assert device.pull().status_code == 401  # the old token stays dead
    assert again.pull().status_code == 200
    assert again.push([rating_op(2)]).json()["results"][0]["status"] == "applied"
    with db.reading(engine) as conn:
        assert db.operation_counts(conn, device.id) == {"applied": 2}
        assert conn.execute(sa.select(sa.func.count()).select_from(db.devices)).scalar() == 1


def test_push_for_another_device_is_refused(client, engine, device):
    other = enrol(client, engine)
    response = client.post(
        protocol.PATH_PUSH, json={"device_id": other.id, "operations": [rating_op(1)]}, headers=device.headers
    )
    assert response.status_code == 403
    assert response.json()["error"] == protocol.ERR_WRONG_DEVICE
