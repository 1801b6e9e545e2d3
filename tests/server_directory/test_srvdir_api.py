"""The ORUK 3.0 read API: paging, filters, one service, errors, CORS, confidentiality, OpenAPI."""

from __future__ import annotations

import json

import sqlalchemy as sa
from srvdir_feeds import REFUGE_POSTCODE, REFUGE_STREET, STAFF_EMAILS, oruk3

from sync.server import db
from sync.server.directory_import import import_document
from sync.server.directory_tables import directory_oruk_services

ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def many(n: int) -> list[dict]:
    return [{"id": f"m{i:03}", "name": f"Advice point {i:03}", "description": "Benefits help."} for i in range(n)]


def test_paging_walks_every_service_once_with_the_3_0_envelope(engine, client):
    import_document(engine, many(23), "big")
    seen, pages = [], []
    for page in range(1, 10):
        response = client.get("/services", params={"page": page, "per_page": 10})
        assert response.status_code == 200
        body = response.json()
        assert set(body) == ENVELOPE
        pages.append((body["page_number"], body["size"], body["first_page"], body["last_page"], body["empty"]))
        seen += [s["id"] for s in body["contents"]]
        assert body["total_items"] == 23 and body["total_pages"] == 3
        if body["last_page"]:
            break
    assert pages == [(1, 10, True, False, False), (2, 10, False, False, False), (3, 3, False, True, False)]
    assert sorted(seen) == sorted(f"m{i:03}" for i in range(23)) and len(seen) == 23
    beyond = client.get("/services", params={"page": 7, "per_page": 10}).json()
    assert beyond["empty"] and beyond["contents"] == [] and beyond["size"] == 0
    assert client.get("/services", params={"per_page": 5000}).json()["size"] == 23  # clamped, not refused


def test_search_taxonomy_and_modified_after(engine, client):
    import_document(engine, oruk3(), "lbl")
    names = lambda **params: [s["name"] for s in client.get("/services", params=params).json()["contents"]]  # noqa: E731
    assert names(search="esol") == ["Stockwell ESOL"]
    assert names(search="lunch OLDER") == ["Kennington Lunch Club"]  # words in name and taxonomy, any case
    assert names(text="lunch") == ["Kennington Lunch Club"]  # the ORUK 1.0 parameter
    assert names(search="100%_ \"); drop table") == []  # wildcards are plain characters
    assert names(taxonomy_id="tt-older") == ["Kennington Lunch Club"]
    assert names(taxonomy_term_id="tt-esol") == ["Stockwell ESOL"]

    with db.reading(engine) as conn:
        first_time = conn.execute(sa.select(sa.func.max(directory_oruk_services.c.modified_at))).scalar()
    assert names(modified_after=first_time) == []
    import_document(engine, oruk3(changed=True), "lbl")
    assert names(modified_after=first_time) == ["Stockwell ESOL evening classes"]
    assert len(names(modified_after="2020-01-01")) == 3  # a plain date works too
    bad = client.get("/services", params={"modified_after": "last tuesday"})
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_request"
    assert "modified_after" in bad.json()["message"]


def test_one_service_by_id_or_feed_key_and_clear_404(engine, client):
    import_document(engine, oruk3(), "lbl")
    import_document(engine, [{"id": "s2", "name": "Another feed's s2"}], "other")
    assert client.get("/services/s1").json()["name"] == "Stockwell ESOL"
    assert client.get("/services/other:s2").json()["name"] == "Another feed's s2"
    ambiguous = client.get("/services/s2")
    assert ambiguous.status_code == 409 and "lbl:s2" in ambiguous.json()["message"]
    missing = client.get("/services/no-such-service")
    assert missing.status_code == 404
    assert missing.json() == {"error": "not_found", "message": "No service with id 'no-such-service'."}
    assert missing.headers["access-control-allow-origin"] == "*"


def test_cors_on_every_answer_and_preflight(engine, client):
    import_document(engine, oruk3(), "lbl")
    for path in ("/services", "/services/s1", "/taxonomies", "/taxonomy_terms", "/open-data/signposting.csv",
                 "/open-data/feedback.csv", "/services?page=0"):
        assert client.get(path, headers={"Origin": "https://maps.example"}).headers[
            "access-control-allow-origin"] == "*", path
    preflight = client.options("/services", headers={"Origin": "https://maps.example",
                                                     "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204 and "GET" in preflight.headers["access-control-allow-methods"]
    # The device API is not open data: no CORS header there.
    assert "access-control-allow-origin" not in client.get("/health").headers


def test_confidential_service_shows_no_address_and_no_staff_email(engine, client):
    import_document(engine, oruk3(), "lbl")
    listing = client.get("/services", params={"per_page": 100}).text
    refuge = client.get("/services/s3").json()
    for text in (listing, json.dumps(refuge)):
        assert REFUGE_STREET not in text and REFUGE_POSTCODE not in text and "51.468" not in text
        assert not any(email in text for email in STAFF_EMAILS)
    assert refuge["confidential"] is True
    location = refuge["service_at_locations"][0]["location"]
    assert location["name"] is None and location["latitude"] is None
    assert [a["postal_code"] for a in location["addresses"]] == ["SW9"]


def test_taxonomies_terms_and_openapi(engine, client):
    import_document(engine, oruk3(), "lbl")
    taxonomies = client.get("/taxonomies").json()
    assert [t["id"] for t in taxonomies["contents"]] == ["demo"]
    terms = client.get("/taxonomy_terms", params={"taxonomy_id": "demo"}).json()
    assert {t["id"] for t in terms["contents"]} == {"tt-esol", "tt-older"} and terms["total_items"] == 2
    assert client.get("/").json()["version"] == "3.0"
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/services", "/services/{service_id}", "/taxonomies", "/taxonomy_terms",
                 "/open-data/signposting.csv", "/open-data/feedback.csv"):
        assert "get" in paths[path], path
    parameters = {p["name"] for p in paths["/services"]["get"]["parameters"]}
    assert {"page", "per_page", "search", "modified_after", "taxonomy_id"} <= parameters
