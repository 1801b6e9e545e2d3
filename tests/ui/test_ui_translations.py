"""The Portuguese catalogue: covers the start screen, header and footer; placeholders intact; marked as a draft."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from kiosk import i18n
from ui.header import TEXT_SIZE_NAMES
from ui.screens.start import StartScreen, TASKS

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def catalogue(code: str):
    with i18n.catalogue_path(code).open("rb") as fh:
        return read_po(fh, locale=code, domain=i18n.DOMAIN)


def test_portuguese_covers_start_screen_header_and_footer():
    pt = catalogue("pt")
    needed = [StartScreen.title, "Staff", "Sign in for staff and volunteers", "Language", "Text size",
              "Back", "Finish", "Quick exit", "Touch to start", "Choose your language", "Not connected",
              "Nothing waiting to sync", *TEXT_SIZE_NAMES.values()]
    for _route, title, description in TASKS:
        needed += [title, description]
    missing = [text for text in needed if not (pt.get(text) and pt.get(text).string)]
    assert not missing


def test_every_translation_keeps_its_placeholders():
    pt = catalogue("pt")
    broken = []
    for message in pt:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            if string and set(PLACEHOLDER.findall(string)) - wanted:
                broken.append((message.id, string))
            if string and len(ids) == 1 and set(PLACEHOLDER.findall(string)) != wanted:
                broken.append((message.id, string))
    assert not broken


def test_catalogue_says_it_is_a_draft_for_community_review():
    text = i18n.catalogue_path("pt").read_text(encoding="utf-8")
    assert "DRAFT FOR COMMUNITY REVIEW" in text.split('msgid ""')[0]


def test_only_languages_with_a_catalogue_are_offered():
    from ui.language import available_languages

    offered = available_languages()
    assert offered["en"] == "English" and offered["pt"] == "Português"
    for code in offered:
        assert code == "en" or i18n.catalogue_path(code).exists()


# Every catalogue, every message of the template (issue: "a test fails when any catalogue lacks a
# string or breaks a placeholder"). Format specs ({seconds:02d}, {hub!r}) count as placeholders too.
FIELD = re.compile(r"\{[a-z_0-9]+(?:![rs])?(?::[^{}]*)?\}")


def _template():
    with (i18n.locale_dir() / "kiosk.pot").open("rb") as fh:
        return read_po(fh)


def test_every_language_catalogue_is_complete_and_keeps_placeholders():
    template = _template()
    problems = []
    for code in i18n.LANGUAGES:
        if code == i18n.SOURCE_LANGUAGE:
            continue
        assert i18n.catalogue_path(code).exists(), f"no catalogue for {code}"
        with i18n.catalogue_path(code).open("rb") as fh:
            translated = read_po(fh, locale={"tw": "ak"}.get(code, code))
        assert "DRAFT FOR COMMUNITY REVIEW" in i18n.catalogue_path(code).read_text(encoding="utf-8")
        for message in template:
            if not message.id:
                continue
            key = message.id
            found = translated.get(key[0] if isinstance(key, tuple) else key)
            strings = (found.string if isinstance(found.string, tuple) else (found.string,)) if found else ()
            if not found or not all(strings):
                problems.append((code, "missing", key))
                continue
            ids = key if isinstance(key, tuple) else (key,)
            wanted = set(FIELD.findall(ids[0])) | set(FIELD.findall(ids[-1]))
            for string in strings:
                got = set(FIELD.findall(string))
                if got - wanted or (len(ids) == 1 and got != wanted):
                    problems.append((code, "placeholders", key, string))
    assert not problems, problems[:10]


def test_every_language_is_offered_in_its_own_words():
    from ui.language import available_languages

    assert available_languages() == i18n.LANGUAGES


def test_the_template_has_every_message_of_the_sources():
    """A string added to the code without `make messages` would reach no translator (and the
    completeness test above, which reads the template, would not see it)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    root = i18n.locale_dir().parents[1]
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    in_sources = set()
    for package in ("kiosk", "ui", "sync"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                str(root / package), [("**.py", "python")], keywords=keywords):
            in_sources.add(message if isinstance(message, str) else tuple(message))
    in_template = {message.id for message in _template() if message.id}
    missing = sorted(map(str, in_sources - in_template))
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
