"""The ClickHouse schema as versioned migrations (services/motcua/schema/NNN_*.sql), applied at start."""
from __future__ import annotations

import re
from pathlib import Path

import clickhouse_connect
from clickhouse_connect.driver.client import Client

from motcua.config import Settings

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


def applied_versions(client: Client, database: str) -> set[int]:
    """The migrations the database has had; empty when it (or its ledger) does not exist yet."""
    exists = client.command("SELECT count() FROM system.tables WHERE database = {db:String} "
                            "AND name = 'schema_migrations'", parameters={"db": database})
    if not int(exists):
        return set()
    return {row[0] for row in client.query(f"SELECT version FROM {database}.schema_migrations FINAL").result_rows}


def migrate(client: Client, database: str) -> list[str]:
    """Create the database and apply the migrations it has not had yet; return those applied."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", database):
        raise ValueError(f"database name {database!r} is not a plain identifier")
    if applied_versions(client, database) >= {version for version, _, _ in migrations()}:
        return []  # up to date: no DDL at all, so a read-only user (reporting) can start too
    client.command(f"CREATE DATABASE IF NOT EXISTS {database} ENGINE = Atomic")
    client.command(f"CREATE TABLE IF NOT EXISTS {database}.schema_migrations "
                   "(version UInt32, name String, applied_at DateTime DEFAULT now()) "
                   "ENGINE = ReplacingMergeTree ORDER BY version")
    done = {row[0] for row in client.query(f"SELECT version FROM {database}.schema_migrations FINAL").result_rows}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        for statement in statements(sql):
            client.command(statement.replace("{db}", database))
        client.insert(f"{database}.schema_migrations", [[version, name]], column_names=["version", "name"])
        applied.append(name)
    return applied


def migrate_cluster(shards: list[Client], database: str, cluster: str) -> list[str]:
    """The schema on every shard of `cluster`: local tables, and the Distributed tables in front under
    the plain names. Each shard keeps its own migration ledger; returns what the first one lacked."""
    from motcua import chcluster

    everything = [s for _, _, sql in migrations() for s in statements(sql)]
    tables = chcluster.created_tables(everything)
    applied: list[str] = []
    for index, client in enumerate(shards):
        done = applied_versions(client, database)
        if done >= {version for version, _, _ in migrations()}:
            continue
        client.command(f"CREATE DATABASE IF NOT EXISTS {_identifier(database)} ENGINE = Atomic")
        client.command(f"CREATE TABLE IF NOT EXISTS {database}.schema_migrations "
                       "(version UInt32, name String, applied_at DateTime DEFAULT now()) "
                       "ENGINE = ReplacingMergeTree ORDER BY version")
        for version, name, sql in migrations():
            if version in done:
                continue
            local, front = chcluster.split(statements(sql), cluster, tables)
            for statement in [*local, *front]:
                client.command(statement.replace("{db}", database))
            client.insert(f"{database}.schema_migrations", [[version, name]], column_names=["version", "name"])
            if index == 0:
                applied.append(name)
    return applied


def migrate_for(settings: Settings) -> list[str]:
    """The schema where `settings` point: one node, or every shard of a cluster."""
    if not settings.clickhouse_cluster:
        return migrate(connect(settings), settings.clickhouse_database)
    import dataclasses

    shards = [connect(dataclasses.replace(settings, clickhouse_url=url))
              for url in settings.clickhouse_shard_urls or (settings.clickhouse_url,)]
    return migrate_cluster(shards, settings.clickhouse_database, settings.clickhouse_cluster)


def _identifier(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"database name {name!r} is not a plain identifier")
    return name
