"""Pull: paging by cursor, scopes, tombstones, and 410 when the device must resync."""

from __future__ import annotations

import sqlalchemy as sa
from council_testkit import enrol

from sync import protocol
from sync.server import db, demo


def publish(engine, entity, key, data, scope=protocol.SCOPE_ALL):
    with db.writing(engine) as conn:
        if data is None:
            db.tombstone(conn, entity, key, scope)
        else:
            db.publish(conn, entity, key, data, scope)


def mirror(changes, into=None):
    """What a device keeps: apply upserts and tombstones in order."""
    state = dict(into or {})
    for change in changes:
        if change["op"] == "upsert":
            state[(change["entity"], change["key"])] = change["data"]
        else:
            state.pop((change["entity"], change["key"]), None)
    return state


def test_a_new_device_receives_the_demo_data(device):
    changes, _cursor = device.pull_all()
    state = mirror(changes)
    hubs = [k for (entity, k) in state if entity == protocol.ENTITY_HUB]
    assert len(hubs) == 4
    charges = state[(protocol.ENTITY_COUNCILTAX_CHARGES, "2025")]
    assert charges["year"] == 2025 and charges["illustrative"] is True
    assert {"name": "Greater London Authority", "band_d": "490.38"} in charges["elements"]
    rewards = {k for (entity, k) in state if entity == protocol.ENTITY_TIMEBANK_REWARD}
    assert "council-tax-reduction" in rewards and "local-currency" in rewards
    assert sum(entity == protocol.ENTITY_DIRECTORY_SERVICE for entity, _k in state) == 67  # resources/demo/directory.json


