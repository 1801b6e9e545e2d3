"""Plain, safe text out of whatever a feed pasted into a field.

Feeds paste HTML from web editors (``<p>``, ``&nbsp;``, even ``<script>``), use ""
for "not known" and pad with whitespace. Everything the directory stores is plain
text: tags are stripped by nh3 (Ammonia), entities unescaped, whitespace collapsed.
The UI must still show it as plain text (never rich text).
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3

# Values that mean "not known" in real feeds. "none" is not here: "Fees: None" means free.
MISSING_MARKERS = frozenset({"", "null", "n/a", "undefined", "-", "nil"})

# Block-level ends become line breaks before the tags are stripped, or "<p>a</p><p>b</p>" -> "ab".
_BLOCK_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|/ul|/ol|hr)\b[^>]*>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_LOOKS_LIKE_MARKUP = re.compile(r"<\s*[a-zA-Z/!]|&[#a-zA-Z0-9]+;")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _strip_once(text: str) -> str:
    text = _BLOCK_BREAK.sub("\n", text)
    text = _LIST_ITEM.sub("\n", text)
    # No tags allowed at all; nh3 also drops the *content* of <script> and <style>.
    return html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))


_NEEDS_WORK = re.compile(r"[<&\r\n\t\f\v\x00-\x1f\x7f\u00a0\u2000-\u200b\u202f\u205f\u3000]|  ")


def clean_text(value: Any, *, multiline: bool = False, max_length: int = 20000) -> str | None:
    """Plain text, or None when the value is missing ("" counts as missing)."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value)
    if not _NEEDS_WORK.search(text):
        # Fast path for the usual clean one-liner: no markup, no odd whitespace.
        text = text[:max_length].strip()
        return None if text.lower() in MISSING_MARKERS else text
    if _LOOKS_LIKE_MARKUP.search(text):
        # Twice: feeds that escaped their HTML once ("&lt;p&gt;") hide tags behind entities.
        for _round in range(2):
            text = _strip_once(text)
            if not _LOOKS_LIKE_MARKUP.search(text):
                break
        if _LOOKS_LIKE_MARKUP.search(text) and "<" in text:
            text = text.replace("<", "‹").replace(">", "›")
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if multiline:
        text = "\n".join(line for line in lines if line)
    else:
        text = " ".join(line for line in lines if line)
    text = text[:max_length].strip()
    if text.lower() in MISSING_MARKERS:
        return None
    return text


def had_markup(value: Any) -> bool:
    return isinstance(value, str) and bool(_LOOKS_LIKE_MARKUP.search(value))


def find_emails(value: Any, *, depth: int = 0) -> set[str]:
    """Every e-mail address anywhere inside ``value`` (strings, lists, dicts)."""
    found: set[str] = set()
    if depth > 20:
        return found
    if isinstance(value, str):
        found.update(match.lower() for match in EMAIL.findall(value))
    elif isinstance(value, dict):
        for item in value.values():
            found |= find_emails(item, depth=depth + 1)
    elif isinstance(value, list):
        for item in value:
            found |= find_emails(item, depth=depth + 1)
    return found


def clean_email(value: Any) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    match = EMAIL.fullmatch(text.strip().removeprefix("mailto:"))
    return match.group(0).lower() if match else None


def clean_url(value: Any) -> str | None:
    text = clean_text(value)
    if not text or " " in text:
        return None
    if text.lower().startswith(("http://", "https://")):
        return text
    if re.match(r"^[a-z0-9.-]+\.[a-z]{2,}(/.*)?$", text, re.IGNORECASE):
        return "https://" + text
    return None
