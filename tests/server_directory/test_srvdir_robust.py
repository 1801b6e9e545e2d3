"""Robustness: the directory's schema and queries compile for PostgreSQL; odd input never gets a 5xx."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.server import db, directory_tables
from sync.server.ops_directory import feedback_query, usage_query

TABLES = [directory_tables.directory_feeds, directory_tables.directory_oruk_services,
          directory_tables.directory_taxonomy_terms, directory_tables.directory_service_terms,
          directory_tables.directory_postcode_districts, directory_tables.directory_reports,
          directory_tables.signposting_usage]


def test_tables_and_open_data_queries_compile_for_postgresql():
    statements: list[str] = []
    engine = sa.create_mock_engine(
        "postgresql+psycopg://", lambda sql, *a, **k: statements.append(str(sql.compile(dialect=engine.dialect))))
    db.metadata.create_all(engine, tables=TABLES, checkfirst=False)
    assert sum("CREATE TABLE" in s for s in statements) == len(TABLES)
    dialect = engine.dialect
    usage = str(usage_query().compile(dialect=dialect))
    assert "CASE WHEN" in usage and "GROUP BY" in usage
    assert "substr(" in str(feedback_query().compile(dialect=dialect)).lower()


query_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(search=query_text, modified=query_text, taxonomy=query_text, page=st.integers(-5, 10**7),
       per_page=st.integers(-5, 10**6))
def test_any_query_to_services_is_answered_without_a_5xx(client, search, modified, taxonomy, page, per_page):
    response = client.get("/services", params={"search": search, "modified_after": modified,
                                               "taxonomy_id": taxonomy, "page": page, "per_page": per_page})
    assert response.status_code in (200, 422), response.text
    assert response.headers["access-control-allow-origin"] == "*"
    if response.status_code == 422:
        assert response.json()["error"] == "invalid_request"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(
    st.sampled_from(["event", "need", "service_key", "day", "count", "extra"]),
    st.one_of(st.none(), st.booleans(), st.integers(-10, 20_000), query_text,
              st.sampled_from(["need_search", "service_view", "food", "lbl:s1", "2026-11-22"])), max_size=6))
def test_random_usage_payloads_are_applied_or_rejected_with_a_reason(device, payload):
    device.sequence = getattr(device, "sequence", 0) + 1
    result = device.push("signposting.usage", payload, device.sequence)
    assert result["status"] in ("applied", "rejected")
    if result["status"] == "rejected":
        assert result["reason"]["code"] == "invalid_payload", result
