"""The council service's directory tables (SQLAlchemy Core, portable).

- ``directory_feeds``: one row per imported feed (version, source, last report);
- ``directory_oruk_services``: one row per service keyed on (feed, oruk_id) holding
  the ORUK 3.0 object devices and the read API get (``to_oruk3`` of the
  normalised record: never raw vendor data), its digest (to publish only
  changes), the council's modified time and the confidential flag;
- ``directory_service_terms`` / ``directory_taxonomy_terms``: taxonomy, for
  ``taxonomy_id`` filtering and ``/taxonomy_terms``;
- ``directory_postcode_districts``: district centroids devices use for distance;
- ``directory_reports``: problems residents and volunteers report with a listing;
- ``signposting_usage``: anonymous counts by hub, day, event and need/service.
"""

from __future__ import annotations

import sqlalchemy as sa

from sync.server.db import Id, Json, Time, metadata

directory_feeds = sa.Table(
    "directory_feeds",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("version", sa.String(16), nullable=False, server_default="unknown"),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("imported_at", Time, nullable=False),
    sa.Column("report", Json),
)

directory_oruk_services = sa.Table(
    "directory_oruk_services",
    metadata,
    sa.Column("feed", sa.String(100), primary_key=True),
    sa.Column("oruk_id", sa.String(200), primary_key=True),
    sa.Column("key", sa.String(301), nullable=False, unique=True),  # "<feed>:<oruk_id>", the change-log key
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("search_text", sa.Text, nullable=False, server_default=""),  # lower case, for ?search=
    sa.Column("data", Json, nullable=False),  # ORUK 3.0 service object (to_oruk3)
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("confidential", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("modified_at", Time, nullable=False),  # when the council recorded the last change
    sa.Column("imported_at", Time, nullable=False),
)
sa.Index("directory_oruk_services_oruk_id", directory_oruk_services.c.oruk_id)
sa.Index("directory_oruk_services_modified", directory_oruk_services.c.modified_at)
sa.Index("directory_oruk_services_name", directory_oruk_services.c.name, directory_oruk_services.c.key)

directory_taxonomy_terms = sa.Table(
    "directory_taxonomy_terms",
    metadata,
    sa.Column("feed", sa.String(100), primary_key=True),
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("code", sa.String(200)),
    sa.Column("name", sa.String(500)),
    sa.Column("vocabulary", sa.String(200)),
    sa.Column("parent_id", sa.String(200)),
)

directory_service_terms = sa.Table(
    "directory_service_terms",
    metadata,
    sa.Column("service_key", sa.String(301), primary_key=True),
    sa.Column("term_id", sa.String(200), primary_key=True),
)
sa.Index("directory_service_terms_term", directory_service_terms.c.term_id)

directory_postcode_districts = sa.Table(
    "directory_postcode_districts",
    metadata,
    sa.Column("district", sa.String(8), primary_key=True),
    sa.Column("latitude", sa.Float, nullable=False),
    sa.Column("longitude", sa.Float, nullable=False),
    sa.Column("source", sa.String(100), nullable=False, server_default=""),
    sa.Column("updated_at", Time, nullable=False),
)

directory_reports = sa.Table(
    "directory_reports",
    metadata,
    sa.Column("report_id", Id, primary_key=True),
    sa.Column("hub_id", Id, sa.ForeignKey("hubs.id"), nullable=False),
    sa.Column("device_id", Id, sa.ForeignKey("devices.id"), nullable=False),
    sa.Column("service_key", sa.String(301), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("reason", sa.String(64)),
    sa.Column("reported_at", Time, nullable=False),
    sa.Column("received_at", Time, nullable=False),
)
sa.Index("directory_reports_service", directory_reports.c.service_key)

# Counts only: no device, no person, no time finer than a day.
signposting_usage = sa.Table(
    "signposting_usage",
    metadata,
    sa.Column("hub_id", Id, sa.ForeignKey("hubs.id"), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),  # local date YYYY-MM-DD
    sa.Column("event", sa.String(32), primary_key=True),
    sa.Column("subject", sa.String(301), primary_key=True),  # need id or service key
    sa.Column("count", sa.Integer, nullable=False),
)
