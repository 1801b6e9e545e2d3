"""Registering members and organisations, finding them, approvals, PIN lockout."""

import json

import pytest
from tb_helpers import CONSENT, organisation, person

from kiosk import audit, i18n
from kiosk.timebank import members, numbers, recording
from kiosk.timebank.errors import TimeBankError


def test_registration_keeps_consent_wording_and_dates_and_queues_a_hash_not_the_pin(tb):
    ada = person(tb, "  Ada   Obi ", pin="4821", languages=["Yorùbá", "English", "english"],
                 skills=["gardening"], interests=["music"], availability="weekday mornings")
    assert ada["name"] == "Ada Obi"
    assert ada["email"] == ""  # no e-mail needed
    assert ada["languages"] == ["Yorùbá", "English"]
    assert ada["consent_wording"] == CONSENT.wording
    assert ada["consent_date"] and ada["consent_given_at"].endswith("Z")
    assert ada["status"] == "active"
    assert numbers.is_valid(ada["number"])
    ops = list(tb.query("select op_type, record_key, payload from outbox"))
    assert [o["op_type"] for o in ops] == ["timebank.member.register"]
    payload = json.loads(ops[0]["payload"])
    assert payload["number"] == ada["number"] and payload["consent_wording"] == CONSENT.wording
    assert "4821" not in ops[0]["payload"] and payload["pin_hash"].startswith("scrypt$")


def test_consent_wording_shown_in_another_language_is_what_is_stored(tb):
    i18n.set_language("pt")
    consent = members.Consent.as_shown_now()
    member = members.register_member(tb, name="Rita", consent=consent, registered_by="vol")
    assert member["consent_language"] == "pt"
    assert member["consent_wording"] == consent.wording


@pytest.mark.parametrize("kwargs, code", [
    ({"name": "  "}, "name_missing"),
    ({"consent": None}, "consent_missing"),
    ({"email": "not-an-email"}, "email_format"),
    ({"phone": "call me"}, "phone_format"),
    ({"badges": ["superhero"]}, "unknown_badge"),
    ({"pin": "1111"}, "pin_weak"),
])
def test_bad_registrations_are_refused_and_nothing_is_written(tb, kwargs, code):
    args = {"name": "Ben", "consent": CONSENT, "registered_by": "vol"} | kwargs
    with pytest.raises(TimeBankError) as exc:
        members.register_member(tb, **args)
    assert exc.value.code == code and exc.value.message
    assert tb["tb_accounts"].count == 0 and tb["outbox"].count == 0


def test_self_service_waits_for_a_broker_before_exchanging(tb):
    org = organisation(tb)
    kim = members.register_member(tb, name="Kim", consent=CONSENT, registered_by="x", self_service=True, pin="2468")
    assert kim["status"] == "pending" and kim["registered_by"] == "self"
    assert [m["id"] for m in members.pending_members(tb)] == [kim["id"]]
    with pytest.raises(TimeBankError) as exc:
        recording.record_exchange(tb, giver_id=kim["id"], receiver_id=org["id"], minutes=60,
                                  category="gardening", recorded_by="vol")
    assert exc.value.code == "account_not_active"
    members.approve_member(tb, kim["id"], broker="broker-ann")
    assert members.get_account(tb, kim["id"])["approved_by"] == "broker-ann"
    recording.record_exchange(tb, giver_id=kim["id"], receiver_id=org["id"], minutes=60, category="gardening",
                              recorded_by="vol")
    ops = [r["op_type"] for r in tb.query("select op_type from outbox order by seq")]
    assert ops[-3:] == ["timebank.member.approve", "audit.entry", "timebank.exchange.record"]
    assert [(e["actor"], e["action"], e["subject"]) for e in audit.entries(tb)] == [
        ("broker-ann", "timebank.member.approve", kim["id"])]


def test_self_service_needs_a_pin_and_cannot_award_itself_badges(tb):
    with pytest.raises(TimeBankError):
        members.register_member(tb, name="Kim", consent=CONSENT, registered_by="x", self_service=True)
    with pytest.raises(TimeBankError):
        members.register_member(tb, name="Kim", consent=CONSENT, registered_by="x", self_service=True, pin="2468",
                                badges=["dbs_check"])


