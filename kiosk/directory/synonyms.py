"""Related words for what residents type: each group is searched as one idea.

A query phrase that matches any member of a group (after tokenising the same way as
the search index) is replaced by "any member of the group". Members are matched
longest first, so "food bank" wins over "food".
"""

from __future__ import annotations

import re

GROUPS: tuple[tuple[str, ...], ...] = (
    ("food bank", "food banks", "foodbank", "foodbanks", "food parcel", "food parcels", "emergency food", "food pantry",
     "food aid"),
    ("gp", "gps", "doctor", "doctors", "doctor's surgery", "gp surgery", "general practice", "health centre",
     "medical centre"),
    ("esol", "english class", "english classes", "english language", "english lessons", "learn english",
     "english for speakers of other languages"),
    ("debt", "debts", "debt advice", "money advice", "arrears", "money problems", "budgeting"),
    ("benefits", "benefit", "universal credit", "welfare rights"),
    ("homeless", "homelessness", "rough sleeping", "rough sleeper", "nowhere to live"),
    ("domestic abuse", "domestic violence", "abusive relationship"),
    ("mental health", "counselling", "counseling", "talking therapy", "emotional support"),
    ("job", "jobs", "employment", "job club", "job clubs", "careers advice"),
    ("older people", "elderly", "seniors", "pensioners", "over 60s", "over 50s", "later life"),
    ("children's centre", "children's centres", "childrens centre", "children centre", "family hub", "family hubs",
     "stay and play"),
    ("youth club", "youth clubs", "youth centre", "young people", "teenagers"),
    ("time bank", "time banks", "timebank", "time banking"),
    ("credit union", "credit unions", "affordable loans", "savings club"),
    ("dentist", "dentists", "dental"),
    ("chemist", "chemists", "pharmacy", "pharmacies"),
    ("step free", "wheelchair access", "disabled access", "level access"),
    ("volunteer", "volunteering", "volunteers"),
    ("legal advice", "solicitor", "solicitors", "law centre", "lawyer"),
    ("advice", "advice centre", "citizens advice", "information and advice"),
    ("council tax", "council tax support", "council tax reduction"),
    ("computer", "computers", "digital skills", "internet access", "wifi"),
)

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, split like the FTS5 unicode61 tokenizer splits them."""
    return [match.group(0).lower() for match in _TOKEN.finditer(text)]


# (token tuple) -> group index; and all phrases of each group as token tuples.
PHRASES: dict[tuple[str, ...], int] = {}
GROUP_PHRASES: list[list[tuple[str, ...]]] = []
for _index, _group in enumerate(GROUPS):
    GROUP_PHRASES.append([tuple(tokens(member)) for member in _group])
    for _member in GROUP_PHRASES[-1]:
        PHRASES.setdefault(_member, _index)
MAX_PHRASE = max(len(phrase) for phrase in PHRASES)
VOCABULARY: frozenset[str] = frozenset(word for phrase in PHRASES for word in phrase)


def group_at(words: list[str], start: int) -> tuple[int, int] | None:
    """(group index, number of words) of the longest synonym phrase starting at ``start``."""
    for length in range(min(MAX_PHRASE, len(words) - start), 0, -1):
        group = PHRASES.get(tuple(words[start:start + length]))
        if group is not None:
            return group, length
    return None
