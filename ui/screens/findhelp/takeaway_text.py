"""What a resident takes away: the text inside the QR code and on the printed slip (no Qt here).

The QR code must be readable by a phone camera with no internet, so it holds the
details themselves, never a link to look them up:

- **one service** → a vCard 3.0 contact (``BEGIN:VCARD``): name, organisation, phone
  numbers, address and web link. iPhone and Android cameras offer "Add to contacts"
  for it offline, which keeps the number where the resident will look for it.
- **a shortlist** → plain text, one block per service (name, phone, address, web
  link). A contact card holds one place only; every camera and reader app shows text.

The address of a confidential service (a refuge) is never in either: ``get_service``
already gives none, and these functions only read ``locations`` it returned.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from kiosk.i18n import _

MAX_PHONES = 2


def address_lines(service: Mapping[str, Any]) -> list[str]:
    """The first location's street address as lines; empty when withheld or not known."""
    if service.get("address_withheld"):
        return []
    for location in service.get("locations") or []:
        if location.get("address_withheld"):
            continue
        lines = [location.get(k) for k in ("address_1", "address_2", "city", "postcode")]
        lines = [str(line).strip() for line in lines if line and str(line).strip()]
        if lines:
            return lines
    return []


def phones(service: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for phone in service.get("phones") or []:
        number = (phone.get("number") or "").strip()
        if number and number not in found:
            found.append(number + (f" ext. {phone['extension']}" if phone.get("extension") else ""))
    return found[:MAX_PHONES]


def web_link(service: Mapping[str, Any]) -> str | None:
    organisation = service.get("organization") or {}
    return service.get("url") or organisation.get("url") or None


def _vcard_escape(value: str) -> str:
    # RFC 6350 / 2426: backslash, comma, semicolon and line breaks are escaped in values.
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def vcard(service: Mapping[str, Any]) -> str:
    """A vCard 3.0 for one service (CRLF line ends, as the RFC asks)."""
    name = _vcard_escape(service["name"])
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"N:{name};;;;"]
    organisation = (service.get("organization") or {}).get("name")
    if organisation:
        lines.append(f"ORG:{_vcard_escape(organisation)}")
    for number in phones(service):
        lines.append(f"TEL;TYPE=WORK,VOICE:{_vcard_escape(number)}")
    address = address_lines(service)
    if address:
        location = next(loc for loc in service["locations"] if not loc.get("address_withheld"))
        street = ", ".join(filter(None, (location.get("address_1"), location.get("address_2"))))
        parts = ["", "", street, location.get("city") or "", "", location.get("postcode") or "", ""]
        lines.append("ADR;TYPE=WORK:" + ";".join(_vcard_escape(p) for p in parts))
    link = web_link(service)
    if link:
        lines.append(f"URL:{link}")
    lines.append("END:VCARD")
    return "\r\n".join(lines)


def plain_block(service: Mapping[str, Any]) -> list[str]:
    """One service as lines of plain text, in the current language (the slip and the shortlist code)."""
    lines = [service["name"]]
    for number in phones(service):
        lines.append(_("Phone: {number}").format(number=number))
    lines.extend(address_lines(service))
    if service.get("address_withheld"):
        lines.append(_("Address not shown: phone them to find out how to get there."))
    link = web_link(service)
    if link:
        lines.append(link)
    return lines


def qr_text(services: Sequence[Mapping[str, Any]]) -> str:
    """The text of the take-away QR code for one service or a shortlist."""
    if len(services) == 1:
        return vcard(services[0])
    return "\n\n".join("\n".join(plain_block(service)) for service in services)
