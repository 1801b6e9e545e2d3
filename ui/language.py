"""Qt side of translations: a signal for language changes and the languages on offer.

``kiosk.i18n`` is plain Python (the core uses it too); this module turns its
listener into a Qt signal, so a widget that connects to it is disconnected
automatically when Qt destroys it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk import i18n


class LanguageNotifier(QObject):
    changed = Signal(str)


_notifier: LanguageNotifier | None = None


def notifier() -> LanguageNotifier:
    """The one notifier; created on first use and fed by ``kiosk.i18n``."""
    global _notifier
    if _notifier is None:
        _notifier = LanguageNotifier()
        i18n.on_language_changed(_notifier.changed.emit)
    return _notifier


def available_languages() -> dict[str, str]:
    """Languages with a catalogue (plus English), each named in its own words.

    A language appears as soon as its catalogue is added under resources/locale.
    """
    return {
        code: name
        for code, name in i18n.LANGUAGES.items()
        if code == i18n.SOURCE_LANGUAGE or i18n.catalogue_path(code).exists()
    }
