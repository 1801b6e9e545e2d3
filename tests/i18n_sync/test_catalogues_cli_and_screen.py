"""The officer's command, and a correction pulled on the sync thread redrawing a label on the GUI thread."""

from __future__ import annotations

import threading

from i18n_sync_kit import corrected, po, write
from kiosk import i18n
from kiosk.cli import main
from kiosk.i18n import N_
from kiosk.paths import device_db_path
from kiosk.store import open_db


def _council(tmp_path, *args):
    return main(["--data-dir", str(tmp_path / "council"), "council", "catalogues", *args])


def test_publish_and_list_from_the_command_line(tmp_path, capsys):
    bad = write(tmp_path, "pt-bad.po", po([("Back", "Voltar atrás"), ("Co-op Kiosk – {hub}", "Quiosque {centro}")]))
    assert _council(tmp_path, "publish", "pt", str(bad)) == 2
    err = capsys.readouterr().err
    assert "Refused" in err and '"Co-op Kiosk – {hub}"' in err and "{centro}" in err and "line 9" in err
    assert _council(tmp_path, "list") == 0
    assert "No catalogues published yet." in capsys.readouterr().out

    good = write(tmp_path, "pt.po", corrected("pt", {"Back": "Voltar atrás"}))
    assert _council(tmp_path, "publish", "pt", str(good)) == 0
    assert "version 1" in capsys.readouterr().out
    assert _council(tmp_path, "publish", "pt", str(write(tmp_path, "pt2.po", po([("Back", "Regressar")])))) == 0
    assert "version 2" in capsys.readouterr().out
    assert _council(tmp_path, "list") == 0
    listing = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] + [("in use" in line)] for line in listing] == [["pt", "v2", True], ["pt", "v1", False]]
    assert _council(tmp_path, "publish", "pt", str(tmp_path / "missing.po")) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_a_correction_pulled_on_the_sync_thread_redraws_a_plain_text_label(world, data_dir, qtbot):
    from PySide6.QtCore import Qt

    from ui.govuk.basics import Label
    from ui.language import notifier

    label = Label(N_("Back"))
    qtbot.addWidget(label)
    notifier().changed.connect(label.retranslate)
    i18n.set_language("pt")
    assert label.text() == "Voltar"
    from sync.server import catalogues

    with world.council() as conn:
        assert catalogues.publish(conn, "pt", po([("Back", "Voltar atrás")])).version == 1

    def pull_like_the_ui_worker():  # its own connection, as ui/screens/staff/sync_runner.py does
        db = open_db(device_db_path(data_dir))
        try:
            world.sync(db)
        finally:
            db.close()

    worker = threading.Thread(target=pull_like_the_ui_worker)
    worker.start()
    worker.join(20)
    assert not worker.is_alive()
    # Queued to the GUI thread, never run on the worker: the label changes only when Qt's loop runs.
    assert label.text() == "Voltar"
    qtbot.waitUntil(lambda: label.text() == "Voltar atrás", timeout=5000)

    # Labels are plain text: even markup that slipped past every check shows as characters.
    i18n.set_corrections({"pt": i18n.Corrections(99, "test", {"Back": "<b>Voltar</b>"})})
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>Voltar</b>"


def test_the_kiosk_opens_with_the_corrections_it_already_has(world, data_dir, qtbot):
    from kiosk.settings import Settings
    from sync.server import catalogues
    from ui.app import open_window

    with world.council() as conn:
        catalogues.publish(conn, "pt", po([("Back", "Voltar atrás")]))
    world.sync()
    Settings(world.db)["default_language"] = "pt"
    i18n.set_corrections({})  # a new start: nothing in use until the store is open
    window = open_window(data_dir, background_sync=False)
    qtbot.addWidget(window)
    assert window.footer.back.text() == "Voltar atrás"
    assert window.footer.finish.text() == "Terminar"
