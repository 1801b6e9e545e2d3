"""Matching members' skills, passions and interests to board entries (seed report L789-795).

``matches_for(db, member)`` scores every open opportunity and request (help
someone needs) for one member and says why, in words the member reads:
"Matches your skill: gardening". No black box: the score is the sum of the
reasons' weights, and an entry with no reason is not shown.

Words are normalised before they are compared: case, punctuation, simple
plurals ("children" -> "child", "walks" -> "walk"), a short list of synonyms
(``SYNONYMS``: "kids" is "child", "IT" is "computer") and typing slips
(``rapidfuzz`` ratio at least ``FUZZY_CUTOFF``: "gardning" matches "gardening").

Availability is the member's free text ("weekday mornings, Saturdays"), read
for English day and part-of-day words. Age limits are shown, not matched: the
time bank keeps no dates of birth.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import time
from typing import Any, Iterable

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from kiosk.i18n import LANGUAGES, _
from kiosk.timebank import opportunities
from kiosk.timebank.categories import categories

FUZZY_CUTOFF = 86
MAX_CANDIDATES = 20_000  # per kind; a hub's board holds hundreds
WEIGHTS = {"skill": 30, "passion": 20, "category": 15, "language": 10, "availability": 10, "hub": 5}

# word -> the word it means here (after plurals are removed). Kept short and obvious.
SYNONYMS = {
    "kid": "child", "children": "child", "childcare": "child", "toddler": "child", "baby": "child",
    "family": "child", "families": "child", "youth": "young", "teenager": "young",
    "garden": "gardening", "allotment": "gardening", "plant": "gardening", "weeding": "gardening",
    "it": "computer", "pc": "computer", "laptop": "computer", "phone": "computer", "digital": "computer",
    "internet": "computer", "smartphone": "computer", "tech": "computer",
    "cook": "cooking", "baking": "cooking", "bake": "cooking", "meal": "cooking", "food": "cooking",
    "diy": "repair", "repairs": "repair", "fix": "repair", "handyman": "repair", "decorating": "repair",
    "painting": "art", "drawing": "art", "craft": "art", "crafts": "art", "arts": "art",
    "drive": "driving", "driver": "driving", "lift": "driving", "car": "driving", "transport": "driving",
    "translate": "translation", "translating": "translation", "interpreting": "translation",
    "interpreter": "translation", "language": "translation",
    "tutor": "teaching", "tutoring": "teaching", "teach": "teaching", "homework": "teaching", "reading": "teaching",
    "chat": "befriending", "companionship": "befriending", "company": "befriending", "visiting": "befriending",
    "befriend": "befriending", "friendship": "befriending",
    "walk": "walking", "walks": "walking", "ramble": "walking",
    "sing": "music", "singing": "music", "choir": "music", "guitar": "music", "piano": "music",
    "football": "sport", "sports": "sport", "exercise": "sport", "fitness": "sport",
    "form": "paperwork", "forms": "paperwork", "letter": "paperwork", "letters": "paperwork",
    "shopping": "errand", "errands": "errand", "shop": "errand",
    "stay": "play", "playgroup": "play",
}
# Words too common to say anything on their own.
STOPWORDS = frozenset("a an and or the of to in on at for with help helping my your our me i we can".split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DAY_WORDS = {
    "monday": ("mon",), "mon": ("mon",), "tuesday": ("tue",), "tue": ("tue",), "tues": ("tue",),
    "wednesday": ("wed",), "wed": ("wed",), "thursday": ("thu",), "thu": ("thu",), "thurs": ("thu",),
    "friday": ("fri",), "fri": ("fri",), "saturday": ("sat",), "sat": ("sat",), "sunday": ("sun",), "sun": ("sun",),
    "weekday": ("mon", "tue", "wed", "thu", "fri"), "weekend": ("sat", "sun"),
}
_PARTS = {"morning": "morning", "afternoon": "afternoon", "evening": "evening", "night": "evening"}
_ANY = frozenset({"any", "anytime", "flexible", "whenever"})


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=20_000)
def normalise(word: str) -> str:
    """One word as it is compared: lower case, singular, its synonym's head word."""
    word = word.casefold()
    if word in SYNONYMS:
        return SYNONYMS[word]
    word = singular(word)
    return SYNONYMS.get(word, word)


def words_of(text: str | Iterable[str]) -> set[str]:
    """The normalised words of a text (or of several), without stop words."""
    if not isinstance(text, str):
        text = " ".join(text)
    return set(_phrase_words(text)) if len(text) <= 80 else _words(text)