def test_find_by_name_number_and_scanned_card(tb):
    ada = person(tb, "Ada Obi")
    person(tb, "Adam Smith")
    person(tb, "Ben 100% Silva")
    assert [m["name"] for m in members.find_members(tb, "ada")] == ["Ada Obi", "Adam Smith"]
    assert [m["name"] for m in members.find_members(tb, "obi ADA")] == ["Ada Obi"]
    assert [m["name"] for m in members.find_members(tb, "100%")] == ["Ben 100% Silva"]  # not a number: a name
    assert [m["name"] for m in members.find_members(tb, "_")] == []  # LIKE wildcards are taken literally
    assert members.find_members(tb, numbers.format_number(ada["number"]))[0]["id"] == ada["id"]
    assert members.find_by_card(tb, "]Q1" + members.card(ada)["qr_text"] + "\r\n")["id"] == ada["id"]
    with pytest.raises(TimeBankError) as exc:
        members.find_by_card(tb, numbers.new_number())
    assert exc.value.code == "unknown_number"


def test_card_shows_name_grouped_number_and_qr_text(tb):
    ada = person(tb, "Ada Obi")
    card = members.card(ada)
    assert card == {"name": "Ada Obi", "number": numbers.format_number(ada["number"]),
                    "qr_text": "CKTB:" + ada["number"]}


def test_organisations_may_issue_credits(tb):
    org = organisation(tb, "Lambeth Libraries")
    assert org["kind"] == "organisation" and org["allow_negative"] == 1 and org["pin_hash"] is None
    with pytest.raises(TimeBankError):
        members.register_organisation(tb, name="X", org_type="pirates", registered_by="vol")


def test_wrong_pins_lock_the_card(tb):
    ada = person(tb, "Ada Obi", pin="4821")
    members.check_pin(tb, ada["id"], "4821")
    for _ in range(5):
        with pytest.raises(TimeBankError) as exc:
            members.check_pin(tb, ada["id"], "0000")
        assert exc.value.code == "pin_wrong"
    with pytest.raises(TimeBankError) as exc:
        members.check_pin(tb, ada["id"], "4821")  # even the right PIN, while locked
    assert exc.value.code == "pin_locked"


def test_personal_details_are_encrypted_in_the_device_file(tmp_path):
    from tb_helpers import device_db

    from kiosk.paths import device_db_path

    data = tmp_path / "dev"
    db = device_db(data)
    db.execute("pragma wal_autocheckpoint = 0")  # keep the writes in the WAL too, and look there
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk import sealing
    sealing.store_public_key(db, sealing.public_key_text(X25519PrivateKey.generate().public_key()))
    ada = members.register_member(db, name="Adaeze Okonkwo-Bright", consent=CONSENT, registered_by="vol",
                                  phone="07700 900123", email="adaeze@example.org", postcode="SE11 5QY",
                                  availability="Tuesday evenings")
    org = organisation(db, "Sunflower Stay and Play")
    raw = db.execute("select name, phone, email from tb_accounts where id = ?", [ada["id"]]).fetchone()
    assert all(value.startswith("enc1:") for value in raw)
    assert db.execute("select name from tb_accounts where id = ?", [org["id"]]).fetchone()[0] == org["name"]
    # The program still sees and finds the member.
    assert members.get_account(db, ada["id"])["email"] == "adaeze@example.org"
    assert [m["id"] for m in members.find_members(db, "okonkwo")] == [ada["id"]]
    on_disk = b"".join(p.read_bytes() for p in data.iterdir() if p.name.startswith(device_db_path(data).name))
    assert b"Sunflower Stay and Play" in on_disk  # the search looks at the right bytes
    for secret in ("Okonkwo", "07700 900123", "adaeze@example.org", "SE11 5QY", "Tuesday evenings"):
        assert secret.encode() not in on_disk


def test_a_device_without_a_data_key_keeps_no_members_but_keeps_syncing(tb):
    from kiosk.timebank import mirror, privacy

    source = person(tb, "Ada")
    org = organisation(tb)
    bare = tb.__class__(tb.conn.__class__(":memory:"))  # a database file with no keyring behind it
    tb.conn.backup(bare.conn)
    assert not hasattr(bare, privacy._ATTRIBUTE)
    with pytest.raises(TimeBankError) as exc:
        person(bare, "Ben")
    assert exc.value.code == "no_data_key"
    changes = [{"seq": 1, "entity": "timebank.account", "key": a["id"], "op": "upsert",
                "data": members.account_payload(a)} for a in (source, org)]
    bare.execute("delete from tb_accounts")
    with bare.atomic():
        mirror.apply_mirror_changes(bare, changes)  # no exception: the pull goes on
    assert [r["kind"] for r in bare.query("select kind from tb_accounts")] == ["organisation"]
