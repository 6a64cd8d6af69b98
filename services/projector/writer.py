"""The ClickHouse side of the fold: insert a batch's rows, table by table, idempotently."""
from __future__ import annotations

import hashlib
import logging
import time

from clickhouse_connect.driver.client import Client

from projector.fold import COLUMNS, Rows

log = logging.getLogger("motcua.projector.writer")
# The archive goes last: when it has a batch, every read model has it too.
TABLE_ORDER = ["dossier_facts", "payments", "survey_ratings", "events"]


class ClickHouseWriter:
    def __init__(self, client: Client, database: str) -> None:
        self.client, self.database = client, database

    def write(self, rows: Rows, batch_key: str) -> None:
        """Insert every table's rows. The token makes a replay of the same batch a no-op; rows keyed
        by event id make even a differently cut replay converge (ReplacingMergeTree, idempotent folds)."""
        for table in TABLE_ORDER:
            data = rows.by_table[table]
            if not data:
                continue
            token = hashlib.sha256(f"{table}|{batch_key}".encode()).hexdigest()
            self.client.insert(f"{self.database}.{table}", data, column_names=COLUMNS[table],
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
