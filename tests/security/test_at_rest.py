"""Encryption at rest: a copied database file and WAL show no resident's name; no secure keyring, no storing."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from kiosk import crypto, sealing
from kiosk.counciltax.submissions import submit
from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db, open_memory_db
from sync.credentials import DEMO_BACKEND, ENV_BACKEND

NAME = "Zebedee Quartermaine"
ANSWERS = {"account_reference": "12345678", "full_name": NAME, "address": "1 Acre Lane",
           "postcode": "sw2 5sg", "phone": "020 7926 1000", "email": "zq@example.com", "tenure": "tenant",
           "landlord_name": "Brixton Homes", "other_adults": False, "which_year": "this_year"}


def files(data_dir):
    main = device_db_path(data_dir)
    return main.read_bytes(), main.with_name(main.name + "-wal").read_bytes()


@pytest.fixture
def demo_keyring(monkeypatch):
    monkeypatch.setenv(ENV_BACKEND, DEMO_BACKEND)
    crypto.forget_cached_keys()
    yield
    crypto.forget_cached_keys()


def test_a_residents_name_is_in_neither_the_database_nor_the_wal(data_dir, demo_keyring):
    db = open_db(device_db_path(data_dir))
    db.execute("pragma wal_autocheckpoint=0")  # everything written below stays in the WAL
    sealing.store_public_key(db, sealing.public_key_text(X25519PrivateKey.generate().public_key()))
    ref = submit(db, "twelve_instalments", ANSWERS)
    # A field the device must read back (a member's name) is stored encrypted with the keyring key.
    cipher = crypto.FieldCipher.for_device(data_dir, Settings(db)["device_id"])
    db.execute("create table scratch_people (id text primary key, name text)")
    with db.atomic():
        db["scratch_people"].insert({"id": "p1", "name": cipher.encrypt("scratch_people", "name", "p1", NAME)})
    main, wal = files(data_dir)
    assert ref.encode() in wal  # the WAL does hold this session's writes ...
    for blob in (main, wal):    # ... but not the name, nor other personal answers
        for secret in (NAME, "Quartermaine", "zq@example.com", "12345678"):
            assert secret.encode() not in blob
    stored = db["scratch_people"].get("p1")["name"]
    assert cipher.decrypt("scratch_people", "name", "p1", stored) == NAME
    with pytest.raises(crypto.FieldDecryptError):  # copied to another row it does not open
        cipher.decrypt("scratch_people", "name", "p2", stored)
    db.execute("pragma wal_checkpoint(truncate)")
    main, _wal = files(data_dir)
    assert ref.encode() in main and NAME.encode() not in main
    db.close()


def test_field_encryption_detects_tampering_and_other_keys():
    key = b"k" * 32
    token = crypto.encrypt_field(key, NAME, crypto.field_aad("t", "name", "1"))
    assert crypto.is_encrypted(token) and NAME not in token
    assert token != crypto.encrypt_field(key, NAME, crypto.field_aad("t", "name", "1"))  # fresh nonce
    for bad_key, aad, bad in ((b"x" * 32, crypto.field_aad("t", "name", "1"), token),
                              (key, crypto.field_aad("t", "phone", "1"), token),
                              (key, crypto.field_aad("t", "name", "1"), token[:-2] + "AA"),
                              (key, crypto.field_aad("t", "name", "1"), NAME)):
        with pytest.raises(crypto.FieldDecryptError):
            crypto.decrypt_field(bad_key, bad, aad)


@pytest.mark.parametrize("insecure", [PlaintextKeyring, fail.Keyring])
def test_without_a_secure_keyring_the_device_refuses(insecure, data_dir, monkeypatch):
    monkeypatch.delenv(ENV_BACKEND, raising=False)
    monkeypatch.setattr("keyring.get_keyring", lambda: insecure())
    crypto.forget_cached_keys()
    with pytest.raises(crypto.KeyUnavailable, match="will not store personal details") as refused:
        crypto.data_key(data_dir, "device-1")
    assert "secure keyring" in str(refused.value)
    assert not (data_dir / "demo-keyring.cfg").exists()


def test_the_named_demo_backend_keeps_one_key_per_device(data_dir, demo_keyring):
    key = crypto.data_key(data_dir, "device-1")
    crypto.forget_cached_keys()
    assert crypto.data_key(data_dir, "device-1") == key and len(key) == 32
    assert crypto.data_key(data_dir, "device-2") != key
    assert (data_dir / "demo-keyring.cfg").exists()  # the named, loudly insecure demo file


def test_rows_encrypt_and_decrypt_with_the_devices_own_key(data_dir, demo_keyring):
    db = open_db(device_db_path(data_dir))
    cipher = crypto.cipher_for(db)
    row = {"id": "m1", "name": NAME, "phone": "", "email": None, "number": "123"}
    stored = cipher.encrypt_row("tb_accounts", row, ("name", "phone", "email"))
    assert crypto.is_encrypted(stored["name"]) and stored["phone"] == "" and stored["email"] is None
    assert stored["number"] == "123"
    assert cipher.encrypt_row("tb_accounts", stored, ("name",)) == stored  # never encrypted twice
    assert cipher.decrypt_row("tb_accounts", stored, ("name", "phone", "email")) == row
    crypto.forget_cached_keys()  # the same device key comes back from the keyring
    assert crypto.cipher_for(db).decrypt_row("tb_accounts", stored, ("name",)) == row
    with pytest.raises(crypto.KeyUnavailable):
        crypto.cipher_for(open_memory_db())
