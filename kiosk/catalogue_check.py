"""Checking a translated catalogue (.po) before the council publishes it, and each message on a device.

The shipped catalogues are drafts; community translators send corrected .po
files, which the council publishes (``kiosk council catalogues publish``). A
catalogue is refused, with a report naming each problem and its message, when

- the language is not one the kiosk offers (or is English, the source),
- the file does not parse as a gettext catalogue (Babel), or names another language,
- a translation's ``{placeholders}`` differ from its msgid's (``str.format`` would
  fail or lose a value on screen), its braces are broken, or a plural has the
  wrong number of forms,
- a translation holds HTML/markup or control characters (labels are plain text:
  markup would show as tags, or as formatting where Qt guesses rich text).

Fuzzy, untranslated and unknown messages (msgids this version of the kiosk does
not have) are not errors: they are left out, so the shipped text stays, and
listed in the report. ``safe_translation`` is the per-message rule a device
applies again to whatever it pulled.

Babel and nh3 are imported inside the functions: a device imports this module
only when it installs a published catalogue.
"""

from __future__ import annotations

import functools
import io
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kiosk import i18n
from kiosk.i18n import N_, _

# Control characters other than tab and newline never belong on a label.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A msgid/msgstr value or continuation line: one double-quoted string with escapes.
_QUOTED = re.compile(r'^"(?:[^"\\]|\\.)*"$')

# Problem codes -> the message staff read (translated when the report is shown).
PROBLEMS: dict[str, str] = {
    "language": N_("{language} is not a language the kiosk offers (offered: {offered})."),
    "source_language": N_("English is the source language: change the text in the code, not in a catalogue."),
    "other_language": N_("The file says it is for {found}, not {language}."),
    "unreadable": N_("The file's characters cannot be read: {error}"),
    "parse": N_("Not a valid .po line: {error}"),
    "empty": N_("The file has no translated messages."),
    "placeholders": N_("The placeholders differ from the original: expected {expected}, found {found}."),
    "braces": N_("The braces {{ }} do not pair up, so the text cannot be filled in."),
    "markup": N_("The translation contains HTML or markup; screens show plain text only."),
    "control": N_("The translation contains control characters."),
    "plural_forms": N_("The plural has {found} forms; {language} needs {expected}."),
    "fuzzy": N_("Marked fuzzy (needs review): not used."),
    "untranslated": N_("Not translated: the shipped text stays."),
    "unknown": N_("Not a message of this version of the kiosk: not used."),
}


@dataclass
class Problem:
    code: str
    msgid: str | None = None  # None: a problem with the whole file
    line: int | None = None  # 1-based line of the .po file, when known
    values: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return _(PROBLEMS[self.code]).format(**self.values)

    def describe(self) -> str:
        """One line of the report: where, which message, what is wrong."""
        where = _("line {line}").format(line=self.line) if self.line else ""
        if self.msgid is not None:
            shown = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
            where = (where + " " if where else "") + '"' + shown.replace("\n", "\\n") + '"'
        return f"{where}: {self.text()}" if where else self.text()

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "msgid": self.msgid, "line": self.line, "message": self.text()}


@dataclass
class CheckedCatalogue:
    language: str
    messages: dict[str, str] = field(default_factory=dict)
    # singular msgid -> {"msgid_plural": ..., "forms": [...]}
    plurals: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)  # any of these: the catalogue is refused
    skipped: list[Problem] = field(default_factory=list)  # left out, the shipped text stays

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def count(self) -> int:
        return len(self.messages) + len(self.plurals)

    def report(self) -> dict[str, Any]:
        return {"language": self.language, "ok": self.ok, "messages": self.count,
                "errors": [p.as_dict() for p in self.errors],
                "skipped": [p.as_dict() for p in self.skipped]}


# --- one message -----------------------------------------------------------------------------


