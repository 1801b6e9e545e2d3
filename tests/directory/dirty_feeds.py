"""Real-world-shaped dirty ORUK feeds (1.0 and 3.0) for the directory tests."""

from __future__ import annotations

import copy

STAFF_EMAILS = ("jane.editor@lambeth.example.gov.uk", "bob.assurer@vendor.example.com",
                "carol.updater@lambeth.example.gov.uk", "dan.metadata@vendor.example.com")
REFUGE_STREET = "Hidden Grove"


def oruk1_page() -> dict:
    """ORUK 1.0 paging envelope, full records, dirty."""
    return copy.deepcopy({
        "totalElements": 7, "totalPages": 1, "number": 0, "size": 7, "first": True, "last": True,
        "content": [
            {"id": "101", "name": "Norwood Food Bank", "status": "active",
             "description": "<div><h2>Food bank</h2><p>Emergency&nbsp;food <em>parcels</em>.</p>"
                            "<script>document.location='https://evil.example'</script><br/>Bring ID.</div>",
             "url": "", "email": "norwood.foodbank@example.org", "fees": "", "accreditations": "",
             "assured_date": "2026-05-01",
             "last_modified_by": STAFF_EMAILS[0],
             "organization": {"id": "o-1", "name": "Norwood Churches Together", "description": "",
                              "email": "", "url": "example.org/norwood"},
             "eligibilitys": [{"eligibility": "adult", "minimum_age": "18", "maximum_age": ""}],
             "cost_options": [{"amount": "0", "option": "Free"}],
             "languages": [{"language": "Portuguese"}, {"language": "so"}],
             "contacts": [{"name": "Duty volunteer", "email": "volunteer.personal@example.net",
                           "phones": [{"number": "020 7946 0101"}]}],
             "regular_schedules": [
                 {"weekday": "Tuesday", "opens_at": "10:00:00", "closes_at": "12:30:00"},
                 {"weekday": "Tuesday", "opens_at": "13:30", "closes_at": "15:00"},
                 {"weekday": 5, "opens_at": "5pm", "closes_at": "7pm"},
                 {"weekday": "Someday", "opens_at": "", "closes_at": ""}],
             "holiday_schedules": [{"closed": True, "start_date": "2026-12-24", "end_date": "2026-12-27"}],
             "service_taxonomys": [{"id": "st1", "taxonomy": {"id": "tx-food", "name": "Food Banks",
                                                              "vocabulary": "esdServiceTypes"}}],
             "service_at_locations": [{"id": "sal-1", "location": {
                 "id": "loc-1", "name": "St Luke's hall", "latitude": "51.4318", "longitude": "-0.1035",
                 "physical_addresses": [{"address_1": "2 Knights Hill", "city": "London", "postal_code": "se27 0ha"}],
                 "accessibility_for_disabilities": [{"accessibility": "Wheelchair accessible"}]},
                 "regular_schedules": [{"weekday": "Saturday", "opens_at": "22:00", "closes_at": "02:00"}]}]},
            {"id": "101", "name": "Norwood Food Bank (copy)", "description": "A repeated id"},
            {"id": "102", "name": "", "description": "Empty name"},
            {"id": "103", "name": "   ", "description": "Blank name"},
            {"id": "", "name": "No id at all"},
            None,
            {"id": "104", "name": "Streatham Debt Advice", "status": "active",
             "description": "&lt;p&gt;Free debt and money advice&lt;/p&gt;",
             "email": STAFF_EMAILS[1], "assurer_email": STAFF_EMAILS[1],
             "metadata": [{"last_action_type": "update", "updated_by": STAFF_EMAILS[1]}],
             "regular_schedules": [{"freq": "MONTHLY", "byday": "1TU", "opens_at": "09:00", "closes_at": "12:00"}],
             "service_taxonomys": [{"taxonomy": {"id": "tx-debt", "name": "Debt advice"}}],
             "service_at_locations": [{"location": {"id": "loc-2", "name": "Streatham Library",
                 "physical_addresses": [{"address_1": "63 Streatham High Road", "postal_code": "SW16 1PL"}],
                 "latitude": 0, "longitude": 0}}]},
        ],
    })


def oruk3_page() -> dict:
    """ORUK/HSDS 3.0 paging envelope with list-level and full records, dirty."""
    return copy.deepcopy({
        "total_items": 6, "total_pages": 1, "page_number": 1, "size": 6, "first_page": True, "last_page": True,
        "empty": False,
        "contents": [
            {"id": "a1", "name": "Kennington Youth Club", "description": "", "status": "active",
             "organization_id": "org-9"},  # list-level record: no arrays at all
            {"id": "a2", "name": "Lambeth Women's Refuge", "status": "active",
             "description": "Safe housing for women and children. Phone first.",
             "attributes": [{"taxonomy_term": {"id": "tt-ref", "code": "refuges", "name": "Refuges"}}],
             "phones": [{"number": "020 7946 0999"}],
             "service_at_locations": [{"location": {
                 "id": "loc-r", "name": f"House at 7 {REFUGE_STREET}", "latitude": 51.4681, "longitude": -0.1184,
                 "addresses": [{"address_1": f"7 {REFUGE_STREET}", "city": "London", "postal_code": "SW9 9ER"}]}}],
             "schedules": [{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59"}]},
            {"id": "a3", "name": "<b>Brixton</b> ESOL", "status": "active",
             "description": "English classes for adults.",
             "fees_description": "Free", "minimum_age": 19,
             "metadata": [{"field_name": "name", "updated_by": STAFF_EMAILS[2]}],
             "contact email of the editor": STAFF_EMAILS[3],
             "languages": [{"name": "Spanish", "code": "es"}, {"name": "", "code": ""}],
             "cost_options": [{"amount": "abc"}],
             "schedules": [
                 {"freq": "WEEKLY", "byday": "MO,WE", "opens_at": "09:30", "closes_at": "11:30"},
                 {"freq": "WEEKLY", "byday": "MO,WE", "opens_at": "18:00", "closes_at": "20:00"},
                 {"freq": "MONTHLY", "byday": "-1SA", "opens_at": "10:00", "closes_at": "13:00"}],
             "attributes": [{"taxonomy_term": {"id": "tt-esol", "name": "ESOL"}}],
             "service_at_locations": [{"location": {
                 "id": "loc-3", "name": "Raleigh Hall", "latitude": 51.4603, "longitude": -0.1134,
                 "addresses": [{"address_1": "8 Saltoun Road", "postal_code": "SW2 1EP", "address_type": "physical"}],
                 "accessibility": [{"description": "No wheelchair access, two steps"}]}}]},
            {"id": "a3", "name": "Brixton ESOL duplicate", "description": ""},
            {"id": "a4", "name": "", "description": ""},
            ["not", "an", "object"],
        ],
    })
