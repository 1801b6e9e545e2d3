"""Search and browse a page at a time: every match exactly once, a stable order, an honest total."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kiosk.directory import query
from kiosk.directory.query import Filters

FRIDAY_LUNCHTIME = datetime(2026, 11, 20, 12, 30, tzinfo=timezone.utc)


def pages(fetch, size: int) -> tuple[list[int], list[int]]:
    """Ids page by page until a page says nothing follows (bounded), and the totals each page gave."""
    ids: list[int] = []
    totals: list[int] = []
    for number in range(50):
        page = fetch(limit=size, offset=number * size)
        assert page.offset == number * size
        ids += [item["id"] for item in page.items]
        totals.append(page.total)
        if not page.more:
            break
    return ids, totals


@pytest.mark.parametrize("fetch", [
    lambda db, **page: query.search(db, "london", now=FRIDAY_LUNCHTIME, **page),
    lambda db, **page: query.search(db, "free advice", Filters(postcode="SW2"), now=FRIDAY_LUNCHTIME, **page),
    lambda db, **page: query.browse(db, now=FRIDAY_LUNCHTIME, **page),
    lambda db, **page: query.browse(db, Filters(postcode="SE11"), now=FRIDAY_LUNCHTIME, **page),
    lambda db, **page: query.browse(db, Filters(open_at=FRIDAY_LUNCHTIME), now=FRIDAY_LUNCHTIME, **page),
], ids=["search", "search-near-postcode", "browse-all", "browse-near-postcode", "browse-open-then"])
def test_pages_hold_every_match_once_in_the_order_of_one_long_list(demo_db, fetch):
    whole = fetch(demo_db, limit=500, offset=0)
    assert len(whole.items) == whole.total > 7
    ids, totals = pages(lambda **page: fetch(demo_db, **page), 7)
    assert ids == [item["id"] for item in whole.items]
    assert len(set(ids)) == len(ids)
    assert set(totals) == {whole.total}


def test_a_page_past_the_end_is_empty_but_keeps_the_total(demo_db):
    page = query.search(demo_db, "london", limit=30, offset=1000)
    assert page.items == [] and page.total > 30 and not page.more and not page.nothing_found
    assert query.search(demo_db, "zzzqqq", limit=30).nothing_found


def test_browse_without_python_filters_reads_only_the_page_from_sql(demo_db):
    statements: list[str] = []
    demo_db.conn.set_trace_callback(statements.append)
    try:
        page = query.browse(demo_db, Filters(need="community"), limit=5, offset=5)
    finally:
        demo_db.conn.set_trace_callback(None)
    listing = [s for s in statements if "from directory_service s left join" in s]
    assert len(listing) == 1 and "limit 5 offset 5" in listing[0]
    assert len(page.items) == 5 and page.total == 18
    everything = query.browse(demo_db, Filters(need="community")).items
    assert [item["id"] for item in page.items] == [item["id"] for item in everything][5:10]


def test_results_say_how_many_there_are_for_the_command_line(demo_db):
    found = query.search(demo_db, "london", limit=10).to_dict()
    assert (len(found["items"]), found["offset"]) == (10, 0) and found["total"] > 10


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    """400 generated services (the benchmark's feed): enough for a word to match more than CANDIDATES."""
    from kiosk.directory import importer
    from kiosk.store import open_db
    from tests.bench import bench_directory

    db = open_db(tmp_path_factory.mktemp("big") / "device.sqlite3")
    importer.import_document(db, bench_directory.generate(400), "bench")
    return db


def test_a_search_matching_more_than_the_candidates_says_so_and_pages_through_the_best(big_db):
    matching = big_db.execute("select count(*) from directory_fts where directory_fts match 'london'").fetchone()[0]
    assert matching > query.CANDIDATES
    first = query.search(big_db, "london", limit=30, now=FRIDAY_LUNCHTIME)
    assert first.capped and first.total == query.CANDIDATES
    ids, totals = pages(lambda **page: query.search(big_db, "london", now=FRIDAY_LUNCHTIME, **page), 30)
    assert len(ids) == len(set(ids)) == query.CANDIDATES and set(totals) == {query.CANDIDATES}
    narrow = query.search(big_db, "youth club brixton", limit=30, now=FRIDAY_LUNCHTIME)
    assert not narrow.capped and narrow.total == len(narrow.items)
