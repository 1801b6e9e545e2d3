"""Exchange categories: the council publishes the list; these are the defaults until it does.

Labels are marked with ``N_`` and translated at display time.
"""

from __future__ import annotations

from sqlite_utils import Database

from kiosk.i18n import N_, _
from kiosk.timebank.errors import TimeBankError

DEFAULT_CATEGORIES: dict[str, str] = {
    "befriending": N_("Befriending and company"),
    "gardening": N_("Gardening"),
    "repairs": N_("DIY and repairs"),
    "errands": N_("Shopping and errands"),
    "transport": N_("Lifts and transport"),
    "children": N_("Children and families"),
    "teaching": N_("Teaching and tutoring"),
    "computers": N_("Computer and phone help"),
    "cooking": N_("Cooking and meals"),
    "paperwork": N_("Forms and paperwork"),
    "language": N_("Translation and interpreting"),
    "arts": N_("Arts and culture"),
    "events": N_("Community events and volunteering"),
    "wellbeing": N_("Health and wellbeing"),
    "other": N_("Other help"),
}

# Used by rewards and reversals, which are not help given.
REWARD_CATEGORY = "reward"
CORRECTION_CATEGORY = "correction"
GIFT_CATEGORY = "gift"
SYSTEM_CATEGORIES = (REWARD_CATEGORY, CORRECTION_CATEGORY, GIFT_CATEGORY)


def categories(db: Database) -> dict[str, str]:
    """Active categories (code -> translated label): the council's list, else the defaults."""
    rows = list(db.query("select code, label from tb_categories where active = 1 order by label"))
    if rows:
        return {r["code"]: _(r["label"]) for r in rows}
    return {code: _(label) for code, label in DEFAULT_CATEGORIES.items()}


def check_category(db: Database, code: str) -> str:
    code = (code or "").strip().lower()
    if code in SYSTEM_CATEGORIES:
        return code
    known = categories(db)
    if code in known:
        return code
    # Paper forms say "Gardening", not "gardening"; accept the label too.
    for known_code, label in known.items():
        if label.lower() == code:
            return known_code
    raise TimeBankError("unknown_category", _("\"{category}\" is not a time-bank category.").format(category=code))
