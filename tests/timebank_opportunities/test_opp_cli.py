"""``kiosk board``: staff post an opportunity, list the board and see a member's matches."""

from __future__ import annotations

import json

from kiosk.cli import main
from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from kiosk.timebank import opportunities as op
from tb_helpers import organisation, person


def test_post_list_match_and_withdraw_from_the_terminal(data_dir, capsys):
    db = open_db(device_db_path(data_dir))
    Settings(db)["hub_id"] = "demo-hub-sunflower"
    org = organisation(db, "Sunflower Children's Centre")
    ada = person(db, "Ada Obi", interests=["children"], availability="Tuesday mornings")
    db.conn.close()
    base = ["--data-dir", str(data_dir), "board"]
    assert main(base + ["post-opportunity", "--organisation", org["number"], "--staff", "broker-1",
                        "--title", "Stay-and-play helper", "--category", "children", "--every", "tue",
                        "--from", "10:00", "--to", "11:30", "--places", "2"]) == 0
    item_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(base + ["post-opportunity", "--organisation", org["number"], "--staff", "broker-1",
                        "--title", "Fun day", "--category", "children", "--at", "31/02/2026 10:00"]) == 2
    assert "like 01/12/2026 10:00" in capsys.readouterr().out
    assert main(base + ["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(i["title"], i["places_available"], i["start_time"]) for i in listed] == [
        ("Stay-and-play helper", 2, "10:00")]
    assert "poster_id" not in listed[0] and "device_id" not in listed[0]
    assert main(base + ["match", ada["number"]]) == 0
    out = capsys.readouterr().out
    assert "Stay-and-play helper" in out and "Matches your interest: children" in out
    assert main(base + ["withdraw", item_id[:8], "--staff", "broker-1"]) == 0
    capsys.readouterr()
    db = open_db(device_db_path(data_dir))
    assert op.board(db) == [] and op.get_item(db, item_id)["withdrawn_by"] == "broker-1"
