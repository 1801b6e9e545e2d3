"""Needs a resident understands, mapped onto a feed's taxonomy or, failing that, onto words.

A service belongs to a need when one of its taxonomy terms (name or code) matches the
need's ``taxonomy`` pattern. A service whose terms match no need at all (a feed without
taxonomy, or with a vendor vocabulary nobody mapped) is placed by the ``words`` pattern
over its name, organisation and description instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from kiosk.i18n import N_


@dataclass(frozen=True)
class Need:
    id: str
    label: str  # N_-marked; translate with _() when shown
    taxonomy: re.Pattern[str]
    words: re.Pattern[str]


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


NEEDS: tuple[Need, ...] = (
    Need("money", N_("Money and debt"),
         _p(r"money|debt|financ|benefit|credit union|budget|welfare|income|council tax"),
         _p(r"\b(debts?|money|benefits?|budget\w*|credit unions?|loans?|universal credit|council tax|arrears|"
            r"financial|savings|welfare rights)\b")),
    Need("food", N_("Food"),
         _p(r"food|meal|nutrition|lunch club|pantry|kitchen"),
         _p(r"\b(food ?banks?|food parcels?|food|meals?|lunch|breakfast club|community kitchen|pantry|"
            r"community fridge|cook\w*)\b")),
    Need("housing", N_("Housing"),
         _p(r"housing|homeless|accommodation|tenan|rent\b|shelter"),
         _p(r"\b(housing|homeless\w*|rough sleep\w*|tenants?|tenancy|rent|evictions?|accommodation|hostels?|"
            r"repairs?)\b")),
    Need("health", N_("Health and wellbeing"),
         _p(r"health|wellbeing|well-being|medical|mental|\bgp\b|surgery|pharmac|counsel|therap|exercise|sport|leisure"),
         _p(r"\b(health\w*|wellbeing|gp|doctors?|surgery|mental health|counselling|nurses?|pharmacy|exercise|"
            r"fitness|dental|dentist|leisure|swimming|gym)\b")),
    Need("children", N_("Children and families"),
         _p(r"child|famil|parent|early years|baby|babies|youth|young people|nursery|play"),
         _p(r"\b(children'?s?|child|famil(y|ies)|parents?|parenting|bab(y|ies)|toddlers?|under ?5s?|stay and play|"
            r"nursery|youth|young people|teenagers?|homework)\b")),
    Need("work", N_("Work and skills"),
         _p(r"employ|\bjobs?\b|work\b|skills|training|career|apprentice"),
         _p(r"\b(jobs?|employment|cv|interviews?|apprentice\w*|training|skills|careers?|job club|work club|"
            r"jobcentre)\b")),
    Need("learning", N_("English and learning"),
         _p(r"esol|english|learning|education|literacy|numeracy|course|class|librar"),
         _p(r"\b(esol|english|learning|class(es)?|courses?|literacy|numeracy|digital skills|computers?|"
            r"librar(y|ies)|reading)\b")),
    Need("older", N_("Older people"),
         _p(r"older|elderly|senior|later life|retire|age uk|age concern|\baged\b|dementia"),
         _p(r"\b(older people|over ?(50|55|60|65)s?|elderly|seniors?|pensioners?|later life|darby and joan|"
            r"dementia|age concern|retired)\b")),
    Need("disability", N_("Disability"),
         _p(r"disab|\bsend?\b|special educational|learning difficult|carer|deaf|blind|autis"),
         _p(r"\b(disabilit(y|ies)|disabled|send|wheelchairs?|deaf|blind|autism|autistic|learning disabilit\w*|"
            r"carers?|sensory)\b")),
    Need("safety", N_("Safety and abuse"),
         _p(r"abuse|domestic|violence|safeguard|refuge|crime|victim|safety|exploitation"),
         _p(r"\b(domestic abuse|domestic violence|refuges?|abuse|safeguarding|victims?|crime|harassment|"
            r"hate crime|exploitation|stalking|safety)\b")),
    Need("community", N_("Community and volunteering"),
         _p(r"communit|volunteer|time ?bank|forum|neighbour|civic|faith|residents|garden"),
         _p(r"\b(volunteer\w*|time ?banks?|time banking|community groups?|forums?|residents'? associations?|"
            r"neighbourhood|community centres?|gardens?|gardening|co-?operative)\b")),
)

NEEDS_BY_ID: dict[str, Need] = {need.id: need for need in NEEDS}


def needs_for(service: Mapping[str, Any]) -> set[str]:
    """The needs a normalised service record belongs to."""
    terms: Iterable[Mapping[str, Any]] = service.get("taxonomy_terms") or []
    term_text = [" ".join(filter(None, (t.get("name"), t.get("code")))) for t in terms]
    found = {need.id for need in NEEDS if any(need.taxonomy.search(text) for text in term_text if text)}
    if found:
        return found
    organisation = service.get("organization") or {}
    text = " ".join(filter(None, (service.get("name"), service.get("alternate_name"),
                                  organisation.get("name"), service.get("description"))))
    return {need.id for need in NEEDS if need.words.search(text)}
