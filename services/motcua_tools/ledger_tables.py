"""What the ledger knows about the tables, in one place: the archive and every read model the monthly
report reads, which event types land in each, and how its reader reads it.

When the read side changes (a table dropped or renamed, a reader that starts counting rows without
FINAL or without grouping), change READ_MODELS here; tests/unit/test_ledger_tables.py holds it to the
SQL reporting actually runs.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ALL_TYPES = ("*",)


@dataclass(frozen=True)
class ReadModel:
    table: str
    key: str                 # the reader's grain: rows of one key are counted once
    types: tuple[str, ...]   # event types folded into the table (ALL_TYPES for the archive)
    # True: the reader collapses a key's rows (FINAL, GROUP BY key with argMax/min/max, LIMIT 1 BY),
    # so unmerged copies of a row are harmless to it. False: it counts rows as they are, so every
    # copy ReplacingMergeTree has not merged yet is counted again.
    dedupes: bool = True
    # True when the table is sorted by the key alone: a later event of the same key (a correction)
    # replaces the earlier one's row once parts merge, so that event is superseded, not lost.
    one_row_per_key: bool = False

    def holds(self, event_type: str | None) -> bool:
        return self.types == ALL_TYPES or event_type in self.types


DOSSIER_TYPES = ("dossier.received", "dossier.digitized", "dossier.supplement_requested",
                 "dossier.supplement_received", "dossier.resolved", "dossier.withdrawn")

ARCHIVE = ReadModel("events", "event_id", ALL_TYPES, one_row_per_key=True)  # read LIMIT 1 BY event_id
READ_MODELS = (
    ARCHIVE,
    ReadModel("dossier_facts", "dossier_id", DOSSIER_TYPES),  # GROUP BY dossier_id, min/max; a row per event
    ReadModel("payments", "payment_id", ("payment.completed",), one_row_per_key=True),      # argMax by key
    ReadModel("survey_ratings", "survey_id", ("survey.submitted",), one_row_per_key=True),  # argMax by key
    ReadModel("feedback", "feedback_id", ("feedback.received", "feedback.resolved")),      # uniqExact by key
    ReadModel("accounts_assisted", "account_ref", ("account.assisted",)),                  # uniqExact by key
    ReadModel("catalog_decisions", "number", ("catalog.decision_published",), one_row_per_key=True),  # argMax
    ReadModel("index766", "period", ("index766.published",), one_row_per_key=True),  # the latest, LIMIT 1
)


@dataclass(frozen=True)
class Index:
    """A table reporting reads that ClickHouse keeps from a read model (a materialized view): it holds
    no event ids, one row (once merged) per key of its source. The ledger checks that every key of the
    source is in it, since reporting finds a period's dossiers there first: a key missing from the
    index would be missing from every figure."""
    table: str
    source: str
    key: str


INDEXES = (Index("dossier_periods", "dossier_facts", "dossier_id"),      # schema/014_dossier_periods.sql
           Index("fact_arrivals", "dossier_facts", "dossier_id"),        # schema/015_period_slices.sql
           Index("dossier_first_seen", "dossier_facts", "dossier_id"))


def keys_missing_from(client, database: str, index: Index) -> list[str]:
    """Keys of the index's source (rows with a receipt or a closing, the rows the view keeps) that
    the index does not hold."""
    sql = (f"SELECT DISTINCT {index.key} FROM {database}.{index.source} "
           "WHERE (received_at IS NOT NULL OR resolved_at IS NOT NULL OR withdrawn_at IS NOT NULL) "
           f"AND {index.key} NOT IN (SELECT {index.key} FROM {database}.{index.table}) ORDER BY {index.key}")
    # On a cluster both tables are sharded by the dossier id: each shard compares its own rows.
    return [row[0] for row in client.query(sql, settings={"distributed_product_mode": "local"}).result_rows]


@dataclass(frozen=True)
class RowCounts:
    """Per event id: rows without FINAL, distinct reader keys among them, rows with FINAL; and every
    reader key the table holds (without FINAL)."""
    raw: dict[str, int]
    keys: dict[str, int]
    final: dict[str, int]
    key_values: frozenset = frozenset()


def count_rows(client, database: str, model: ReadModel, only: Iterable[str] | None = None) -> RowCounts:
    """How each event id stands in one table, read as it is now: no merge forced. `only` narrows the
    read to some event ids (a test's own); by default every row is read."""
    params: dict = {}
    where = ""
    if only is not None:
        params["ids"], where = list(only), "WHERE event_id IN {ids:Array(String)}"
    table = f"{database}.{model.table}"
    raw, keys = {}, {}
    for event_id, rows, distinct in client.query(
            f"SELECT event_id, count(), uniqExact({model.key}) FROM {table} {where} GROUP BY event_id",
            parameters=params).result_rows:
        raw[event_id], keys[event_id] = rows, distinct
    final = dict(client.query(f"SELECT event_id, count() FROM {table} FINAL {where} GROUP BY event_id",
                              parameters=params).result_rows)
    key_values = frozenset()
    if model.one_row_per_key and model.key != "event_id":
        key_values = frozenset(row[0] for row in client.query(f"SELECT DISTINCT {model.key} FROM {table}").result_rows)
    return RowCounts(raw, keys, final, key_values)
