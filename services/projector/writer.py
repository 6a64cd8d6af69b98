"""The ClickHouse side of the fold: insert a batch's rows, table by table, idempotently."""
from __future__ import annotations

import hashlib
import logging
import re
import time

from clickhouse_connect.datatypes.registry import get_from_name
from clickhouse_connect.driver.client import Client

from motcua.tables import identifier
from projector.fold import COLUMNS, Rows

log = logging.getLogger("motcua.projector.writer")
# The archive goes last: once it has a batch, every read model has it too.
TABLE_ORDER = [t for t in COLUMNS if t != "events"] + ["events"]
# Part of every deduplication token: a replay folded by different code must not be taken for the old.
FOLD_VERSION = "2"


class ClickHouseWriter:
    """Writes into `<database>.<table><suffix>`; the suffix is how a rebuild fills fresh tables."""

    def __init__(self, client: Client, database: str, suffix: str = "") -> None:
        if suffix:
            identifier(suffix, "table suffix")
        self.client, self.database, self.suffix = client, identifier(database), suffix
        self._types: dict[str, list] = {}

    def _column_types(self, table: str) -> list:
        """The table's column types, asked once. LowCardinality columns are sent as plain strings:
        ClickHouse converts them natively, far cheaper than building dictionaries in Python."""
        if table not in self._types:
            context = self.client.create_insert_context(self.target(table), list(COLUMNS[table]))
            self._types[table] = [get_from_name(re.sub(r"LowCardinality\((\w+)\)", r"\1", t.name))
                                  for t in context.column_types]
        return self._types[table]

    def target(self, table: str) -> str:
        return f"{self.database}.{table}{self.suffix}"

    def write(self, rows: Rows, batch_key: str) -> None:
        """Insert every table's rows. The token makes a replay of the same batch a no-op; rows keyed
        by event id make even a differently cut replay converge (ReplacingMergeTree, idempotent folds)."""
        for table in TABLE_ORDER:
            if rows[table][0]:
                self._insert(table, rows[table], batch_key)

    def _insert(self, table: str, columns: list[list], batch_key: str) -> None:
        token = hashlib.sha256(f"{FOLD_VERSION}|{table}|{batch_key}".encode()).hexdigest()
        self.client.insert(self.target(table), columns, column_names=list(COLUMNS[table]),
                           column_types=self._column_types(table), column_oriented=True,
                           settings={"insert_deduplication_token": token})

    def write_until_done(self, rows: Rows, batch_key: str, stop_after: float | None = None) -> None:
        """Retry until ClickHouse has the rows: offsets must not move past a batch it does not have."""
        delay, began = 0.2, time.monotonic()
        while True:
            try:
                self.write(rows, batch_key)
                return
            except Exception as exc:  # any failure: keep the batch, back off, try again
                if stop_after is not None and time.monotonic() - began > stop_after:
                    raise
                log.warning("ClickHouse write failed (%s); retrying in %.1fs", exc, delay)
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
