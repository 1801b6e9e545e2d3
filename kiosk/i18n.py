"""One translation mechanism for core and UI: gettext catalogues (.po) via Babel.

Catalogues are read from ``resources/locale/<lang>/LC_MESSAGES/kiosk.po`` when a
language is chosen (compiled in memory, so a corrected catalogue published by the
council takes effect without a build step). ``_`` always answers in the current
language, so code that re-reads its strings on a language change redraws live.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path
from typing import Callable

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

_current_code = SOURCE_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()
_cache: dict[tuple[str, Path], gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []


def locale_dir() -> Path:
    return resources_dir() / "locale"


def catalogue_path(code: str, base: Path | None = None) -> Path:
    return (base or locale_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(code: str, base: Path | None = None) -> gettext.NullTranslations:
    """The translations for ``code``; English (the source) when there is no catalogue."""
    path = catalogue_path(code, base)
    key = (code, path)
    if key in _cache:
        return _cache[key]
    if code == SOURCE_LANGUAGE or not path.exists():
        translations: gettext.NullTranslations = gettext.NullTranslations()
    else:
        # Babel only when a catalogue is read: English, the default, never needs it.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with path.open("rb") as fh:
            catalog = read_po(fh, locale=code.replace("tw", "ak"), domain=DOMAIN)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        translations = gettext.GNUTranslations(buf)
    _cache[key] = translations
    return translations


def set_language(code: str) -> None:
    global _current, _current_code
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}")
    _current = load(code)
    _current_code = code
    for listener in list(_listeners):
        listener(code)


def current_language() -> str:
    return _current_code


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(code)`` after every switch; returns a function that unsubscribes."""
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
