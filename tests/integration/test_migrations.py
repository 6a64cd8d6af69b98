"""Migrations on a real ClickHouse: each applied once with its checksum recorded; a migration edited
after it was applied is refused with a clear error instead of being silently skipped."""
from __future__ import annotations

import uuid

import pytest

from motcua import chschema
from motcua.chschema import MigrationEdited, checksum, connect, migrate, migrations

pytestmark = pytest.mark.integration


@pytest.fixture
def database(infra_settings):
    client = connect(infra_settings, compress=False)
    name = f"mig_{uuid.uuid4().hex[:10]}"
    yield client, name
    client.command(f"DROP DATABASE IF EXISTS {name} SYNC")


def recorded(client, name) -> dict[int, str]:
    return dict(client.query(f"SELECT version, checksum FROM {name}.schema_migrations FINAL").result_rows)


def test_every_migration_is_recorded_with_its_checksum_and_applied_once(database):
    client, name = database
    applied = migrate(client, name)
    assert applied == [stem for _, stem, _ in migrations()]
    assert recorded(client, name) == {version: checksum(sql) for version, _, sql in migrations()}
    assert migrate(client, name) == []
    tables = {row[0] for row in client.query(f"SHOW TABLES FROM {name}").result_rows}
    assert "dossiers" not in tables and "dossiers_mv" not in tables and "dossier_facts" in tables


def test_an_edited_migration_is_refused_naming_it(database, monkeypatch):
    client, name = database
    migrate(client, name)
    edited = [(v, stem, sql + ("\n-- edited\n" if v == 3 else "")) for v, stem, sql in migrations()]
    monkeypatch.setattr(chschema, "migrations", lambda: edited)
    with pytest.raises(MigrationEdited, match=r"003_payments_surveys\.sql was edited after it was applied"):
        migrate(client, name)


def test_a_new_migration_is_applied_after_the_recorded_ones(database, monkeypatch):
    client, name = database
    migrate(client, name)
    extra = (999, "999_probe", "CREATE TABLE IF NOT EXISTS {db}.probe (x UInt8) ENGINE = Memory;")
    monkeypatch.setattr(chschema, "migrations", lambda: [*migrations(), extra])
    assert migrate(client, name) == ["999_probe"]
    assert recorded(client, name)[999] == checksum(extra[2])


def test_a_ledger_from_before_checksums_gets_them_recorded(database):
    client, name = database
    client.command(f"CREATE DATABASE {name}")
    client.command(f"CREATE TABLE {name}.schema_migrations (version UInt32, name String, applied_at DateTime "
                   "DEFAULT now()) ENGINE = ReplacingMergeTree ORDER BY version")
    for version, stem, sql in migrations():
        for statement in chschema.statements(sql):
            client.command(statement.replace("{db}", name))
        client.insert(f"{name}.schema_migrations", [[version, stem]], column_names=["version", "name"])
    assert migrate(client, name) == []
    assert recorded(client, name) == {version: checksum(sql) for version, _, sql in migrations()}
