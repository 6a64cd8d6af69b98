"""The ClickHouse schema as versioned migrations (services/motcua/schema/NNN_*.sql), applied at start."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import clickhouse_connect
from clickhouse_connect.driver.client import Client

from motcua.config import Settings
from motcua.tables import identifier

MIGRATIONS = Path(__file__).with_name("schema")
NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def connect(settings: Settings, database: str | None = None, *, compress: bool = True) -> Client:
    from urllib.parse import urlparse

    url = urlparse(settings.clickhouse_url)
    return clickhouse_connect.get_client(
        host=url.hostname, port=url.port or 8123, secure=url.scheme == "https",
        username=settings.clickhouse_user, password=settings.clickhouse_password,
        database=database or "", connect_timeout=5, send_receive_timeout=60,
        autogenerate_session_id=False, compress=compress,
        # On a cluster an insert returns once every shard has its rows, not when the node has
        # queued them: the projector commits offsets only after that.
        settings={"distributed_foreground_insert": 1} if settings.clickhouse_cluster else None)


class MigrationEdited(RuntimeError):
    """A migration file no longer matches what the database had applied from it."""


def checksum(sql: str) -> str:
    """What a migration's text is recorded as; line endings do not count, anything else does."""
    return hashlib.sha256(sql.replace("\r\n", "\n").encode()).hexdigest()


def migrations() -> list[tuple[int, str, str]]:
    found = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        match = NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file {path.name} must be named NNN_name.sql")
        found.append((int(match.group(1)), path.stem, path.read_text()))
    return found


def statements(sql: str) -> list[str]:
    without_comments = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [s.strip() for s in without_comments.split(";") if s.strip()]


def applied_migrations(client: Client, database: str) -> dict[int, str]:
    """version -> recorded checksum ("" for migrations applied before checksums were recorded);
    empty when the database (or its ledger) does not exist yet."""
    columns = {row[0] for row in client.query(
        "SELECT name FROM system.columns WHERE database = {db:String} AND table = 'schema_migrations'",
        parameters={"db": database}).result_rows}
    if not columns:
        return {}
    digest = "checksum" if "checksum" in columns else "''"
    return {row[0]: row[1] for row in client.query(
        f"SELECT version, {digest} FROM {database}.schema_migrations FINAL").result_rows}


def refuse_edited(applied: dict[int, str], known: list[tuple[int, str, str]], database: str) -> None:
    for version, name, sql in known:
        recorded = applied.get(version)
        if recorded and recorded != checksum(sql):
            raise MigrationEdited(
                f"migration {name}.sql was edited after it was applied to database {database} (recorded "
                f"checksum {recorded[:12]}, the file's is now {checksum(sql)[:12]}); restore it and put the "
                "change in a new migration")


Statements = Callable[[list[str]], list[str]]


def migrate(client: Client, database: str, translate: Statements | None = None) -> list[str]:
    """Create the database and apply the migrations it has not had yet; return those applied.
    A migration edited since it was applied is refused (MigrationEdited), never silently skipped.
    `translate` turns a migration's statements into those this node runs (a cluster's shard)."""
    identifier(database)
    known = migrations()
    applied = applied_migrations(client, database)
    refuse_edited(applied, known, database)
    if all(applied.get(version) for version, _, _ in known):
        return []  # up to date: no DDL at all, so a read-only user (reporting) can start too
    client.command(f"CREATE DATABASE IF NOT EXISTS {database} ENGINE = Atomic")
    client.command(f"CREATE TABLE IF NOT EXISTS {database}.schema_migrations "
                   "(version UInt32, name String, checksum String, applied_at DateTime DEFAULT now()) "
                   "ENGINE = ReplacingMergeTree ORDER BY version")
    client.command(f"ALTER TABLE {database}.schema_migrations ADD COLUMN IF NOT EXISTS checksum String AFTER name")
    done = []
    for version, name, sql in known:
        if version not in applied:
            for statement in (translate or list)(statements(sql)):
                client.command(statement.replace("{db}", database))
            done.append(name)
        elif applied[version]:
            continue
        # Applied now, or before checksums were recorded (then this records what it is taken to be).
        client.insert(f"{database}.schema_migrations", [[version, name, checksum(sql)]],
                      column_names=["version", "name", "checksum"])
    return done


def migrate_cluster(shards: list[Client], database: str, cluster: str) -> list[str]:
    """The schema on every shard of `cluster`: local tables, and the Distributed tables in front under
    the plain names (motcua.chcluster). Each shard keeps its own migration ledger, checksums
    included; returns what the first shard lacked."""
    from motcua import chcluster

    tables = chcluster.created_tables([s for _, _, sql in migrations() for s in statements(sql)])

    def for_a_shard(migration: list[str]) -> list[str]:
        local, front = chcluster.split(migration, cluster, tables)
        return [*local, *front]

    applied = [migrate(client, database, for_a_shard) for client in shards]
    return applied[0]


def migrate_for(settings: Settings) -> list[str]:
    """The schema where `settings` point: one node, or every shard of a cluster."""
    if not settings.clickhouse_cluster:
        return migrate(connect(settings), settings.clickhouse_database)
    import dataclasses

    shards = [connect(dataclasses.replace(settings, clickhouse_url=url))
              for url in settings.clickhouse_shard_urls or (settings.clickhouse_url,)]
    return migrate_cluster(shards, settings.clickhouse_database, settings.clickhouse_cluster)
