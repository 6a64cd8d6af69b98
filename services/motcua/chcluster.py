"""The schema on a ClickHouse cluster: every table a local table on each shard, a Distributed table of
the same name in front. Readers and writers keep using the plain names; the shards hold the rows.

A dossier's facts, payments and ratings are sharded by the dossier id, so everything one dossier's
figures need (and every copy a replay leaves) lands on one shard: FINAL, GROUP BY dossier_id and
ReplacingMergeTree's deduplication stay exact per shard. Rows without a dossier go by their own key.
Without Keeper (chdb-core has none) there is no ON CLUSTER: the migrator applies the local DDL to
every shard itself. Under a Replicated database the same statements apply unchanged.
"""
from __future__ import annotations

import re

CREATE_TABLE = re.compile(r"^CREATE TABLE IF NOT EXISTS \{db\}\.(\w+)\s*\(", re.S)
DROP_TABLE = re.compile(r"^DROP TABLE IF EXISTS \{db\}\.(\w+)")
ORDER_BY = re.compile(r"\bORDER BY\s+\(?\s*(\w+)")
TABLE_REF = re.compile(r"\{db\}\.(\w+)")
DOSSIER_COLUMN = re.compile(r"[(,]\s*dossier_id\s+[A-Z]")  # a column definition, not a mention
LOCAL = "_local"


def local_name(table: str) -> str:
    return table + LOCAL


def sharding_key(statement: str) -> str:
    """cityHash64 of the dossier id where the table has one (falling back to the table's own key
    for rows without a dossier), else of the first column of the sorting key."""
    own = ORDER_BY.search(statement)
    if own is None:
        raise ValueError("a sharded table needs an ORDER BY to take its sharding key from")
    if DOSSIER_COLUMN.search(statement) and own.group(1) != "dossier_id":
        # toString: the sorting key's first column need not be a String (a time, for fact_arrivals)
        return f"cityHash64(if(dossier_id = '', toString({own.group(1)}), dossier_id))"
    return f"cityHash64({own.group(1)})"


def created_tables(statements: list[str]) -> set[str]:
    return {m.group(1) for s in statements if (m := CREATE_TABLE.match(s))}


def split(statements: list[str], cluster: str, tables: set[str]) -> tuple[list[str], list[str]]:
    """One migration's statements for a cluster: (local DDL for every shard, Distributed DDL for
    every node). `tables` are all the schema's tables: references to them inside views and backfills
    go to the local tables, so each shard folds its own rows."""
    local, front = [], []
    for statement in statements:
        local.append(TABLE_REF.sub(
            lambda m: "{db}." + (local_name(m.group(1)) if m.group(1) in tables else m.group(1)), statement))
        if (dropped := DROP_TABLE.match(statement)) and dropped.group(1) in tables:
            front.append(statement)  # the Distributed table goes with its local tables
        if created := CREATE_TABLE.match(statement):
            name = created.group(1)
            front.append(f"CREATE TABLE IF NOT EXISTS {{db}}.{name} AS {{db}}.{local_name(name)} "
                         f"ENGINE = Distributed('{cluster}', '{{db}}', '{local_name(name)}', "
                         f"{sharding_key(statement)})")
    return local, front
