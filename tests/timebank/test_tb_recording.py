"""Recording: group sessions, confirmation by the payer's PIN, and the CSV import of paper records."""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from tb_helpers import memory_db, organisation, person

from kiosk.timebank import csv_import, ledger, numbers, recording
from kiosk.timebank.amounts import today_london
from kiosk.timebank.errors import TimeBankError


def test_group_session_credits_every_attendee_in_one_transaction(tb):
    org = organisation(tb)
    people = [person(tb, f"P{i}") for i in range(3)]
    made = recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[p["id"] for p in people],
                                          minutes="2", category="children", recorded_by="vol")
    assert len(made) == 3 and len({x["group_id"] for x in made}) == 1
    assert {x["payee_id"] for x in made} == {p["id"] for p in people}
    assert tb.execute("select count(*) from outbox where op_type = 'timebank.exchange.record'").fetchone()[0] == 3
    # One attendee who cannot take part stops the whole session: nothing half-recorded.
    pending = person(tb, "Late")
    tb.execute("update tb_accounts set status = 'pending' where id = ?", [pending["id"]])
    before = (tb["tb_exchanges"].count, tb["outbox"].count)
    with pytest.raises(TimeBankError):
        recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[people[0]["id"], pending["id"]],
                                       minutes=60, category="children", recorded_by="vol")
    assert (tb["tb_exchanges"].count, tb["outbox"].count) == before


def test_other_party_confirms_with_their_pin(tb):
    ada, ben = person(tb, "Ada", pin="4821"), person(tb, "Ben")
    claim = recording.record_exchange(tb, giver_id=ben["id"], receiver_id=ada["id"], minutes=60,
                                      category="errands", recorded_by="ben")
    assert claim["authorised_method"] is None
    with pytest.raises(TimeBankError):
        recording.confirm_exchange(tb, claim["id"], recording.authorise_with_pin(tb, ada["id"], "0000"))
    with pytest.raises(TimeBankError) as exc:  # a right PIN, but Ada has nothing confirmed to pay with
        recording.confirm_exchange(tb, claim["id"], recording.authorise_with_pin(tb, ada["id"], "4821"))
    assert exc.value.code == "insufficient_balance"
    tb["tb_balances"].insert({"account_id": ada["id"], "confirmed_minutes": 60, "as_of": "2026-11-22T09:00:00Z"})
    agreed = recording.confirm_exchange(tb, claim["id"], recording.authorise_with_pin(tb, ada["id"], "4821"))
    assert agreed["authorised_method"] == "pin" and agreed["state"] == "pending"  # the council settles it
    op = tb.execute("select op_type, payload from outbox order by seq desc limit 1").fetchone()
    assert op[0] == "timebank.exchange.confirm" and json.loads(op[1])["exchange_id"] == claim["id"]


def _uk(days_ago: int) -> str:
    return (today_london() - timedelta(days=days_ago)).strftime("%d/%m/%Y")


def _iso(days_ago: int) -> str:
    return (today_london() - timedelta(days=days_ago)).isoformat()


def _csv(rows):
    header = "Date,Giver,Receiver,Hours,Category,Description,Confirmed by"
    return "\n".join([header, *rows]) + "\n"


def test_csv_import_reports_each_row_and_keeps_the_good_ones():
    tb = memory_db()
    ada, ben = person(tb, "Ada"), person(tb, "Ben")
    org = organisation(tb)
    a, b, o = ada["number"], numbers.format_number(ben["number"]), org["number"]
    wrong = a[:-1] + str((int(a[-1]) + 1) % 10)
    text = _csv([
        f"{_uk(5)},{a},{b},1.5,Gardening,weeding,",              # 2 ok (category by its name)
        f"{_iso(4)},{a},{o},90m,gardening,,",                    # 3 ok: help to an organisation
        f"31/02/2026,{a},{b},1,gardening,,",                     # 4 impossible date
        f"{_uk(5)},{wrong},{b},1,gardening,,",                   # 5 mistyped number
        f"{_uk(5)},{a},{b},lots,gardening,,",                    # 6 unreadable hours
        "",                                                      # blank line: skipped
        f"{_uk(5)},{a},{b},1,knitting,,",                        # 8 unknown category
        f"{_uk(5)},{a},{a},1,gardening,,",                       # 9 same person
        f"{_uk(5)},{a},{b},1:30,gardening,weeding,",             # 10 ok: a second session written another way
        f"{_uk(3)},{a},{b},1,gardening,,Ann (broker)",           # 11 broker-agreed, but Ben has no credits
    ])
    report = csv_import.import_text(tb, text, recorded_by="outreach-1")
    by_row = {r.row: r for r in report.rows}
    assert [r for r in by_row if by_row[r].ok] == [2, 3, 10]
    assert by_row[4].code == "date_format" and "31/02/2026" in by_row[4].message
    assert by_row[5].code == "number_check" and by_row[5].message.startswith("Giver:")
    assert by_row[6].code == "amount_format"
    assert by_row[8].code == "unknown_category"
    assert by_row[9].code == "same_account"
    assert by_row[11].code == "insufficient_balance"
    assert report.imported == 3 and report.failed == 6
    assert ledger.balance(tb, ada["id"]).pending_credits == 90 + 90 + 90
    # Importing the same file again adds nothing.
    again = csv_import.import_text(tb, text, recorded_by="outreach-1")
    assert again.imported == 0 and {r.code for r in again.rows if r.ok} == {"duplicate"}
    assert tb.execute("select count(*) from tb_exchanges where source = 'import'").fetchone()[0] == 3


def test_csv_without_the_needed_columns_is_refused_whole():
    tb = memory_db()
    report = csv_import.import_text(tb, "date;giver;hours\n01/11/2026;1;1\n", recorded_by="x")
    assert report.error and "receiver" in report.error and report.rows == []
    assert csv_import.import_text(tb, "", recorded_by="x").error


def test_cli_import_prints_a_row_report_and_exit_code(tmp_path, capsys):
    from tb_helpers import device_db

    from kiosk.cli import main

    data = tmp_path / "dev"
    tb = device_db(data)
    ada, ben = person(tb, "Ada"), person(tb, "Ben")
    tb.conn.close()
    sheet = tmp_path / "paper.csv"
    sheet.write_bytes(_csv([f"{_uk(1)},{ada['number']},{ben['number']},1.5,gardening,Café,",
                            f"{_uk(1)},{ada['number']},{ben['number']},x,gardening,,"]).encode("cp1252"))
    # The real command, as staff run it.
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data), "timebank", "import-exchanges",
                           str(sheet)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "row 2: ok" in proc.stdout and "row 3: NOT IMPORTED" in proc.stdout
    assert "1 imported, 1 not imported" in proc.stdout
    run = ["--data-dir", str(data), "timebank"]
    capsys.readouterr()
    assert main([*run, "balance", ben["number"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["confirmed_minutes"] == 0
    assert main([*run, "balance", ada["number"]]) == 0
    assert "Waiting to be confirmed: 1 hour 30 minutes" in capsys.readouterr().out
    assert main([*run, "balance", "123"]) == 2
    assert "11 digits" in capsys.readouterr().out
    assert main([*run, "import-exchanges", str(tmp_path / "missing.csv")]) == 2
    assert "Cannot read" in capsys.readouterr().out
