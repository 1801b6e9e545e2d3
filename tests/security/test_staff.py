"""Staff accounts: managed on the council, verifiers on devices, offline sign-in, lock-out, roles."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from kiosk import audit, staff
from kiosk.cli import main as kiosk_main
from kiosk.paths import device_db_path
from kiosk.staff import SignInRefused, can, sign_in
from kiosk.store import open_db
from sync.server import db as council_db
from sync.server.ops_audit import chain_breaks, entries_for

PIN = "40271895"
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def council_cli(app, capsys, *argv: str) -> str:
    folder = str(app.state.engine.url.database).rsplit("/", 1)[0]
    capsys.readouterr()
    code = kiosk_main(["--data-dir", folder, "council", "staff", *argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def add_staff(app, capsys, name="Sam Okafor", role="volunteer", pin=PIN) -> str:
    out = council_cli(app, capsys, "add", "--name", name, "--role", role, "--hub", "demo-hub-elm", "--pin", pin)
    return out.split("staff ID ")[1].split()[0]


def test_council_adds_staff_and_devices_get_a_verifier_never_the_pin(council, device, capsys, data_dir):
    app, _client = council
    db, sync = device
    out = council_cli(app, capsys, "add", "--name", "Ayo Bello", "--role", "broker", "--hub", "Elm Estate Community Hub (demo)")
    first_pin = out.split("PIN (shown once, hand it over in person): ")[1].split()[0]
    staff_id = out.split("staff ID ")[1].split()[0]
    listed = json.loads(council_cli(app, capsys, "list", "--json"))
    assert [(s["id"], s["name"], s["role"], s["disabled_at"]) for s in listed] == [(staff_id, "Ayo Bello", "broker", None)]
    assert first_pin not in json.dumps(listed)
    assert sync.cycle()["ok"]
    [account] = staff.accounts(db)
    assert account["verifier"].startswith("scrypt$") and account["active"] is True
    db.execute("pragma wal_checkpoint(truncate)")
    files = [device_db_path(data_dir), device_db_path(data_dir).with_name("device.sqlite3-wal")]
    assert all(first_pin.encode() not in path.read_bytes() for path in files if path.exists())
    with council_db.reading(app.state.engine) as conn:
        stored = conn.execute(council_db.sa.text("select verifier from staff")).scalar_one()
    assert first_pin not in stored
    # Signing in works offline: the council is not asked.
    session = sign_in(db, "ayo bello", first_pin, T0)
    assert (session.staff_id, session.role) == (staff_id, "broker")


def test_sign_in_wrong_pin_lockout_persists_and_brute_force_is_counted(council, device, capsys, data_dir):
    app, _client = council
    db, sync = device
    staff_id = add_staff(app, capsys)
    sync.cycle()
    with pytest.raises(SignInRefused) as wrong:
        sign_in(db, staff_id, "40271896", T0)
    with pytest.raises(SignInRefused) as unknown:
        sign_in(db, "Nobody Here", PIN, T0)
    assert wrong.value.code == unknown.value.code == "unknown_or_wrong_pin"
    assert wrong.value.message == unknown.value.message  # tells a guesser nothing
    for attempt in range(1, staff.MAX_FAILURES):  # 4 more wrong PINs: the 5th locks
        with pytest.raises(SignInRefused):
            sign_in(db, "Sam Okafor", f"5555{attempt:04d}", T0 + timedelta(seconds=attempt))
    assert staff.lockout_state(db, staff_id)["failures"] == staff.MAX_FAILURES
    # Locked: even the right PIN is refused, and every attempt is counted.
    for attempt in range(3):
        with pytest.raises(SignInRefused) as locked:
            sign_in(db, staff_id, PIN, T0 + timedelta(minutes=1, seconds=attempt))
        assert locked.value.code == "locked" and "Try again in" in locked.value.message
    assert locked.value.locked_until == T0 + timedelta(seconds=4 + staff.LOCK_SECONDS)
    db.close()
    db = open_db(device_db_path(data_dir))  # a restart does not lift the lock
    with pytest.raises(SignInRefused) as still:
        sign_in(db, staff_id, PIN, T0 + timedelta(minutes=4))
    assert still.value.code == "locked"
    assert staff.lockout_state(db, staff_id)["refused_while_locked"] == 4
    actions = [e["action"] for e in audit.entries(db)]
    assert actions.count("staff.sign_in_failed") == 6 and actions.count("staff.locked_out") == 1
    assert actions.count("staff.sign_in_refused_locked") == 1  # the first refusal is audited, the rest counted
    # Once the lock has been served the right PIN works and the counters start again.
    session = sign_in(db, staff_id, PIN, T0 + timedelta(seconds=5 + staff.LOCK_SECONDS))
    assert session.staff_id == staff_id and staff.lockout_state(db, staff_id)["failures"] == 0
    db.close()


def test_cycling_through_names_locks_the_whole_device(council, device):
    db, _sync = device
    for attempt in range(staff.DEVICE_MAX_FAILURES):
        with pytest.raises(SignInRefused):
            sign_in(db, f"guess {attempt}", PIN, T0 + timedelta(seconds=attempt))
    with pytest.raises(SignInRefused) as locked:
        sign_in(db, "guess again", PIN, T0 + timedelta(minutes=1))
    assert locked.value.code == "device_locked"


def test_disabled_staff_are_refused_after_the_next_sync(council, device, capsys):
    app, _client = council
    db, sync = device
    staff_id = add_staff(app, capsys, role="outreach")
    sync.cycle()
    sign_in(db, staff_id, PIN, T0)
    assert "disabled" in council_cli(app, capsys, "disable", staff_id)
    session = sign_in(db, staff_id, PIN, T0 + timedelta(minutes=1))  # offline: not heard of it yet
    assert staff.still_active(db, session)
    sync.cycle()
    assert not staff.still_active(db, session)  # the UI signs the open session out
    assert staff.accounts(db)[0]["verifier"] is None  # the verifier left the device
    with pytest.raises(SignInRefused) as refused:
        sign_in(db, staff_id, PIN, T0 + timedelta(minutes=2))
    assert refused.value.code == "disabled"


def test_roles_and_inactivity(council, device, capsys):
    app, _client = council
    db, sync = device
    admin = add_staff(app, capsys, name="Hana Admin", role="hub_admin", pin="90817263")
    sync.cycle()
    assert not can("volunteer", staff.LEAVE_KIOSK_MODE) and can("hub_admin", staff.LEAVE_KIOSK_MODE)
    assert can("broker", staff.APPROVE_MEMBER) and not can("volunteer", staff.APPROVE_MEMBER)
    assert not can("resident", staff.ACT_FOR_RESIDENT)
    with pytest.raises(ValueError):
        can("hub_admin", "leave_kiosk_mod")  # a typo is an error, not a silent "no"
    session = sign_in(db, "Hana Admin", "90817263", T0)
    assert session.staff_id == admin and session.can(staff.LEAVE_KIOSK_MODE)
    timeout = session.idle_timeout_seconds
    session.touch(T0 + timedelta(seconds=timeout - 1))
    assert not session.expired(T0 + timedelta(seconds=2 * timeout - 2))
    assert session.expired(T0 + timedelta(seconds=2 * timeout))
    staff.sign_out(db, session, T0 + timedelta(seconds=2 * timeout), reason="inactivity")
    assert not session.can(staff.LEAVE_KIOSK_MODE)
    # Acting for a resident needs consent and is audited by reference, never by name.
    session = sign_in(db, "Hana Admin", "90817263", T0 + timedelta(hours=1))
    with pytest.raises(SignInRefused):
        staff.act_for_resident(db, session, "CT-7K3MQ9RXQ", consent=False, now=T0 + timedelta(hours=1))
    staff.act_for_resident(db, session, "CT-7K3MQ9RXQ", consent=True, now=T0 + timedelta(hours=1))
    # Every audit entry reaches the council's copy of the chain.
    sync.cycle()
    device_id = sync.device_id
    with council_db.reading(app.state.engine) as conn:
        stored = entries_for(conn, device_id)
    assert [e["action"] for e in stored].count("resident.act_for") == 1
    assert {e["hash"] for e in stored} == {e["hash"] for e in audit.entries(db)}
    with council_db.reading(app.state.engine) as conn:
        assert chain_breaks(conn, device_id) == []  # the council's copy is a whole chain
    folder = str(app.state.engine.url.database).rsplit("/", 1)[0]
    capsys.readouterr()
    assert kiosk_main(["--data-dir", folder, "council", "audit", device_id]) == 0
    out = capsys.readouterr().out
    assert "resident.act_for  CT-7K3MQ9RXQ" in out and "no gaps" in out


def test_staff_cli_refuses_bad_input_clearly(council, capsys):
    app, _client = council
    folder = str(app.state.engine.url.database).rsplit("/", 1)[0]
    code = kiosk_main(["--data-dir", folder, "council", "staff", "add", "--name", "X", "--role", "volunteer",
                       "--hub", "demo-hub-elm", "--pin", "123456"])
    assert code == 2 and "straight run" in capsys.readouterr().err
    code = kiosk_main(["--data-dir", folder, "council", "staff", "disable", "no-such-id"])
    assert code == 2 and "No staff member" in capsys.readouterr().err
