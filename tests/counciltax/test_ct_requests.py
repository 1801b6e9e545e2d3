"""Council-tax requests: every field rejects bad input with a message; submit is atomic; status comes back."""

from __future__ import annotations

import json
import sqlite3

import pytest

from kiosk import mirror, outbox
from kiosk.counciltax import reference
from kiosk.counciltax.questions import CHOICE, DATE, MONEY, NUMBER, POSTCODE, TEXT, YES_NO
from kiosk.counciltax.requests import BAND_CHALLENGE_INFO, REQUEST_TYPES, SubmissionInvalid, validate
from kiosk.counciltax.submissions import apply_status_change, lookup, submit
from kiosk.i18n import _
from kiosk.paths import device_db_path
from kiosk.store import open_db

from ct_examples import VALID, day

# One bad value per kind of question, and the message it must produce.
BAD_BY_KIND = {
    TEXT: ("x" * 501, "characters or fewer"),
    DATE: ("2025-02-30", "real date"),
    CHOICE: ("not-a-choice", "Select from the list"),
    YES_NO: ("maybe", "Select yes or no"),
    MONEY: ("12.345", "pounds and pence"),
    POSTCODE: ("QQ1 1QQ", "real postcode"),
    NUMBER: ("two", "whole number"),
}
# Fields whose own validator is what rejects a well-formed but wrong value.
BAD_SPECIFIC = {
    "account_reference": ("12-3", "council tax account number"),
    "sort_code": ("30-94-5", "valid sort code"),
    "account_number": ("7334451", "8 numbers long"),
    "email": ("ada.example.com", "correct format"),
    "phone": ("12345", "telephone number"),
    "only_adult": (False, "only get single person discount"),
    "sole_authoriser": ("no", "Every account holder"),
    "date_of_birth": (day(-365 * 10), "16 or over"),
    "move_in_date": (day(400), "on or before"),
    "first_payment": (day(-1), "on or after"),
    "children": ("21", "between 0 and 20"),
    "arrears_pence": ("0", "more than £0"),
    "benefits": (["none", "universal_credit"], "None of these"),
}


def test_every_request_type_has_a_valid_example():
    assert set(VALID) == set(REQUEST_TYPES)
    for request_id, answers in VALID.items():
        clean, errors = validate(REQUEST_TYPES[request_id], answers)
        assert errors == {}, (request_id, errors)
    clean, _errors = validate(REQUEST_TYPES["ctr_apply"], VALID["ctr_apply"])
    assert clean["rent_pence"] == 115050 and clean["children"] == 2 and clean["postcode"] == "SW2 5SG"


def cases():
    for request_id, request_type in REQUEST_TYPES.items():
        for q in request_type.visible_questions(validate(request_type, VALID[request_id])[0]):
            yield pytest.param(request_id, q.id, id=f"{request_id}.{q.id}")


@pytest.mark.parametrize("request_id, question_id", list(cases()))
def test_each_field_rejects_bad_input_with_a_message(request_id, question_id):
    request_type = REQUEST_TYPES[request_id]
    q = request_type.question(question_id)
    bad = [BAD_BY_KIND[q.kind]]
    if question_id in BAD_SPECIFIC:
        bad.append(BAD_SPECIFIC[question_id])
    if q.required:
        bad.append(("", "Select an answer" if q.kind in (CHOICE, YES_NO) else "Enter an answer"))
    for value, message in bad:
        _clean, errors = validate(request_type, {**VALID[request_id], question_id: value})
        assert list(errors) == [question_id], (value, errors)
        assert message in errors[question_id]


def test_conditional_questions_are_asked_only_when_they_apply():
    ctr = REQUEST_TYPES["ctr_apply"]
    owner = {**VALID["ctr_apply"], "tenure": "owner", "partner": False}
    ids = [q.id for q in ctr.visible_questions(validate(ctr, owner)[0])]
    assert "rent_pence" not in ids and "partner_name" not in ids and "landlord_name" not in ids
    clean, errors = validate(ctr, owner)
    assert errors == {} and "rent_pence" not in clean  # a stale hidden answer is not stored