def _words(text: str) -> set[str]:
    return {normalise(w) for w in _WORD.findall(text) if w.casefold() not in STOPWORDS and len(w) > 1}


@lru_cache(maxsize=5_000)
def _phrase_words(text: str) -> frozenset[str]:
    """Short texts (a member's skills, category names) recur for every entry scored: read them once."""
    return frozenset(_words(text))


def _phrase_hits(phrases: Iterable[str], target: set[str]) -> list[str]:
    """The member's phrases (skills, interests) that one of ``target``'s words matches, exactly or nearly."""
    hits: list[str] = []
    targets = list(target)
    for phrase in phrases:
        for word in words_of(phrase):
            if word in target or (len(word) > 4 and targets and process.extractOne(
                    word, targets, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)):
                hits.append(phrase)
                break
    return hits


def availability_of(text: str) -> tuple[set[str], set[str]]:
    """Days (``mon``..``sun``) and parts of the day a free text names; all of them for "any time"."""
    days: set[str] = set()
    parts: set[str] = set()
    for raw in _WORD.findall((text or "").casefold()):
        word = singular(raw)
        if raw in _ANY or word in _ANY:
            return set(opportunities.DAYS), set(_PARTS.values())
        days.update(_DAY_WORDS.get(word, _DAY_WORDS.get(raw, ())))
        if word in _PARTS:
            parts.add(_PARTS[word])
    return days, parts


def _part_of(start: time | None) -> str | None:
    if start is None:
        return None
    return "morning" if start.hour < 12 else "afternoon" if start.hour < 17 else "evening"


@dataclass
class Match:
    item: dict[str, Any]
    score: int = 0
    reasons: list[str] = field(default_factory=list)


def score(member: dict[str, Any], item: dict[str, Any], category_labels: dict[str, str] | None = None) -> Match:
    """How well ``item`` suits ``member``, with the reasons (translated)."""
    match = Match(item)
    labels = category_labels or {}
    category_words = words_of([item.get("category") or "", labels.get(item.get("category") or "", "")])
    item_words = words_of([item.get("title") or "", item.get("description") or "", *(item.get("skills") or [])])
    item_words |= category_words

    def add(kind: str, reason: str) -> None:
        match.score += WEIGHTS[kind]
        match.reasons.append(reason)

    for skill in _phrase_hits(member.get("skills") or [], item_words):
        add("skill", _("Matches your skill: {skill}").format(skill=skill))
    for interest in _phrase_hits(member.get("interests") or [], item_words):
        add("passion", _("Matches your interest: {interest}").format(interest=interest))
    if not match.reasons and category_words and _phrase_hits(
            [*(member.get("skills") or []), *(member.get("interests") or [])], category_words):
        add("category", _("In a kind of help you like: {category}").format(
            category=labels.get(item.get("category"), item.get("category"))))
    if not match.reasons:
        return match  # time, place and language alone do not make a match
    wanted = {w.casefold() for w in item.get("languages") or []}
    spoken = {w.casefold() for w in member.get("languages") or []}
    shared = sorted(wanted & spoken)
    if shared:
        add("language", _("You speak {language}").format(language=", ".join(LANGUAGES.get(c, c) for c in shared)))
    member_days, member_parts = availability_of(member.get("availability") or "")
    item_days, start = opportunities.start_local(item)
    if not item_days:
        item_days_set, item_parts = availability_of(item.get("availability") or "")
    else:
        item_days_set = set(item_days)
        item_parts = {_part_of(start)} if start else set()
    common_days = member_days & item_days_set
    if common_days and (not item_parts or not member_parts or member_parts & item_parts):
        names = ", ".join(_(opportunities.DAY_LABELS[d]) for d in opportunities.DAYS if d in common_days)
        add("availability", _("When you are free: {days}").format(days=names))
    if member.get("hub_id") and item.get("hub_id") == member.get("hub_id"):
        add("hub", _("At your hub"))
    return match


def matches_for(db: Database, member: dict[str, Any], *, limit: int = 20) -> list[Match]:
    """Open opportunities and requests that suit the member, best first (not their own, not full)."""
    labels = categories(db)
    found: list[Match] = []
    for kind in ("opportunity", "request"):
        for item in opportunities.board(db, kind, limit=MAX_CANDIDATES):
            if item["poster_id"] == member.get("id") or item.get("places_available") == 0:
                continue
            match = score(member, item, labels)
            if match.score > 0:
                found.append(match)
    found.sort(key=lambda m: m.item["posted_at"], reverse=True)  # newest first among equals
    found.sort(key=lambda m: m.score, reverse=True)
    return found[:limit]
