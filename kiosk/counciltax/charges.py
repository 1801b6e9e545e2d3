"""Council-tax charges for one financial year, from the documented JSON format.

    {"year": 2025,
     "authority": "London Borough of ...",
     "elements": [{"name": "Borough (incl. adult social care)", "band_d": "1463.56"},
                  {"name": "Greater London Authority", "band_d": "490.38"}],
     "premiums": {"second_home": "100", "empty_1y": "100", "empty_5y": "200", "empty_10y": "300"},
     "note": "optional free text, e.g. 'illustrative figures'"}

``band_d`` is a string of pounds and pence (never a float, so no binary rounding
creeps in). ``premiums`` is optional: percentages the council has chosen, each
at most the legal maximum; missing ones default to ``DEFAULT_PREMIUMS``. The same
document is what the council service publishes to devices (mirror entity
``counciltax.charges``, key = the year).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kiosk.i18n import N_, _

# Premiums (England) from 1 April 2025: Local Government Finance Act 1992 s.11B
# (long-term empty, as amended by the Levelling-up and Regeneration Act 2023:
# from 1 year empty) and s.11C (second homes). These are the maxima; a council
# may choose less, so the charges file may override them.
DEFAULT_PREMIUMS: dict[str, Decimal] = {
    "second_home": Decimal(100),
    "empty_1y": Decimal(100),
    "empty_5y": Decimal(200),
    "empty_10y": Decimal(300),
}
PREMIUM_LABELS: dict[str, str] = {
    "second_home": N_("second home premium"),
    "empty_1y": N_("empty home premium (empty 1 year or more)"),
    "empty_5y": N_("empty home premium (empty 5 years or more)"),
    "empty_10y": N_("empty home premium (empty 10 years or more)"),
}

_POUNDS = re.compile(r"^\d{1,7}(\.\d{1,2})?$")
_PERCENT = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


class ChargesError(ValueError):
    """The charges document is wrong; the message is translated and says where."""


@dataclass(frozen=True)
class Element:
    name: str
    band_d_pence: int


@dataclass(frozen=True)
class Charges:
    year: int
    authority: str
    elements: tuple[Element, ...]
    premiums: dict[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_PREMIUMS))
    note: str = ""

    @property
    def band_d_total_pence(self) -> int:
        return sum(e.band_d_pence for e in self.elements)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "authority": self.authority,
            "elements": [{"name": e.name, "band_d": f"{e.band_d_pence // 100}.{e.band_d_pence % 100:02d}"}
                         for e in self.elements],
            "premiums": {k: str(v) for k, v in self.premiums.items()},
            **({"note": self.note} if self.note else {}),
        }


def parse_charges(doc: Any) -> Charges:
    """Check a decoded charges document and build ``Charges``; raises ``ChargesError``."""
    if not isinstance(doc, dict):
        raise ChargesError(_("The charges file must be a JSON object with year, authority and elements."))
    year = doc.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1993 <= year <= 2100:
        raise ChargesError(_("The charges file needs \"year\": the financial year it starts, like 2025."))
    authority = doc.get("authority")
    if not isinstance(authority, str) or not authority.strip():
        raise ChargesError(_("The charges file needs \"authority\": the council's name."))
    elements = doc.get("elements")
    if not isinstance(elements, list) or not elements:
        raise ChargesError(_("The charges file needs \"elements\": a list of at least one charge."))
    parsed: list[Element] = []
    for number, item in enumerate(elements, start=1):
        if not isinstance(item, dict):
            raise ChargesError(_("Element {number} must be an object with name and band_d.").format(number=number))
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ChargesError(_("Element {number} needs a \"name\".").format(number=number))
        band_d = item.get("band_d")
        if not isinstance(band_d, str) or not _POUNDS.match(band_d.strip()):
            raise ChargesError(
                _("Element \"{name}\": \"band_d\" must be pounds and pence as text, like \"1234.56\".").format(
                    name=name))
        parsed.append(Element(name.strip(), int(Decimal(band_d.strip()) * 100)))
    if len({e.name for e in parsed}) != len(parsed):
        raise ChargesError(_("Each element needs a different name."))
    premiums = dict(DEFAULT_PREMIUMS)
    given = doc.get("premiums", {})
    if not isinstance(given, dict):
        raise ChargesError(_("\"premiums\" must be an object like {\"second_home\": \"100\"}."))
    for kind, value in given.items():
        if kind not in DEFAULT_PREMIUMS:
            raise ChargesError(_("Unknown premium \"{kind}\"; known: {known}.").format(
                kind=kind, known=", ".join(DEFAULT_PREMIUMS)))
        if not isinstance(value, str) or not _PERCENT.match(value.strip()):
            raise ChargesError(_("Premium \"{kind}\" must be a percentage as text, like \"100\".").format(kind=kind))
        percent = Decimal(value.strip())
        if percent > DEFAULT_PREMIUMS[kind]:
            raise ChargesError(_("Premium \"{kind}\" cannot be more than {maximum}%.").format(
                kind=kind, maximum=DEFAULT_PREMIUMS[kind]))
        premiums[kind] = percent
    note = doc.get("note", "")
    return Charges(year, authority.strip(), tuple(parsed), premiums, note if isinstance(note, str) else "")


def load_charges(path: str | Path) -> Charges:
    """Read and check a charges file; every failure is a ``ChargesError`` with a readable message."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChargesError(_("No charges file at {path}.").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ChargesError(_("Cannot read the charges file {path}: {error}").format(path=path, error=exc)) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ChargesError(_("The charges file {path} is not valid JSON (line {line}, column {column}).").format(
            path=path, line=exc.lineno, column=exc.colno)) from None
    return parse_charges(doc)
