"""Translators' corrections: published by the council, pulled by a device, shown instead of the draft."""

from __future__ import annotations

import sqlalchemy as sa

from i18n_sync_kit import corrected, po
from kiosk import i18n, published_catalogues
from kiosk.i18n import _
from sync.server import catalogues
from sync.server import db as council_db


def _publish(world, language: str, data: bytes, name: str = "kiosk.po"):
    with world.council() as conn:
        return catalogues.publish(conn, language, data, name)


def _catalogue_changes(world) -> int:
    with council_db.reading(world.engine) as conn:
        log = council_db.change_log
        return conn.execute(sa.select(sa.func.count()).select_from(log)
                            .where(log.c.entity == catalogues.ENTITY)).scalar()


def test_a_published_correction_reaches_the_device_and_the_screen_redraws(world):
    result = _publish(world, "pt", corrected("pt", {"Back": "Voltar atrás",
                                                    "Co-op Kiosk – {hub}": "Quiosque Cooperativo – {hub}"}))
    assert result.checked.ok and result.version == 1
    i18n.set_language("pt")
    heard: list[str] = []
    unsubscribe = i18n.on_language_changed(heard.append)
    try:
        assert _("Back") == "Voltar"  # the shipped draft until the device syncs
        summary = world.sync()
        assert summary["ok"] and summary["pulled"] >= 1
        # Live: the pull put the correction in use and told the UI to redraw, without a restart.
        assert heard == ["pt"]
        assert _("Back") == "Voltar atrás"
        assert _("Co-op Kiosk – {hub}").format(hub="Brixton") == "Quiosque Cooperativo – Brixton"
        assert _("Finish") == "Terminar"  # unchanged messages still come from the catalogue
        assert i18n.ngettext("{n} day", "{n} days", 3).format(n=3) == "3 dias"
    finally:
        unsubscribe()
    i18n.set_language("fr")
    assert _("Back") != "Voltar atrás"  # only Portuguese was corrected
    # Kept once on the device, checked, not twice (the generic mirror's copy is gone).
    rows = published_catalogues.status(world.db)
    assert [(r["language"], r["version"], r["dropped"]) for r in rows] == [("pt", 1, 0)]
    assert world.db.execute("select count(*) from mirror where entity = 'i18n.catalogue'").fetchone()[0] == 0


def test_corrections_are_loaded_when_the_kiosk_starts(world):
    _publish(world, "so", corrected("so", {"Back": "Dib u noqo (sax)"}))
    world.sync()
    i18n.set_corrections({})  # a new process: nothing in use until the store is opened
    i18n.set_language("so")
    assert _("Back") != "Dib u noqo (sax)"
    assert published_catalogues.install(world.db) is True
    assert _("Back") == "Dib u noqo (sax)"
    assert published_catalogues.install(world.db) is False  # nothing new: no redraw


def test_messages_missing_or_empty_in_the_published_catalogue_keep_the_shipped_text(world):
    # A translator sends back only what they corrected, plus one message left empty.
    result = _publish(world, "pt", po([("Back", "Voltar atrás"), ("Finish", "")]))
    assert result.checked.ok
    assert [(p.code, p.msgid) for p in result.checked.skipped] == [("untranslated", "Finish")]
    world.sync()
    i18n.set_language("pt")
    assert _("Back") == "Voltar atrás"
    assert _("Finish") == "Terminar"
    assert _("Quick exit") == "Saída rápida"


def test_a_new_version_replaces_the_old_and_withdrawing_restores_the_shipped_text(world):
    assert _publish(world, "pt", po([("Back", "Voltar atrás"), ("Finish", "Concluir")])).version == 1
    world.sync()
    i18n.set_language("pt")
    assert (_("Back"), _("Finish")) == ("Voltar atrás", "Concluir")

    # The same file again publishes nothing; a different one is version 2.
    again = _publish(world, "pt", po([("Back", "Voltar atrás"), ("Finish", "Concluir")]))
    assert again.unchanged and again.version == 1
    assert _publish(world, "pt", po([("Back", "Regressar")])).version == 2
    heard: list[str] = []
    unsubscribe = i18n.on_language_changed(heard.append)
    try:
        world.sync()
        assert heard == ["pt"]
    finally:
        unsubscribe()
    assert _("Back") == "Regressar"
    assert _("Finish") == "Terminar"  # corrected in version 1 only: back to the shipped text
    assert [r["version"] for r in published_catalogues.status(world.db)] == [2]

    with world.council() as conn:
        assert catalogues.withdraw(conn, "pt") == 2
        listing = catalogues.list_catalogues(conn)
    assert [(r["version"], r["in_use"], r["withdrawn_at"] is not None) for r in listing] == [
        (2, False, True), (1, False, False)]
    world.sync()
    assert _("Back") == "Voltar"
    assert published_catalogues.status(world.db) == []