def placeholders(text: str) -> list[str] | None:
    """The ``str.format`` fields of ``text`` with conversion and spec (``{n}``, ``{s:02d}``), sorted;
    None when its braces do not pair up."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    fields = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        fields.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return sorted(fields)


def has_markup(text: str) -> bool:
    import nh3  # the HTML sanitiser the project already uses; recognises tags, not "a < b"

    return bool(nh3.is_html(text))


def message_problem(msgid: str, msgstr: str, wanted: Iterable[str] | None = None, *,
                    exact: bool = True) -> str | None:
    """The problem code of one translation, or None when it is safe to show.

    ``wanted``: the placeholders allowed (default: the msgid's). ``exact``: the
    translation must have exactly those (a plural form may use fewer).
    """
    if _CONTROL.search(msgstr):
        return "control"
    if has_markup(msgstr) and not has_markup(msgid):
        return "markup"
    found = placeholders(msgstr)
    if found is None:
        return "braces"
    expected = sorted(set(wanted if wanted is not None else (placeholders(msgid) or [])))
    if exact and sorted(set(found)) != expected:
        return "placeholders"
    if not exact and not set(found) <= set(expected):
        return "placeholders"
    return None


def safe_translation(msgid: str, msgstr: Any) -> bool:
    """A device's rule for one pulled message: non-blank text, same placeholders, no markup."""
    return isinstance(msgstr, str) and bool(msgstr.strip()) and message_problem(msgid, msgstr) is None


def safe_plural(msgid: str, msgid_plural: str | None, forms: Any) -> bool:
    if not isinstance(forms, (list, tuple)) or not forms:
        return False
    wanted = set(placeholders(msgid) or []) | set(placeholders(msgid_plural or "") or [])
    return all(isinstance(f, str) and f.strip() and message_problem(msgid, f, wanted, exact=False) is None
               for f in forms)


# --- a whole catalogue -------------------------------------------------------------------------


def babel_locale(code: str) -> str:
    """Babel has no "tw" (Twi); Akan ("ak") has its plural rules."""
    return "ak" if code == "tw" else code


def plural_count(code: str) -> int:
    from babel.messages.catalog import Catalog

    return Catalog(locale=babel_locale(code)).num_plurals


def template_path() -> Path:
    return i18n.locale_dir() / f"{i18n.DOMAIN}.pot"


def known_msgids(code: str | None = None) -> set[str]:
    """The msgids this version of the kiosk uses: its template, else the shipped catalogue of ``code``."""
    path = template_path()
    if not path.exists() and code is not None:
        path = i18n.catalogue_path(code)
    if not path.exists():
        return set()
    return set(_msgids_of(str(path), path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=4)
def _msgids_of(path: str, _mtime_ns: int) -> frozenset[str]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        catalog = read_po(fh)
    return frozenset(m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and not m.context)


def _parser_collecting(catalog: Any, errors: list[Problem]) -> Any:
    from babel.messages.pofile import PoFileParser

    class CollectingParser(PoFileParser):
        """Babel's parser, but every invalid line is collected instead of printed."""

        def _process_message_line(self, lineno, line, obsolete=False):  # noqa: ANN001
            # Babel takes a string without its closing quote silently; a translator's typo must not.
            value = line.partition(" ")[2] if line and line[0] != '"' else line
            if line and value and not _QUOTED.match(value):
                self._invalid_pofile(line, lineno, _("a text must be one string in double quotes"))
            return super()._process_message_line(lineno, line, obsolete)

        def _invalid_pofile(self, line, lineno, msg):  # noqa: ANN001
            errors.append(Problem("parse", None, lineno + 1 if lineno is not None else None, {"error": msg}))

    return CollectingParser(catalog, ignore_obsolete=True)


def check_catalogue(data: bytes, language: str, known: set[str] | None = None) -> CheckedCatalogue:
    """Check a .po file for ``language``; ``known``: msgids to keep (default: this kiosk's template)."""
    from babel.messages.catalog import Catalog

    result = CheckedCatalogue(language)
    if language == i18n.SOURCE_LANGUAGE:
        result.errors.append(Problem("source_language"))
        return result
    if language not in i18n.LANGUAGES:
        offered = ", ".join(c for c in i18n.LANGUAGES if c != i18n.SOURCE_LANGUAGE)
        result.errors.append(Problem("language", values={"language": language, "offered": offered}))
        return result
    catalog = Catalog(locale=None, domain=i18n.DOMAIN)
    parser = _parser_collecting(catalog, result.errors)
    try:
        parser.parse(io.BytesIO(data))
    except UnicodeDecodeError as exc:
        result.errors.append(Problem("unreadable", values={"error": str(exc)}))
        return result
    except ValueError as exc:  # a malformed header Babel cannot read
        result.errors.append(Problem("parse", values={"error": str(exc)}))
        return result
    found = (catalog.locale_identifier or "").replace("-", "_")
    if found and found.split("_")[0] not in (language, babel_locale(language)):
        result.errors.append(Problem("other_language", values={"found": found, "language": language}))
    if known is None:
        known = known_msgids(language)
    forms_needed = plural_count(language)
    for message in catalog:
        if not message.id:
            continue  # the header
        _check_message(message, language, known, forms_needed, result)
    if result.ok and not result.count:
        result.errors.append(Problem("empty"))
    return result


def _check_message(message: Any, language: str, known: set[str], forms_needed: int,
                   result: CheckedCatalogue) -> None:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    msgid, line = ids[0], message.lineno
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if message.context or (known and msgid not in known):
        result.skipped.append(Problem("unknown", msgid, line))
        return
    if message.fuzzy:
        result.skipped.append(Problem("fuzzy", msgid, line))
        return
    if not any(s and s.strip() for s in strings):
        result.skipped.append(Problem("untranslated", msgid, line))
        return
    if len(ids) > 1:
        if len(strings) != forms_needed:
            result.errors.append(Problem("plural_forms", msgid, line,
                                         {"found": len(strings), "expected": forms_needed, "language": language}))
            return
        if not all(s and s.strip() for s in strings):
            result.skipped.append(Problem("untranslated", msgid, line))
            return
        wanted = sorted(set(placeholders(ids[0]) or []) | set(placeholders(ids[1]) or []))
        for form in strings:
            code = message_problem(msgid, form, wanted, exact=False)
            if code:
                result.errors.append(_problem(code, msgid, line, wanted, form))
                return
        result.plurals[msgid] = {"msgid_plural": ids[1], "forms": list(strings)}
        return
    code = message_problem(msgid, strings[0])
    if code:
        result.errors.append(_problem(code, msgid, line, placeholders(msgid) or [], strings[0]))
        return
    result.messages[msgid] = strings[0]


def _problem(code: str, msgid: str, line: int | None, wanted: list[str], msgstr: str) -> Problem:
    values: dict[str, Any] = {}
    if code == "placeholders":
        values = {"expected": " ".join(wanted) or _("none"), "found": " ".join(placeholders(msgstr) or []) or _("none")}
    return Problem(code, msgid, line, values)


def usable_messages(messages: Any, plurals: Any, known: set[str]) -> tuple[dict[str, str], dict[str, dict[str, Any]], int]:
    """What a device keeps of a pulled catalogue: safe translations of msgids it knows.

    Returns (messages, plurals, how many were left out). ``known`` empty: no msgid filter.
    """
    kept: dict[str, str] = {}
    kept_plurals: dict[str, dict[str, Any]] = {}
    dropped = 0
    for msgid, msgstr in (messages.items() if isinstance(messages, dict) else ()):
        if isinstance(msgid, str) and (not known or msgid in known) and safe_translation(msgid, msgstr):
            kept[msgid] = msgstr
        else:
            dropped += 1
    for msgid, entry in (plurals.items() if isinstance(plurals, dict) else ()):
        entry = entry if isinstance(entry, dict) else {}
        plural, forms = entry.get("msgid_plural"), entry.get("forms")
        if (isinstance(msgid, str) and isinstance(plural, str) and (not known or msgid in known)
                and safe_plural(msgid, plural, forms)):
            kept_plurals[msgid] = {"msgid_plural": plural, "forms": list(forms)}
        else:
            dropped += 1
    return kept, kept_plurals, dropped
