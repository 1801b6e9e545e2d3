"""A migration set whose second step fails, appended to MIGRATION_MODULES by the upgrade tests."""

from sqlite_utils.migrations import Migrations

migrations = Migrations("kiosk.test_failing_upgrade")


@migrations()
def m001_new_table(db):
    db.execute("create table upgrade_probe (id integer primary key)")
    db.execute("insert into upgrade_probe (id) values (1)")


@migrations()
def m002_breaks(db):
    db.execute("update outbox set payload = 'damaged'")  # must not survive: rolled back or restored
    raise RuntimeError("this upgrade step is broken")
