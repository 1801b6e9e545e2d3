"""Push: each operation exactly once, with its effect; duplicates, conflicts, rejections."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from council_testkit import enrol, rating_op

from sync import protocol
from sync.server import db, operations


def count(engine, table) -> int:
    with db.reading(engine) as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_applied_rating_is_recorded_for_the_devices_hub(device, engine):
    op = rating_op(1, task_family="timebank", rating=2, reason="took_too_long")
    result = device.push([op]).json()["results"][0]
    assert result == {
        "op_id": op["op_id"],
        "status": "applied",
        "duplicate": False,
        "result": {"rating_id": op["payload"]["rating_id"], "recorded": True},
    }
    with db.reading(engine) as conn:
        row = conn.execute(sa.select(db.feedback_ratings)).one()
        assert (row.hub_id, row.device_id, row.task_family, row.rating, row.reason) == (
            "demo-hub-elm", device.id, "timebank", 2, "took_too_long")
        stored = db.find_operation(conn, device.id, op["op_id"])
        assert stored.status == "applied" and stored.seq == 1
        assert stored.payload_hash == protocol.payload_hash(op["op_type"], 1, op["payload"])


def test_identical_resend_returns_the_stored_result_and_applies_nothing_new(device, engine):
    op = rating_op(1)
    first = device.push([op]).json()["results"][0]
    again = device.push([op]).json()["results"][0]
    assert again["duplicate"] is True
    assert again["status"] == "applied" and again["result"] == first["result"]
    assert count(engine, db.feedback_ratings) == 1
    assert count(engine, db.operations) == 1


def test_same_op_id_with_different_content_is_a_conflict(device, engine):
    op = rating_op(1, rating=5)
    device.push([op])
    changed = {**op, "payload": {**op["payload"], "rating": 1}}
    result = device.push([changed]).json()["results"][0]
    assert result["status"] == "conflict"
    assert result["reason"]["code"] == protocol.REASON_OP_ID_REUSED
    with db.reading(engine) as conn:
        assert conn.execute(sa.select(db.feedback_ratings.c.rating)).scalar_one() == 5


def test_rejections_carry_a_reason_and_are_stored(device, engine):
    unknown = {**rating_op(1), "op_type": "no.such_type"}
    future_schema = {**rating_op(2), "schema_version": 7}
    bad_rating = rating_op(3, rating=6)
    bad_family = rating_op(4, task_family="parking")
    not_utc = rating_op(5, rated_at="2026-11-22T10:00:00+01:00")
    extra_field = rating_op(6, name="Ada")  # nothing personal is accepted in a rating
    next_year = rating_op(7, rated_at="2099-01-01T00:00:00.000000Z")
    ops = [unknown, future_schema, bad_rating, bad_family, not_utc, extra_field, next_year]
    results = device.push(ops).json()["results"]
    codes = [r["reason"]["code"] for r in results]
    assert [r["status"] for r in results] == ["rejected"] * 7
    assert codes == [protocol.REASON_UNKNOWN_OP_TYPE, protocol.REASON_UNSUPPORTED_SCHEMA] + [
        protocol.REASON_INVALID_PAYLOAD] * 5
    assert "rating" in results[2]["reason"]["message"]
    # Stored: a resend gets the same rejection back, marked duplicate.
    resent = device.push(ops).json()["results"]
    assert all(r["duplicate"] and r["status"] == "rejected" for r in resent)
    assert [r["reason"] for r in resent] == [r["reason"] for r in results]
    assert count(engine, db.feedback_ratings) == 0
    with db.reading(engine) as conn:
        assert db.operation_counts(conn, device.id) == {"rejected": 7}


def test_one_bad_operation_does_not_stop_the_others(device, engine):
    ops = [rating_op(1), rating_op(2, rating=0), rating_op(3), rating_op(4)]
    results = device.push(ops).json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied", "applied"]
    assert [r["op_id"] for r in results] == [op["op_id"] for op in ops]
    assert count(engine, db.feedback_ratings) == 3
    with db.reading(engine) as conn:
        assert db.operation_counts(conn, device.id) == {"applied": 3, "rejected": 1}


def test_operations_apply_in_seq_order_whatever_the_batch_order(device, engine):
    rating_id = str(uuid.uuid4())
    later = rating_op(9, rating_id=rating_id, rating=1)
    earlier = rating_op(8, rating_id=rating_id, rating=4)
    results = device.push([later, earlier]).json()["results"]
    # seq 8 was applied first; seq 9 reuses its rating_id with other content.
    assert results[1]["status"] == "applied"
    assert results[0]["status"] == "rejected" and results[0]["reason"]["code"] == "rating_exists"


def test_a_rejected_handler_leaves_no_partial_effect(device, engine):
    """A handler that writes and then rejects is rolled back; only the rejection is stored."""

    def writes_then_rejects(conn, dev, payload):
        db.publish(conn, "test.thing", payload["key"], {"half": "done"})
        raise operations.Rejected("domain_rule", "refused after writing")

    operations.operation("test.half_done")(writes_then_rejects)
    try:
        before = count(engine, db.change_log)
        op = {**rating_op(1), "op_type": "test.half_done", "payload": {"key": "k1"}}
        result = device.push([op]).json()["results"][0]
        assert result["status"] == "rejected" and result["reason"]["code"] == "domain_rule"
        assert count(engine, db.change_log) == before
        with db.reading(engine) as conn:
            assert db.find_operation(conn, device.id, op["op_id"]).status == "rejected"
    finally:
        operations._registry.pop("test.half_done")


def test_a_failing_handler_is_not_a_500_and_is_not_stored(device, engine):
    def crashes(conn, dev, payload):
        raise RuntimeError("bug in the service")

    operations.operation("test.crash")(crashes)
    try:
        op = {**rating_op(1), "op_type": "test.crash"}
        response = device.push([op, rating_op(2)])
        assert response.status_code == 200
        first, second = response.json()["results"]
        assert first["reason"]["code"] == protocol.ERR_INTERNAL
        assert second["status"] == "applied"
        with db.reading(engine) as conn:
            assert db.find_operation(conn, device.id, op["op_id"]) is None  # may be sent again
    finally:
        operations._registry.pop("test.crash")


def test_batch_limit(device, engine):
    ops = [rating_op(i) for i in range(1, protocol.MAX_PUSH_BATCH + 2)]
    response = device.push(ops)
    assert response.status_code == 413
    assert response.json()["error"] == protocol.ERR_BATCH_TOO_LARGE
    assert count(engine, db.operations) == 0
    assert device.push(ops[: protocol.MAX_PUSH_BATCH]).status_code == 200
    assert count(engine, db.feedback_ratings) == protocol.MAX_PUSH_BATCH


def test_op_ids_are_per_device(client, engine, device):
    other = enrol(client, engine, hub_id="demo-hub-sunflower")
    op = rating_op(1)
    assert device.push([op]).json()["results"][0]["duplicate"] is False
    second = other.push([{**op, "payload": {**op["payload"], "rating_id": str(uuid.uuid4())}}]).json()["results"][0]
    assert second["status"] == "applied" and second["duplicate"] is False


def test_feedback_is_counted_by_hub_and_task_family(client, engine, device):
    other = enrol(client, engine, hub_id="demo-hub-sunflower")
    device.push([rating_op(1, task_family="findhelp", rating=4), rating_op(2, task_family="findhelp", rating=2)])
    other.push([rating_op(1, task_family="counciltax", rating=5)])
    counts = client.get("/api/v1/open-data/feedback").json()
    assert counts == [
        {"hub_id": "demo-hub-elm", "hub_name": "Elm Estate Community Hub (demo)", "task_family": "findhelp", "ratings": 2, "average": 3.0},
        {"hub_id": "demo-hub-sunflower", "hub_name": "Sunflower Children's Centre (demo)", "task_family": "counciltax", "ratings": 1, "average": 5.0},
    ]


def test_concurrent_pushes_from_two_service_workers_all_apply(client, engine, council_dir):
    """Two engines on one file (as two service processes would be) write at once without 'database is locked'."""
    import threading

    from sync.server.operations import Device, apply_batch

    devices = [enrol(client, engine, hub_id=h) for h in ("demo-hub-elm", "demo-hub-riverside")]
    engines = [db.open_engine(council_dir) for _ in devices]
    outcomes: list = []

    def work(dev, eng):
        for batch in range(5):
            ops = [rating_op(batch * 20 + i) for i in range(1, 21)]
            outcomes.extend(apply_batch(eng, Device(dev.id, dev.hub_id, "kiosk"), ops))

    threads = [threading.Thread(target=work, args=(d, e)) for d, e in zip(devices, engines)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for e in engines:
        e.dispose()
    assert not any(t.is_alive() for t in threads)
    assert len(outcomes) == 200 and all(o["status"] == "applied" for o in outcomes)
    assert count(engine, db.feedback_ratings) == 200


def test_a_busy_database_is_503_with_retry_after_and_nothing_half_done(device, engine, monkeypatch):
    """If the database refuses the batch (locked past the timeout, disk full), the device is told to retry."""
    real_store = db.store_operation
    calls = []

    def store_then_fail(conn, **values):
        calls.append(values["op_id"])
        if len(calls) == 2:
            raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))
        real_store(conn, **values)

    monkeypatch.setattr(db, "store_operation", store_then_fail)
    response = device.push([rating_op(1), rating_op(2)])
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.json()["error"] == protocol.ERR_SERVICE_UNAVAILABLE
    # The batch was one transaction: the first operation is not half-kept either.
    assert count(engine, db.operations) == 0 and count(engine, db.feedback_ratings) == 0
