"""Rebuild every read model from the log into fresh tables, then swap them in, while reads go on.

1. Fresh `<table>__rebuild` twins of the fold's tables (and of the tables their materialized views
   feed, with twin views), empty.
2. The log, from its beginning up to the end offsets read at the start, is folded into the twins by
   the live projector's own code.
3. Each pair is swapped with EXCHANGE TABLES (atomic): readers see the old table or the new one.
4. What arrived after those end offsets went into the old tables only (the live projector kept
   running): it is replayed again into the live ones. Every read model is idempotent, so what both
   wrote counts once.
5. The twins, now holding the old data, are dropped.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from clickhouse_connect.driver.client import Client

from motcua.chschema import connect, migrate
from motcua.config import Settings
from motcua.tables import SLICES
from projector.fold import COLUMNS
from projector.replay import Replayed, end_offsets, replay
from projector.writer import ClickHouseWriter

SUFFIX = "__rebuild"


@dataclass
class Rebuilt:
    tables: list[str]
    replayed: Replayed
    caught_up: Replayed
    seconds: float


def derived_views(client: Client, database: str) -> dict[str, tuple[str, str]]:
    """Materialized views reading a table of the fold: view name -> (its target table, its DDL)."""
    rows = client.query("SELECT name, create_table_query FROM system.tables WHERE database = {db:String} "
                        "AND engine = 'MaterializedView' AND NOT endsWith(name, {suffix:String})",
                        parameters={"db": database, "suffix": SUFFIX}).result_rows
    views = {}
    for name, ddl in rows:
        source = re.search(rf"\bFROM\s+{re.escape(database)}\.(\w+)", ddl)
        target = re.search(rf"\bTO\s+{re.escape(database)}\.(\w+)", ddl)
        if source and target and source.group(1) in COLUMNS:
            views[name] = (target.group(1), ddl)
    return views


def _twin_ddl(ddl: str, database: str, names: list[str]) -> str:
    for name in names:
        ddl = re.sub(rf"\b{re.escape(database)}\.{name}\b", f"{database}.{name}{SUFFIX}", ddl)
    return ddl


def prepare_twins(client: Client, database: str) -> list[str]:
    views = derived_views(client, database)
    tables = list(COLUMNS) + sorted({target for target, _ in views.values()})
    for view in views:
        client.command(f"DROP VIEW IF EXISTS {database}.{view}{SUFFIX} SYNC")
    for table in tables:  # a failed rebuild may have left some behind
        client.command(f"DROP TABLE IF EXISTS {database}.{table}{SUFFIX} SYNC")
        client.command(f"CREATE TABLE {database}.{table}{SUFFIX} AS {database}.{table}")
    for view, (_, ddl) in views.items():
        client.command(_twin_ddl(ddl, database, [view, *tables]))
    return tables


def swap(client: Client, database: str, tables: list[str]) -> None:
    for table in tables:
        client.command(f"EXCHANGE TABLES {database}.{table} AND {database}.{table}{SUFFIX}")


def drop_twins(client: Client, database: str, tables: list[str]) -> None:
    for view in derived_views(client, database):
        client.command(f"DROP VIEW IF EXISTS {database}.{view}{SUFFIX} SYNC")
    for table in tables:
        client.command(f"DROP TABLE IF EXISTS {database}.{table}{SUFFIX} SYNC")


def forget_slices(client: Client, database: str) -> None:
    """The period slices (reporting.slices) copy facts of the tables a rebuild replaces: they go."""
    for table in SLICES:
        client.command(f"TRUNCATE TABLE IF EXISTS {database}.{table}")


class RebuildRefused(RuntimeError):
    """The rebuild cannot run where the settings point; nothing was changed."""


async def rebuild(settings: Settings, say: Callable[[str], None] = print) -> Rebuilt:
    if settings.clickhouse_cluster:
        # The swap is per node; on a cluster every shard would swap its local tables (docs/cluster.md).
        raise RebuildRefused(f"a rebuild on the ClickHouse cluster {settings.clickhouse_cluster!r} is not "
                             "supported yet: rebuild on a single node, or shard by shard")
    began = time.monotonic()
    client = connect(settings, compress=False)
    database = settings.clickhouse_database
    migrate(client, database)
    tables = prepare_twins(client, database)
    say(f"fresh tables: {', '.join(t + SUFFIX for t in tables)}")
    until = await end_offsets(settings)
    say(f"replaying {sum(until.values()):,} records of {len(until)} partitions into them")
    replayed = await replay(settings, ClickHouseWriter(client, database, SUFFIX), until)
    say(f"folded {replayed.folded:,} events ({sum(replayed.dead.values())} dead letters); swapping")
    forget_slices(client, database)  # reads go to dossier_facts until the next month's slice is built
    swap(client, database, tables)
    forget_slices(client, database)  # and one built from the old tables meanwhile goes too
    caught_up = await replay(settings, ClickHouseWriter(client, database), await end_offsets(settings), until)
    drop_twins(client, database, tables)
    say(f"swapped; caught up {caught_up.records:,} records that arrived meanwhile; old tables dropped")
    return Rebuilt(tables, replayed, caught_up, time.monotonic() - began)
