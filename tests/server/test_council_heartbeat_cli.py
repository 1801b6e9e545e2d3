"""Heartbeat, and the officer's CLI: enrol (with QR), devices, hubs, revoke."""

from __future__ import annotations

import json
from datetime import timedelta

import zxingcpp
from council_testkit import rating_op
from PIL import Image

from kiosk.cli import main
from kiosk.timeutil import to_iso, utcnow
from sync import protocol


def test_heartbeat_records_health_and_answers_the_clock_drift(client, device):
    device_time = to_iso(utcnow() + timedelta(seconds=90))
    response = client.post(
        protocol.PATH_HEARTBEAT,
        json={"app_version": "0.1.0", "waiting": 3, "quarantined": 1, "last_sync_at": "2026-11-22T09:00:00.000000Z",
              "device_time": device_time, "free_disk_bytes": 12_345_678},
        headers=device.headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert 85 <= body["clock_drift_seconds"] <= 95  # the device runs 90 s fast
    assert body["server_time"].endswith("Z")


def test_heartbeat_with_a_bad_time_is_422(client, device):
    response = client.post(protocol.PATH_HEARTBEAT, json={"device_time": "yesterday"}, headers=device.headers)
    assert response.status_code == 422 and response.json()["error"] == protocol.ERR_INVALID_REQUEST


def test_devices_lists_heartbeat_operations_and_last_seq(client, device, council_dir, capsys):
    client.post(protocol.PATH_HEARTBEAT, json={"app_version": "9.9", "waiting": 2, "quarantined": 0,
                                               "device_time": to_iso(utcnow()), "free_disk_bytes": 1000},
                headers=device.headers)
    device.push([rating_op(4), rating_op(5), rating_op(7, rating=99)])
    capsys.readouterr()
    assert main(["--data-dir", str(council_dir), "council", "devices", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["id"] == device.id
    assert listed["hub_name"] == "Elm Estate Community Hub (demo)"
    assert (listed["app_version"], listed["waiting"], listed["quarantined"], listed["free_disk_bytes"]) == ("9.9", 2, 0, 1000)
    assert listed["applied_operations"] == 2
    assert listed["last_seq"] == 7
    assert listed["last_heartbeat_at"] and listed["revoked_at"] is None

    assert main(["--data-dir", str(council_dir), "council", "devices"]) == 0
    text = capsys.readouterr().out
    assert device.id in text and "applied operations 2; last sequence 7" in text


def test_enrol_prints_a_code_and_saves_its_qr(client, council_dir, capsys):
    assert main(["--data-dir", str(council_dir), "council", "enrol", "--hub", "riverside gp surgery (demo)",
                 "--mode", "outreach"]) == 0
    out = capsys.readouterr().out
    code = out.split("): ", 1)[1].split()[0]
    png = out.rsplit("QR code saved to ", 1)[1].strip()
    (decoded,) = zxingcpp.read_barcodes(Image.open(png))
    assert decoded.text == code
    response = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": "0b7f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4"})
    assert response.status_code == 201
    assert response.json()["mode"] == "outreach" and response.json()["hub"]["id"] == "demo-hub-riverside"


def test_enrol_for_an_unknown_hub_names_the_hubs(council_dir, app, capsys):
    assert main(["--data-dir", str(council_dir), "council", "enrol", "--hub", "Nowhere", "--mode", "kiosk"]) == 1
    err = capsys.readouterr().err
    assert "Nowhere" in err and "Elm Estate Community Hub (demo)" in err


def test_revoke_from_the_cli(client, device, council_dir, capsys):
    assert main(["--data-dir", str(council_dir), "council", "revoke", device.id]) == 0
    assert device.pull().json()["error"] == protocol.ERR_DEVICE_REVOKED
    assert main(["--data-dir", str(council_dir), "council", "revoke", "no-such-device"]) == 1


def test_hubs_json(council_dir, device, capsys):
    capsys.readouterr()
    assert main(["--data-dir", str(council_dir), "council", "hubs", "--json"]) == 0
    hubs = {h["id"]: h for h in json.loads(capsys.readouterr().out)}
    assert set(hubs) == {"demo-hub-sunflower", "demo-hub-riverside", "demo-hub-northfield", "demo-hub-elm"}
    assert hubs["demo-hub-elm"]["devices"] == 1 and hubs["demo-hub-riverside"]["devices"] == 0
