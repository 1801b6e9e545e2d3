"""Dirty ORUK feeds shaped like real ones (duplicate ids, empty names, pasted HTML, staff e-mails, a refuge)."""

from __future__ import annotations

import copy
from typing import Any

STAFF_EMAILS = ("editor.jones@council.example.gov.uk", "assurer.smith@vendor.example.com")
REFUGE_STREET = "Quiet Mews"
REFUGE_POSTCODE = "SW9 7QQ"


def oruk1() -> dict[str, Any]:
    """ORUK 1.0 envelope (content / totalElements), dirty records."""
    return copy.deepcopy({
        "totalElements": 6, "totalPages": 1, "number": 0, "size": 6, "first": True, "last": True,
        "content": [
            {"id": "f1", "name": "Tulse Hill Food Bank", "status": "active",
             "description": "<p>Emergency <b>food</b> parcels.</p><script>alert(1)</script>",
             "email": "food@example.org", "last_modified_by": STAFF_EMAILS[0],
             "regular_schedules": [{"weekday": "Tuesday", "opens_at": "10:00", "closes_at": "12:00"}],
             "service_taxonomys": [{"taxonomy": {"id": "tx-food", "name": "Food banks", "vocabulary": "esd"}}],
             "service_at_locations": [{"location": {
                 "id": "l1", "name": "Church hall", "latitude": "51.44", "longitude": "-0.11",
                 "physical_addresses": [{"address_1": "1 Upper Tulse Hill", "postal_code": "SW2 2RL"}]}}]},
            {"id": "f1", "name": "Tulse Hill Food Bank again", "description": "repeated id"},
            {"id": "f2", "name": "", "description": "no name"},
            {"id": "", "name": "No id"},
            "not a record",
            {"id": "f3", "name": "Brixton Debt Clinic", "description": "&lt;p&gt;Free debt advice&lt;/p&gt;",
             "metadata": [{"updated_by": STAFF_EMAILS[1]}],
             "service_taxonomys": [{"taxonomy": {"id": "tx-debt", "name": "Debt advice", "vocabulary": "esd"}}]},
        ],
    })


def oruk3(*, changed: bool = False, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """ORUK 3.0 envelope (contents / total_items) with a refuge; ``changed`` renames one service."""
    contents = [
        {"id": "s1", "name": "Stockwell ESOL" + (" evening classes" if changed else ""),
         "description": "English classes for adults.", "last_modified": "2026-10-01T09:00:00Z",
         "contact email of the editor": STAFF_EMAILS[0],
         "attributes": [{"taxonomy_term": {"id": "tt-esol", "name": "ESOL", "vocabulary": "demo"}}],
         "schedules": [{"freq": "WEEKLY", "byday": "MO,WE", "opens_at": "18:00", "closes_at": "20:00"}]},
        {"id": "s2", "name": "Kennington Lunch Club", "description": "Hot lunches for older people.",
         "attributes": [{"taxonomy_term": {"id": "tt-older", "name": "Older people", "vocabulary": "demo"}}]},
        {"id": "s3", "name": "Lambeth Women's Refuge", "description": "Safe housing. Phone first.",
         "phones": [{"number": "020 7946 0999"}],
         "service_at_locations": [{"location": {
             "id": "r1", "name": f"House on {REFUGE_STREET}", "latitude": 51.468, "longitude": -0.118,
             "addresses": [{"address_1": f"4 {REFUGE_STREET}", "city": "London", "postal_code": REFUGE_POSTCODE}]}}]},
        {"id": "s4", "name": None, "description": "broken"},
    ]
    contents = [c for c in contents if c["id"] not in without]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def paged(items: list[dict[str, Any]], per_page: int) -> list[dict[str, Any]]:
    """A 3.0 feed cut into pages as an API would serve them."""
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    return [{"total_items": len(items), "total_pages": len(pages), "page_number": n + 1, "size": len(page),
             "first_page": n == 0, "last_page": n == len(pages) - 1, "empty": False, "contents": page}
            for n, page in enumerate(pages)]
