"""Import from a URL: pages followed from a loopback HTTP server, bounded, failures reported."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from srvdir_feeds import paged

from sync.server import db
from sync.server.directory_import import SourceError, import_source
from sync.server.directory_tables import directory_oruk_services


class FeedServer:
    """Serves ``pages[n]`` for ``?page=<n + offset>``; records every path asked for."""

    def __init__(self, pages: list, *, offset: int = 1, status: int = 200, ignore_page: bool = False):
        self.pages, self.offset, self.status, self.ignore_page = pages, offset, status, ignore_page
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                outer.requests.append(self.path)
                query = parse_qs(urlsplit(self.path).query)
                index = 0 if outer.ignore_page or "page" not in query else int(query["page"][0]) - outer.offset
                body = json.dumps(outer.pages[index] if 0 <= index < len(outer.pages) else {"contents": []})
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/services?per_page=2"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def services(n: int) -> list[dict]:
    return [{"id": f"u{i}", "name": f"Service number {i}", "description": "Advice."} for i in range(n)]


def stored_ids(engine) -> list[str]:
    with db.reading(engine) as conn:
        return sorted(conn.execute(sa.select(directory_oruk_services.c.oruk_id)).scalars())


def test_two_pages_of_a_3_0_api_are_followed(engine):
    with FeedServer(paged(services(4), per_page=2)) as server:
        outcome = import_source(engine, server.url, "web")
    assert outcome.pages == 2 and outcome.report.version == "3.0"
    assert stored_ids(engine) == ["u0", "u1", "u2", "u3"]
    assert server.requests == ["/services?per_page=2", "/services?per_page=2&page=2"]


def test_a_1_0_api_with_zero_based_page_numbers(engine):
    pages = [{"content": services(4)[:2], "totalElements": 4, "totalPages": 2, "number": 0, "last": False},
             {"content": services(4)[2:], "totalElements": 4, "totalPages": 2, "number": 1, "last": True}]
    with FeedServer(pages, offset=0) as server:
        outcome = import_source(engine, server.url, "web")
    assert outcome.report.version == "1.0" and outcome.pages == 2
    assert stored_ids(engine) == ["u0", "u1", "u2", "u3"]


def test_a_server_that_ignores_page_is_not_read_forever(engine):
    first = paged(services(6), per_page=2)[0]  # claims 3 pages, but every answer is the first
    with FeedServer([first], ignore_page=True) as server:
        outcome = import_source(engine, server.url, "web")
    assert len(server.requests) == 2
    assert stored_ids(engine) == ["u0", "u1"]
    assert any("repeated" in note for note in outcome.notes)


def test_page_count_is_bounded_and_a_partial_read_never_prunes(engine):
    with FeedServer(paged(services(10), per_page=2)) as server:
        assert import_source(engine, server.url, "web").pages == 5
        outcome = import_source(engine, server.url, "web", max_pages=3, prune=True)
    assert len(server.requests) == 5 + 3 and outcome.pages == 3
    assert any("--max-pages" in note for note in outcome.notes)
    assert any("not pruned" in note for note in outcome.notes)
    assert outcome.tombstoned == 0 and len(stored_ids(engine)) == 10  # u6..u9 were not withdrawn


def test_an_http_error_is_a_clear_failure_and_writes_nothing(engine):
    with FeedServer(paged(services(2), per_page=2), status=500) as server:
        with pytest.raises(SourceError, match="HTTP 500"):
            import_source(engine, server.url, "web")
    with pytest.raises(SourceError, match="could not be fetched"):
        import_source(engine, "http://127.0.0.1:9/services", "web")  # nothing listens on the discard port
    assert stored_ids(engine) == []
