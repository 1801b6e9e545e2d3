"""``directory.report`` and ``signposting.usage`` from devices; the listing and the open-data CSVs."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, timedelta

from srvdir_kit import enrol
from srvdir_feeds import oruk3

from kiosk.cli import main
from kiosk.timeutil import now_iso
from sync.server.directory_import import import_document


def report(**overrides):
    payload = {"report_id": str(uuid.uuid4()), "service_key": "lbl:s1", "kind": "closed",
               "reason": "closed_permanently", "reported_at": now_iso()}
    payload.update(overrides)
    return payload


def usage(**overrides):
    payload = {"event": "service_view", "service_key": "lbl:s1", "day": date.today().isoformat(), "count": 2}
    payload.update(overrides)
    return payload


def rows(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_reports_are_validated_stored_and_listed(engine, device, council_dir, capsys):
    import_document(engine, oruk3(), "lbl")
    good = report()
    assert device.push("directory.report", good, 1)["status"] == "applied"
    assert device.push("directory.report", report(service_key="gone:x", kind="other", reason=None), 2)[
        "status"] == "applied"  # a listing removed since: still recorded
    # Same report again under a new op id: idempotent on its own id; other content: refused.
    assert device.push("directory.report", good, 3)["status"] == "applied"
    assert device.push("directory.report", {**good, "kind": "other"}, 4)["reason"]["code"] == "report_exists"
    bad = [report(kind="rude"), report(reason="the manager is Dave Smith, 07700 900123"),
           report(service_key="no-colon"), report(service_key="lbl:s1\n"), report(service_key=" lbl:s1"),
           {**report(), "note": "free text"}, report(report_id="7"),
           report(reported_at="2026-01-01T00:00:00"), report(service_key=None)]
    for seq, payload in enumerate(bad, start=10):
        result = device.push("directory.report", payload, seq)
        assert (result["status"], result["reason"]["code"]) == ("rejected", "invalid_payload"), payload

    capsys.readouterr()
    assert main(["--data-dir", str(council_dir), "council", "directory-reports", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["service_key"], r["kind"], r["reason"]) for r in listed] == [
        ("lbl:s1", "closed", "closed_permanently"), ("gone:x", "other", None)]
    assert listed[0]["service_name"] == "Stockwell ESOL" and listed[0]["hub_name"] == "Elm Children's Centre"
    assert all("device_id" not in r for r in listed)
    assert main(["--data-dir", str(council_dir), "council", "directory-reports"]) == 0
    text = capsys.readouterr().out
    assert "Stockwell ESOL  closed (closed_permanently)" in text and "(no longer listed)" in text


def test_usage_counts_add_up_by_hub_day_event_and_subject(engine, client, device):
    import_document(engine, oruk3(), "lbl")
    other_hub = enrol(client, engine, "demo-hub-oak")
    today = date.today().isoformat()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    pushes = [(device, usage()), (device, usage(count=3)), (enrol(client, engine), usage(count=1)),
              (device, usage(day=yesterday)), (other_hub, usage()),
              (device, {"event": "need_search", "need": "food", "day": today, "count": 4}),
              (device, usage(event="takeaway_qr", service_key="lbl:s3", count=1)),  # the refuge
              (device, usage(event="shortlist", service_key="lbl:s3", count=2))]
    for seq, (dev, payload) in enumerate(pushes, start=1):
        assert dev.push("signposting.usage", payload, seq)["status"] == "applied", payload
    table = rows(client, "/open-data/signposting.csv")
    assert list(table[0]) == ["date", "hub", "event", "subject", "count"]
    got = {(r["date"], r["hub"], r["event"], r["subject"]): int(r["count"]) for r in table}
    assert got == {
        (yesterday, "Elm Children's Centre", "service_view", "lbl:s1"): 2,
        (today, "Elm Children's Centre", "service_view", "lbl:s1"): 6,  # two devices of one hub added up
        (today, "'=Oak Library", "service_view", "lbl:s1"): 2,  # a formula-looking name is defused
        (today, "Elm Children's Centre", "need_search", "food"): 4,
        (today, "Elm Children's Centre", "takeaway_qr", "confidential"): 1,  # a refuge is not named
        (today, "Elm Children's Centre", "shortlist", "confidential"): 2,
    }
    assert device.id not in client.get("/open-data/signposting.csv").text


def test_usage_payloads_are_validated_strictly(device):
    today = date.today().isoformat()
    bad = [usage(event="page_view"), usage(count=0), usage(count=10_001), usage(count="3"), usage(count=True),
           usage(day="22/11/2026"), usage(day=(date.today() + timedelta(days=3)).isoformat()),
           usage(day="2020-01-01"), {"event": "need_search", "need": "cake", "day": today, "count": 1},
           {"event": "need_search", "need": "food", "service_key": "lbl:s1", "day": today, "count": 1},
           usage(service_key=None), {**usage(), "need": "food"}, {**usage(), "postcode": "SW9 8AB"}]
    for seq, payload in enumerate(bad, start=1):
        result = device.push("signposting.usage", payload, seq)
        assert (result["status"], result["reason"]["code"]) == ("rejected", "invalid_payload"), payload


def test_feedback_ratings_are_counted_in_their_csv(client, device):
    rated_at = now_iso()
    for seq, rating in enumerate([5, 5, 2], start=1):
        payload = {"rating_id": str(uuid.uuid4()), "task_family": "findhelp", "rating": rating,
                   "reason": "could_not_find" if rating < 3 else None, "rated_at": rated_at}
        assert device.push("feedback.rating", payload, seq)["status"] == "applied"
    table = rows(client, "/open-data/feedback.csv")
    assert [(r["date"], r["hub"], r["task_family"], r["rating"], r["count"]) for r in table] == [
        (rated_at[:10], "Elm Children's Centre", "findhelp", "2", "1"),
        (rated_at[:10], "Elm Children's Centre", "findhelp", "5", "2")]


def test_what_the_find_help_screens_queue_is_accepted_as_queued(engine, client, device, device_db, council_dir,
                                                                 capsys):
    """The device side (kiosk.directory.feedback_ops) and these operation types agree on the payloads."""
    from kiosk.directory import feedback_ops
    from sync import protocol

    import_document(engine, oruk3(), "lbl")
    feedback_ops.report_problem(device_db, "lbl:s2", "wrong_details")
    feedback_ops.count_usage(device_db, "need_search", "older")
    feedback_ops.count_usage(device_db, "service_view", "lbl:s2")
    feedback_ops.count_usage(device_db, "service_view", "lbl:s2")
    queued = device_db.execute("select op_id, seq, op_type, record_key, schema_version, payload, created_at "
                               "from outbox order by seq").fetchall()
    operations = [{"op_id": r[0], "seq": r[1], "op_type": r[2], "record_key": r[3], "schema_version": r[4],
                   "payload": json.loads(r[5]), "created_at": r[6]} for r in queued]
    response = client.post(protocol.PATH_PUSH, json={"device_id": device.id, "operations": operations},
                           headers=device.headers)
    assert [r["status"] for r in response.json()["results"]] == ["applied"] * 4, response.text
    got = {(r["event"], r["subject"]): int(r["count"]) for r in rows(client, "/open-data/signposting.csv")}
    assert got == {("need_search", "older"): 1, ("service_view", "lbl:s2"): 2}
    capsys.readouterr()
    assert main(["--data-dir", str(council_dir), "council", "directory-reports", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["service_name"], listed["kind"], listed["reason"]) == ("Kennington Lunch Club", "wrong_details", None)
