"""Helpers for the published-catalogue tests (imported by name)."""

from __future__ import annotations

from pathlib import Path

from kiosk import i18n


def shipped(code: str) -> str:
    return i18n.catalogue_path(code).read_text(encoding="utf-8")


def po(entries: list[tuple[str, str]], language: str = "pt", *, header: bool = True) -> bytes:
    """A small .po file: a header naming ``language`` and the (msgid, msgstr) pairs given."""
    lines = []
    if header:
        lines += ['msgid ""', 'msgstr ""', f'"Language: {language}\\n"',
                  '"Content-Type: text/plain; charset=utf-8\\n"', '']
    for msgid, msgstr in entries:
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', '']
    return "\n".join(lines).encode("utf-8")


def corrected(code: str, replacements: dict[str, str]) -> bytes:
    """The shipped catalogue of ``code`` with some translations replaced (what a translator sends back)."""
    text = shipped(code)
    for msgid, new in replacements.items():
        marker = f'\nmsgid "{msgid}"\nmsgstr "'
        start = text.index(marker) + len(marker)
        end = text.index('"\n', start)
        text = text[:start] + new + text[end:]
    return text.encode("utf-8")


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path
