"""Reports kept in ClickHouse (migration 020_reports.sql): the first stored model of a period is the
report of record; later ones are kept for the record but not served."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from clickhouse_connect.driver.client import Client

from motcua.tables import REPORTS, identifier, qualified
from reporting.reader import utc


class ReportStore:
    def __init__(self, client: Client, database: str) -> None:
        self.client, self.table = client, qualified(identifier(database), REPORTS)

    def save(self, period: str, model: dict[str, Any], generated_at: datetime, trigger: str = "scheduler") -> None:
        self.client.insert(f"{self.table}",
                           [[period, generated_at.astimezone(timezone.utc), trigger,
                             json.dumps(model, ensure_ascii=False)]],
                           column_names=["period", "generated_at", "trigger", "model"])

    def has(self, period: str) -> bool:
        rows = self.client.query(f"SELECT count() FROM {self.table} WHERE period = {{p:String}}",
                                 parameters={"p": period}).result_rows
        return rows[0][0] > 0

    def load(self, period: str) -> tuple[dict[str, Any], datetime] | None:
        rows = self.client.query(
            f"""SELECT model, generated_at FROM {self.table} WHERE period = {{p:String}}
                ORDER BY generated_at LIMIT 1""", parameters={"p": period}).result_rows
        return (json.loads(rows[0][0]), utc(rows[0][1])) if rows else None

    def list(self, limit: int) -> list[tuple[str, datetime, str]]:
        rows = self.client.query(
            f"""SELECT period, min(generated_at), argMin(trigger, generated_at) FROM {self.table}
                GROUP BY period ORDER BY period DESC LIMIT {{limit:UInt32}}""", parameters={"limit": limit}).result_rows
        return [(period, utc(at), trigger) for period, at, trigger in rows]