def test_a_refused_catalogue_publishes_nothing(world):
    before = _catalogue_changes(world)
    broken = po([("Back", "Voltar atrás")]) + b'\nmsgid "Finish"\nmsgstr "Terminar\n\nmsgid "Quick exit"\nmsgtr "x"\n'
    result = _publish(world, "pt", broken)
    assert not result.checked.ok and result.version is None
    lines = [p.line for p in result.checked.errors if p.code == "parse"]
    assert 10 in lines and 13 in lines  # the unclosed quote and the misspelt keyword, by line
    for language in ("xx", "en"):
        refused = _publish(world, language, po([("Back", "Voltar")], language))
        assert [p.code for p in refused.checked.errors] == ["language" if language == "xx" else "source_language"]
    wrong = _publish(world, "fr", po([("Back", "Voltar")], "pt"))
    assert [p.code for p in wrong.checked.errors] == ["other_language"]
    assert _catalogue_changes(world) == before
    world.sync()
    assert published_catalogues.status(world.db) == []


def test_placeholders_that_differ_from_the_msgid_are_refused_message_by_message(world):
    result = _publish(world, "pt", po([
        ("Back", "Voltar atrás"),
        ("Co-op Kiosk – {hub}", "Quiosque Co-op – {centro}"),  # renamed: .format(hub=...) would fail
        ("Opening hours for {name}", "Horário"),  # not in this kiosk: left out, not an error
        ("Staff", "Pessoal {hub}"),  # an extra placeholder
        ("Language", "Idioma {"),  # broken braces
        ("Quick exit", "<b>Saída rápida</b>"),  # markup on a plain-text label
    ]))
    assert not result.checked.ok
    report = {p.msgid: p for p in result.checked.errors}
    assert set(report) == {"Co-op Kiosk – {hub}", "Staff", "Language", "Quick exit"}
    assert report["Co-op Kiosk – {hub}"].code == "placeholders"
    text = report["Co-op Kiosk – {hub}"].describe()
    assert "{hub}" in text and "{centro}" in text and "line" in text
    assert (report["Staff"].code, report["Language"].code, report["Quick exit"].code) == (
        "placeholders", "braces", "markup")
    assert [(p.code, p.msgid) for p in result.checked.skipped] == [("unknown", "Opening hours for {name}")]
    assert _catalogue_changes(world) == 0


def test_the_device_uses_only_safe_translations_of_messages_it_knows(world):
    """Whatever arrives (an older council, a hand-made change), a bad message never reaches a screen."""
    with world.council() as conn:
        council_db.publish(conn, catalogues.ENTITY, "pt", {
            "language": "pt", "version": 7, "digest": "hand-made", "published_at": None,
            "messages": {
                "Back": "Voltar atrás",
                "Finish": "   ",  # blank
                "Quick exit": "<a href='http://x'>Sair</a>",  # markup
                "Co-op Kiosk – {hub}": "Quiosque {centro}",  # would raise KeyError in .format
                "Brixton Library": "Biblioteca",  # not a msgid of the kiosk (data shown on screen)
            },
            "plurals": {"{n} day": {"msgid_plural": "{n} days", "forms": ["{n} dia", "{x} dias"]}},
        })
    world.sync()
    i18n.set_language("pt")
    assert _("Back") == "Voltar atrás"
    assert _("Finish") == "Terminar"
    assert _("Quick exit") == "Saída rápida"
    assert _("Co-op Kiosk – {hub}").format(hub="B") == "Quiosque Co-op – B"
    assert _("Brixton Library") == "Brixton Library"
    assert i18n.ngettext("{n} day", "{n} days", 2).format(n=2) == "2 dias"
    assert [r["dropped"] for r in published_catalogues.status(world.db)] == [5]


def test_a_malformed_publication_keeps_the_catalogue_the_device_had(world):
    _publish(world, "pt", po([("Back", "Voltar atrás")]))
    world.sync()
    with world.council() as conn:
        council_db.publish(conn, catalogues.ENTITY, "pt", {"language": "pt", "version": "x", "messages": []})
    assert world.sync()["ok"]
    i18n.set_language("pt")
    assert _("Back") == "Voltar atrás"


def test_after_an_upgrade_stored_corrections_are_checked_against_the_new_version(world):
    import json

    _publish(world, "pt", po([("Back", "Voltar atrás"), ("Finish", "Concluir")]))
    world.sync()
    # As if an older kiosk had stored them: one msgid this version no longer has.
    stored = json.loads(world.db.execute("select messages from published_catalogues").fetchone()[0])
    stored["Retired message"] = "Mensagem antiga"
    with world.db.atomic():
        world.db.execute("update published_catalogues set messages = ?, checked_by = '0.0.1'",
                         [json.dumps(stored)])
    i18n.set_corrections({})
    assert published_catalogues.install(world.db) is False  # English on screen: nothing to redraw
    i18n.set_language("pt")
    assert (_("Back"), _("Finish"), _("Retired message")) == ("Voltar atrás", "Concluir", "Retired message")
    row = world.db.execute("select checked_by, dropped, messages from published_catalogues").fetchone()
    assert row[0] != "0.0.1" and row[1] == 1 and "Retired message" not in json.loads(row[2])
