"""One translation mechanism for core and UI: gettext catalogues (.po) via Babel.

Catalogues are read from ``resources/locale/<lang>/LC_MESSAGES/kiosk.po`` when a
language is chosen (compiled in memory, no build step). ``_`` always answers in
the current language, so code that re-reads its strings on a language change
redraws live.

The shipped catalogues are drafts for community review. Corrections the council
publishes reach the device through sync (``kiosk.published_catalogues`` stores
and checks them) and are handed to ``set_corrections``: a corrected message wins,
anything missing or empty falls back to the shipped catalogue. This module never
reads the database itself, so it can be used before the database is open.
"""

from __future__ import annotations

import gettext
import io
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from kiosk.paths import resources_dir

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

# The seed report's languages (L87-90), each named in its own words.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "pt": "Português",
    "so": "Soomaali",
    "es": "Español",
    "yo": "Yorùbá",
    "fr": "Français",
    "tw": "Twi",
}


@dataclass(frozen=True)
class Corrections:
    """A council-published catalogue for one language, already checked by the caller.

    ``messages``: msgid -> corrected text; ``plurals``: singular msgid -> the plural forms.
    ``version`` and ``digest`` say which publication it is (compared, never interpreted).
    """

    version: int
    digest: str = ""
    messages: Mapping[str, str] = field(default_factory=dict)
    plurals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def identity(self) -> tuple[int, str]:
        return (self.version, self.digest)


class _Corrected(gettext.NullTranslations):
    """Corrected messages first; a message missing or blank here falls back to the shipped one."""

    def __init__(self, corrections: Corrections, shipped: gettext.NullTranslations):
        super().__init__()
        self._messages = corrections.messages
        self._plurals = corrections.plurals
        self.add_fallback(shipped)

    def gettext(self, message: str) -> str:
        text = self._messages.get(message)
        if text and text.strip():
            return text
        return self._fallback.gettext(message)  # type: ignore[union-attr]

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(msgid1)
        if forms:
            # The shipped catalogue's Plural-Forms rule; the council checked the number of forms.
            rule = getattr(self._fallback, "plural", None)
            index = int(rule(n)) if rule else int(n != 1)
            if 0 <= index < len(forms) and forms[index].strip():
                return forms[index]
        return self._fallback.ngettext(msgid1, msgid2, n)  # type: ignore[union-attr]


_current_code = SOURCE_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()
_cache: dict[tuple[str, Path], gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []
_corrections: dict[str, Corrections] = {}
# A sync worker thread may install corrections while the UI thread switches language.
_lock = threading.RLock()


def locale_dir() -> Path:
    return resources_dir() / "locale"


def catalogue_path(code: str, base: Path | None = None) -> Path:
    return (base or locale_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(code: str, base: Path | None = None) -> gettext.NullTranslations:
    """The shipped catalogue for ``code``; English (the source) when there is no catalogue."""
    path = catalogue_path(code, base)
    key = (code, path)
    if key in _cache:
        return _cache[key]
    if code == SOURCE_LANGUAGE or not path.exists():
        shipped: gettext.NullTranslations = gettext.NullTranslations()
    else:
        # Babel only when a catalogue is read: English, the default, never needs it.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with path.open("rb") as fh:
            catalog = read_po(fh, locale=code.replace("tw", "ak"), domain=DOMAIN)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        shipped = gettext.GNUTranslations(buf)
    _cache[key] = shipped
    return shipped


def translations(code: str) -> gettext.NullTranslations:
    """The shipped catalogue for ``code`` with the council's corrections (if any) on top."""
    shipped = load(code)
    layer = _corrections.get(code)
    if layer is None or code == SOURCE_LANGUAGE:
        return shipped
    return _Corrected(layer, shipped)


def set_language(code: str) -> None:
    global _current, _current_code
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}")
    with _lock:
        _current = translations(code)
        _current_code = code
    _notify(code)


def _notify(code: str) -> None:
    for listener in list(_listeners):
        listener(code)


def set_corrections(by_language: Mapping[str, Corrections]) -> bool:
    """Replace the council's corrections for every language with ``by_language``.

    Languages left out go back to their shipped catalogue. When the current
    language's text changes, listeners are called as for a language switch, so
    the screen redraws (possibly from the thread that pulled the corrections:
    Qt listeners must be queued signals, as ``ui.language.notifier`` is).
    Returns whether the current language's text changed.
    """
    global _current
    with _lock:
        code = _current_code
        before = _corrections.get(code)
        _corrections.clear()
        _corrections.update({lang: c for lang, c in by_language.items() if lang in LANGUAGES})
        after = _corrections.get(code)
        changed = (before.identity if before else None) != (after.identity if after else None)
        if changed:
            _current = translations(code)
    if changed:
        _notify(code)
    return changed


def corrections() -> dict[str, Corrections]:
    """The council's corrections now in use, by language."""
    with _lock:
        return dict(_corrections)


def current_language() -> str:
    return _current_code


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(code)`` after every switch, and when the council's corrections
    change the current language's text; returns a function that unsubscribes."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def clear_cache() -> None:
    _cache.clear()


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with ``_`` at display time."""
    return message