def test_checks_across_answers():
    within = REQUEST_TYPES["moving_within"]
    _c, errors = validate(within, {**VALID["moving_within"], "move_in_date": day(-9), "move_out_date": day(-5)})
    assert "same as or after" in errors["move_in_date"]
    arrangement = REQUEST_TYPES["arrears_arrangement"]
    # £2,400 at £1 a month cannot finish by 31 March: the error names the smallest monthly payment that can.
    _c, errors = validate(arrangement, {**VALID["arrears_arrangement"], "arrears_pence": "2400",
                                        "monthly_pence": "1"})
    assert "must finish by 31 March; pay at least £" in errors["monthly_pence"]
    _c, errors = validate(arrangement, {**VALID["arrears_arrangement"], "monthly_pence": "301"})
    assert "more than you owe" in errors["monthly_pence"]


def test_messages_are_translatable():
    # Every label and message goes through gettext: a catalogue can replace it.
    for request_type in REQUEST_TYPES.values():
        for q in request_type.questions:
            assert q.label and _(q.label)
    assert all(BAND_CHALLENGE_INFO)


def test_submit_stores_the_record_and_the_outbox_operation_together(data_dir):
    db = open_db(device_db_path(data_dir))
    ref = submit(db, "direct_debit", VALID["direct_debit"])
    assert reference.is_valid(ref) and ref.startswith("CT-")
    row = lookup(db, ref.lower().replace("-", " "))
    assert row["request_type"] == "direct_debit" and row["status"] == "waiting"
    op = db["outbox"].get(row["op_id"])
    payload = json.loads(op["payload"])
    assert op["op_type"] == "counciltax.request" and op["state"] == "queued"
    assert payload["reference"] == ref and payload["answers"]["sort_code"] == "30-94-57"
    assert payload["answers"]["dd_day"] == "15"
    # No personal data in the local table: only the outbox payload holds the answers.
    assert "Ada" not in json.dumps(row) and "00733445" not in json.dumps(row)


def test_invalid_answers_store_nothing(data_dir):
    db = open_db(device_db_path(data_dir))
    with pytest.raises(SubmissionInvalid) as info:
        submit(db, "refund", {**VALID["refund"], "sort_code": "1", "postcode": ""})
    assert list(info.value.errors) == ["postcode", "sort_code"]  # in page order, for the error summary
    assert db["counciltax_submission"].count == 0 and db["outbox"].count == 0


def test_a_failed_write_leaves_neither_record_nor_operation(data_dir):
    db = open_db(device_db_path(data_dir))
    db.execute("create trigger refuse before insert on counciltax_submission "
               "begin select raise(abort, 'disk full'); end")
    with pytest.raises(sqlite3.DatabaseError):
        submit(db, "spd_apply", VALID["spd_apply"])
    assert db["outbox"].count == 0
    assert outbox.counts(db)["waiting"] == 0


def test_status_flows_back_through_the_mirror(data_dir):
    db = open_db(device_db_path(data_dir))
    ref = submit(db, "refund", VALID["refund"])
    change = {"seq": 1, "entity": "counciltax.submission_status", "key": ref, "op": "upsert",
              "data": {"status": "rejected", "reason": "No overpayment on the account",
                       "updated_at": "2030-01-02T10:00:00.000000Z"}}
    mirror.apply_page(db, [change], "v1.e.1")
    row = lookup(db, ref)
    assert (row["status"], row["status_reason"]) == ("rejected", "No overpayment on the account")
    # An older status arriving late does not overwrite a newer one.
    assert not apply_status_change(db, ref, "received", None, "2030-01-01T00:00:00.000000Z")
    assert lookup(db, ref)["status"] == "rejected"
    # A reference made on another device of the hub can be looked up too.
    other = reference.new_reference()
    mirror.apply_page(db, [{**change, "seq": 2, "key": other, "data": {"status": "done", "request_type": "refund"}}],
                      "v1.e.2")
    assert lookup(db, other)["status"] == "done"
    assert lookup(db, "CT-NOTAREF") is None
