"""A request made offline on a device reaches the council service and its status comes back."""

from __future__ import annotations

import json
import uuid

import pytest
from fastapi.testclient import TestClient

from kiosk import mirror
from kiosk.counciltax.submissions import lookup, submit
from kiosk.paths import device_db_path
from kiosk.store import open_db
from sync import protocol
from sync.server import db as council_db
from sync.server.app import create_app
from sync.server.ops_counciltax import StatusError, list_submissions, set_status

from ct_examples import VALID


@pytest.fixture
def council(tmp_path):
    app = create_app(tmp_path / "council", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app.state.engine, client
    app.state.engine.dispose()


def enrol(engine, client, hub_id="demo-hub-elm"):
    with council_db.writing(engine) as conn:
        code, _expires = council_db.new_enrolment_code(conn, hub_id, "assisted", 24)
    device_id = str(uuid.uuid4())
    response = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": device_id})
    assert response.status_code == 201, response.text
    return device_id, {"Authorization": f"Bearer {response.json()['device_token']}"}


def queued_ops(device_db):
    return [{"op_id": r["op_id"], "seq": r["seq"], "op_type": r["op_type"], "record_key": r["record_key"],
             "schema_version": r["schema_version"], "payload": json.loads(r["payload"]), "created_at": r["created_at"]}
            for r in device_db.query("select * from outbox where state = 'queued' order by seq")]


def pull_into(device_db, client, headers, cursor=None):
    body = client.get(protocol.PATH_PULL, params={"cursor": cursor} if cursor else {}, headers=headers).json()
    mirror.apply_page(device_db, body["changes"], body["cursor"])
    return body["cursor"]


def test_offline_request_syncs_and_its_status_comes_back(council, data_dir):
    engine, client = council
    device_db = open_db(device_db_path(data_dir))
    ref = submit(device_db, "direct_debit", VALID["direct_debit"])       # made offline: only queued
    assert lookup(device_db, ref)["status"] == "waiting"

    device_id, headers = enrol(engine, client)
    ops = queued_ops(device_db)
    results = client.post(protocol.PATH_PUSH, json={"device_id": device_id, "operations": ops},
                          headers=headers).json()["results"]
    assert results[0]["status"] == "applied" and results[0]["result"] == {"reference": ref, "status": "received"}
    cursor = pull_into(device_db, client, headers)
    assert lookup(device_db, ref)["status"] == "received"

    with council_db.writing(engine) as conn:
        assert [s["reference"] for s in list_submissions(conn)] == [ref]
        with pytest.raises(StatusError, match="say why"):
            set_status(conn, ref, "rejected")
        set_status(conn, ref, "rejected", "The account number does not match the payer")
    pull_into(device_db, client, headers, cursor)
    row = lookup(device_db, ref)
    assert (row["status"], row["status_reason"]) == ("rejected", "The account number does not match the payer")

    # The same operation sent again (answer lost) is a duplicate, not a second submission.
    again = client.post(protocol.PATH_PUSH, json={"device_id": device_id, "operations": ops},
                        headers=headers).json()["results"][0]
    assert again["duplicate"] is True
    with council_db.reading(engine) as conn:
        assert len(list_submissions(conn)) == 1


def test_the_council_refuses_what_it_cannot_use(council, data_dir):
    engine, client = council
    device_db = open_db(device_db_path(data_dir))
    submit(device_db, "direct_debit", {**VALID["direct_debit"], "sort_code": "00-11-22"})  # demo: unknown bank
    ops = queued_ops(device_db)
    bad_type = {**ops[0], "op_id": str(uuid.uuid4()), "seq": 2,
                "payload": {**ops[0]["payload"], "request_type": "free_money"}}
    bad_answer = {**ops[0], "op_id": str(uuid.uuid4()), "seq": 3,
                  "payload": {**ops[0]["payload"], "answers": {"favourite_colour": "green"}}}
    device_id, headers = enrol(engine, client)
    results = client.post(protocol.PATH_PUSH, json={"device_id": device_id, "operations": [*ops, bad_type, bad_answer]},
                          headers=headers).json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert results[0]["reason"]["code"] == "bank_details"
    assert "unknown request type" in results[1]["reason"]["message"]
    assert "favourite_colour" in results[2]["reason"]["message"]
    with council_db.reading(engine) as conn:
        assert list_submissions(conn) == []