def test_paging_gives_every_change_once_in_order(device):
    everything, final = device.pull_all(limit=1000)
    pages, cursor, seen = 0, None, []
    for _ in range(100):
        body = device.pull(cursor, limit=4).json()
        pages += 1
        assert len(body["changes"]) <= 4
        seen.extend(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    assert seen == everything
    assert pages == -(-len(everything) // 4)
    assert [c["seq"] for c in seen] == sorted({c["seq"] for c in seen})
    assert cursor == final
    # Nothing new: an empty page, the same cursor.
    assert device.pull(cursor).json() == {"changes": [], "cursor": cursor, "has_more": False}


def test_limit_is_clamped_and_validated(device):
    assert device.pull(limit=5000).status_code == 200
    for bad in (0, -1):
        response = device.pull(limit=bad)
        assert response.status_code == 422 and response.json()["error"] == protocol.ERR_INVALID_REQUEST
    response = device.client.get(protocol.PATH_PULL, params={"limit": "many"}, headers=device.headers)
    assert response.status_code == 422


def test_a_device_sees_only_all_its_hub_and_itself(client, engine, device):
    neighbour = enrol(client, engine, hub_id="demo-hub-elm")
    elsewhere = enrol(client, engine, hub_id="demo-hub-riverside")
    cursors = {d.id: d.pull_all()[1] for d in (device, neighbour, elsewhere)}
    publish(engine, "notice", "n1", {"text": "all"})
    publish(engine, "notice", "n2", {"text": "elm only"}, protocol.hub_scope("demo-hub-elm"))
    publish(engine, "notice", "n3", {"text": "riverside only"}, protocol.hub_scope("demo-hub-riverside"))
    publish(engine, "notice", "n4", {"text": "just you"}, protocol.device_scope(device.id))

    def keys(d):
        return [c["key"] for c in d.pull_all(cursors[d.id])[0]]

    assert keys(device) == ["n1", "n2", "n4"]
    assert keys(neighbour) == ["n1", "n2"]
    assert keys(elsewhere) == ["n1", "n3"]


def test_cursor_skips_past_changes_of_other_scopes(client, engine, device):
    _, cursor = device.pull_all()
    for i in range(5):
        publish(engine, "notice", f"x{i}", {"i": i}, protocol.hub_scope("demo-hub-riverside"))
    body = device.pull(cursor).json()
    assert body["changes"] == [] and body["has_more"] is False
    assert protocol.decode_cursor(body["cursor"]).seq > protocol.decode_cursor(cursor).seq


def test_deletions_and_scope_moves_arrive_as_tombstones(client, engine, device):
    elsewhere = enrol(client, engine, hub_id="demo-hub-riverside")
    changes_a, cursor_a = device.pull_all()
    changes_b, cursor_b = elsewhere.pull_all()
    state_a, state_b = mirror(changes_a), mirror(changes_b)
    publish(engine, "notice", "moving", {"v": 1}, protocol.hub_scope("demo-hub-elm"))
    changes, cursor_a = device.pull_all(cursor_a)
    state_a = mirror(changes, state_a)
    assert state_a[("notice", "moving")] == {"v": 1}

    with db.writing(engine) as conn:
        db.move_scope(conn, "notice", "moving", {"v": 2},
                      protocol.hub_scope("demo-hub-elm"), protocol.hub_scope("demo-hub-riverside"))
        db.tombstone(conn, protocol.ENTITY_DIRECTORY_SERVICE, "demo:food-bank")
    changes_a, _ = device.pull_all(cursor_a)
    assert {"entity": "notice", "key": "moving", "op": "delete", "data": None} in [
        {k: c[k] for k in ("entity", "key", "op", "data")} for c in changes_a]
    state_a = mirror(changes_a, state_a)
    state_b = mirror(elsewhere.pull_all(cursor_b)[0], state_b)
    assert ("notice", "moving") not in state_a
    assert state_b[("notice", "moving")] == {"v": 2}
    for state in (state_a, state_b):
        assert (protocol.ENTITY_DIRECTORY_SERVICE, "demo:food-bank") not in state


def test_cursors_the_service_cannot_honour_get_410(device, engine):
    _, cursor = device.pull_all()
    parsed = protocol.decode_cursor(cursor)
    bad = [
        protocol.encode_cursor("0" * 32, parsed.seq),  # another epoch (database replaced)
        protocol.encode_cursor(parsed.epoch, parsed.seq + 1000),  # ahead of the log
        "garbage",
        "v2.x.1",
    ]
    for text in bad:
        response = device.pull(text)
        assert response.status_code == 410, text
        assert response.json()["error"] == protocol.ERR_CURSOR_EXPIRED


def test_compaction_keeps_the_latest_state_and_expires_older_cursors(device, engine):
    _, old_cursor = device.pull_all(limit=3)
    early_cursor = device.pull(limit=3).json()["cursor"]
    for version in range(3):
        publish(engine, "notice", "n", {"version": version})
    publish(engine, "notice", "gone", {"x": 1})
    publish(engine, "notice", "gone", None)
    before_state = mirror(device.pull_all()[0])
    _, head_cursor = device.pull_all()
    with db.writing(engine) as conn:
        outcome = db.compact(conn)
    assert outcome["removed"] >= 4

    response = device.pull(early_cursor)
    assert response.status_code == 410 and response.json()["error"] == protocol.ERR_CURSOR_EXPIRED
    assert device.pull(old_cursor).status_code == 410
    # A cursor at the horizon lost nothing and still works.
    assert device.pull(head_cursor).status_code == 200
    # Resync from no cursor: same state, fewer changes, one per record.
    changes, _ = device.pull_all()
    assert mirror(changes) == before_state
    assert [c["data"] for c in changes if c["key"] == "n"] == [{"version": 2}]
    assert not [c for c in changes if c["key"] == "gone"]
    with db.reading(engine) as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.change_log)).scalar() == len(changes)


def test_demo_load_is_idempotent(app, engine, device):
    changes, cursor = device.pull_all()
    assert demo.load(engine) == dict.fromkeys(
        ["hubs", "counciltax_charges", "timebank_categories", "timebank_rewards", "directory_services",
         "postcode_districts"], 0)
    assert device.pull(cursor).json()["changes"] == []
    # A restart of the service (same folder) keeps the epoch, so cursors stay valid.
    from sync.server.app import create_app

    restarted = create_app(engine.url.database.rsplit("/", 1)[0], demo=True)
    try:
        with db.reading(restarted.state.engine) as conn:
            assert db.epoch(conn) == protocol.decode_cursor(cursor).epoch
    finally:
        restarted.state.engine.dispose()


def test_bulk_publish_pages_like_single_publishes(device, engine):
    _, cursor = device.pull_all()
    with db.writing(engine) as conn:
        assert db.publish_many(conn, "directory.service", [(f"feed:{i}", {"i": i}) for i in range(25)]) == 25
        db.publish_many(conn, "directory.service", [("feed:3", None)])
    changes, _ = device.pull_all(cursor, limit=10)
    state = mirror(changes)
    assert len(changes) == 26
    assert sorted(k for _e, k in state) == sorted(f"feed:{i}" for i in range(25) if i != 3)
