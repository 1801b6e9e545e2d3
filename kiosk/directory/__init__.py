"""Find help: an offline signposting directory fed by Open Referral UK (ORUK 1.0 and HSDS 3.0).

Modules, from the outside in:

- ``text``, ``oruk``: turn a dirty ORUK feed into clean, normalised service records.
  No database, no Qt: the council service reuses them for its own import.
- ``schedules``: opening times in Europe/London wall-clock time, ``opening_status``.
- ``needs``, ``synonyms``, ``geo``: resident-facing needs, related words, postcode districts.
- ``store``: the device tables (migration set ``kiosk.directory``) and writes.
- ``importer``: a feed file into the device database, with an import report.
- ``search``, ``query``: the only read path for callers; it never returns the address
  of a confidential service (refuges).
- ``cli``: ``kiosk directory import|search|show``.
"""
