"""Turning what a resident typed into a safe FTS5 query: tokens, related words, typos.

User text is never passed to FTS5 as syntax. It is cut into word tokens the way the
index's ``unicode61`` tokenizer cuts it (so quotes, brackets, ``AND``/``OR``/``NEAR``,
``*``, ``^``, ``:`` and emoji are just separators or plain words), each token is
quoted, and the expression is built here:

- each *concept* (a word, or a phrase from ``synonyms.GROUPS``) becomes
  ``("word"* OR "related word"* OR "correction"*)``;
- concepts are joined with ``AND``; if that finds nothing, ``query.search`` retries
  with ``OR`` (broadened) before saying "nothing found";
- typed tokens of three letters or more match as prefixes (``"parc"*`` finds "parcels");
  related words and corrections match as whole words.

Typos: a token of four letters or more that is neither a word nor the start of a word
in the index is compared with the index's vocabulary by a deletion index
(``directory_spell``: every term and every form of it with one letter deleted, the
SymSpell idea), and the candidates found are checked with the optimal string
alignment distance (rapidfuzz): at most 1 edit for words up to 5 letters, 2 beyond.
The vocabulary is read from the FTS5 vocab table after each import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz.distance import OSA
from sqlite_utils import Database

from kiosk.directory import synonyms

MAX_INPUT_CHARS = 1000  # what a person types; the rest of a 10,000-character paste is ignored
MAX_TOKENS = 12
MAX_TOKEN_CHARS = 40
MIN_PREFIX_CHARS = 3
MIN_TYPO_CHARS = 4
MAX_CORRECTIONS = 3


@dataclass
class Concept:
    words: tuple[str, ...]  # what the person typed (tokens)
    alternatives: list[tuple[str, ...]] = field(default_factory=list)  # phrases to OR together
    corrected: list[str] = field(default_factory=list)


@dataclass
class SearchPlan:
    concepts: list[Concept]

    @property
    def all_of(self) -> str:
        return " AND ".join(_concept_expression(c) for c in self.concepts)

    @property
    def any_of(self) -> str:
        return " OR ".join(_concept_expression(c) for c in self.concepts)

    @property
    def corrections(self) -> dict[str, list[str]]:
        return {" ".join(c.words): c.corrected for c in self.concepts if c.corrected}


def _phrase(words: tuple[str, ...], *, prefix: bool) -> str:
    # Tokens hold only letters and digits, so quoting them is enough to make them inert.
    text = " ".join(words).replace('"', "")
    star = "*" if prefix and len(words[-1]) >= MIN_PREFIX_CHARS and not words[-1].isdigit() else ""
    return f'"{text}"{star}'


def _concept_expression(concept: Concept) -> str:
    # Only what the person typed is a prefix (they may still be typing); related words and
    # corrections are whole words, which keeps a group of six phrases cheap to match.
    parts = [_phrase(concept.words, prefix=True)]
    seen = {concept.words}
    for alternative in concept.alternatives:
        if alternative and alternative not in seen:
            seen.add(alternative)
            parts.append(_phrase(alternative, prefix=False))
    return "(" + " OR ".join(parts) + ")"


def plan(db: Database, text: str | None) -> SearchPlan | None:
    """The concepts of a query, or None when it holds no word at all."""
    if not isinstance(text, str):
        return None
    words = [w[:MAX_TOKEN_CHARS] for w in synonyms.tokens(text[:MAX_INPUT_CHARS])][:MAX_TOKENS]
    if not words:
        return None
    # Correct typos first, so "fodbank" can still reach the food bank group.
    corrected_words: list[str] = []
    corrections: dict[int, list[str]] = {}
    for index, word in enumerate(words):
        candidates = corrections_for(db, word)
        corrections[index] = candidates
        corrected_words.append(candidates[0] if candidates and candidates[0] in synonyms.VOCABULARY else word)
    concepts: list[Concept] = []
    index = 0
    while index < len(words):
        match = synonyms.group_at(corrected_words, index)
        if match:
            group, length = match
            concept = Concept(tuple(words[index:index + length]), list(synonyms.GROUP_PHRASES[group]))
            concept.corrected = [w for i in range(index, index + length) for w in corrections[i]]
        else:
            length = 1
            concept = Concept((words[index],), [(c,) for c in corrections[index]], list(corrections[index]))
        concepts.append(concept)
        index += length
    return SearchPlan(concepts)


# --- typo finder ---------------------------------------------------------------------------

def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


_SYNONYM_SPELL: dict[str, set[str]] = {}
for _word in synonyms.VOCABULARY:
    if len(_word) >= MIN_TYPO_CHARS:
        for _variant in _deletes(_word) | {_word}:
            _SYNONYM_SPELL.setdefault(_variant, set()).add(_word)


def is_known(db: Database, word: str) -> bool:
    """A word of the index, the start of one, or one of the related words."""
    if word in synonyms.VOCABULARY:
        return True
    if len(word) < MIN_PREFIX_CHARS:
        return db.execute("select 1 from directory_term where term = ?", [word]).fetchone() is not None
    return db.execute("select 1 from directory_term where term >= ? and term < ? limit 1",
                      [word, word + "\U0010ffff"]).fetchone() is not None


def corrections_for(db: Database, word: str) -> list[str]:
    """Likely intended words for a mistyped one (best first); [] when the word is fine."""
    if len(word) < MIN_TYPO_CHARS or word.isdigit() or is_known(db, word):
        return []
    variants = sorted(_deletes(word) | {word})
    placeholders = ",".join("?" * len(variants))
    rows = db.execute(
        f"select s.term, coalesce(t.docs, 0) from directory_spell s left join directory_term t on t.term = s.term "
        f"where s.variant in ({placeholders})", variants).fetchall()
    candidates = {term: docs for term, docs in rows}
    for variant in variants:
        for term in _SYNONYM_SPELL.get(variant, ()):
            candidates.setdefault(term, 0)
    limit = _max_edits(word)
    scored = []
    for term, docs in candidates.items():
        distance = OSA.distance(word, term, score_cutoff=limit)
        if distance <= limit:
            scored.append((distance, -docs, term))
    return [term for _d, _docs, term in sorted(scored)[:MAX_CORRECTIONS]]


def _spell_rows(terms: Iterable[str]) -> list[dict[str, str]]:
    rows = []
    for term in terms:
        if len(term) >= MIN_TYPO_CHARS and not term.isdigit():
            rows += [{"variant": v, "term": term} for v in _deletes(term) | {term}]
    return rows


def rebuild_vocabulary(db: Database) -> int:
    """Refill the term list and the deletion index from the FTS5 vocabulary (inside a transaction)."""
    db.execute("delete from directory_term")
    db.execute("delete from directory_spell")
    db.execute("insert into directory_term (term, docs) select term, doc from directory_fts_vocab")
    terms = [row[0] for row in db.execute("select term from directory_term")]
    rows = _spell_rows(terms)
    for start in range(0, len(rows), 5000):
        db["directory_spell"].insert_all(rows[start:start + 5000], ignore=True)
    return len(terms)


def add_to_vocabulary(db: Database, texts: Iterable[str | None]) -> None:
    """Incremental top-up after a few services changed (sync); stale terms do no harm."""
    words = {w for text in texts if text for w in synonyms.tokens(text)}
    if not words:
        return
    db["directory_term"].insert_all(({"term": w, "docs": 1} for w in words), ignore=True)
    db["directory_spell"].insert_all(_spell_rows(words), ignore=True)


# --- how many services a plan can match, from the vocabulary (no full-text query) -----------------

PREFIX_TERMS_COUNTED = 40


def _word_docs(db: Database, word: str, prefix: bool) -> int | None:
    """Documents containing the word (or words starting with it); None when a prefix is too wide to sum."""
    if prefix and len(word) >= MIN_PREFIX_CHARS and not word.isdigit():
        rows = db.execute(f"select docs from directory_term where term >= ? and term < ? limit {PREFIX_TERMS_COUNTED + 1}",
                          [word, word + "\U0010ffff"]).fetchall()
        return None if len(rows) > PREFIX_TERMS_COUNTED else sum(r[0] for r in rows)
    row = db.execute("select docs from directory_term where term = ?", [word]).fetchone()
    return int(row[0]) if row else 0


def estimate_matches(db: Database, query_plan: SearchPlan, *, any_of: bool = False) -> int | None:
    """An upper bound of the services the plan matches, from the vocabulary alone (None: unknown).

    A phrase matches no more than its rarest word, a concept no more than the sum of its
    phrases, AND no more than its rarest concept. Lets the ranking skip a counting query
    when a query is clearly narrow or clearly broad.
    """
    estimates: list[int] = []
    for concept in query_plan.concepts:
        total = 0
        for index, phrase in enumerate([concept.words, *concept.alternatives]):
            counts = [_word_docs(db, word, index == 0 and position == len(phrase) - 1)
                      for position, word in enumerate(phrase)]
            known = [c for c in counts if c is not None]
            if not known:
                total = None
                break
            total += min(known)
        if total is None:
            if any_of:
                return None
            continue
        estimates.append(total)
    if not estimates:
        return None
    return sum(estimates) if any_of else min(estimates)
