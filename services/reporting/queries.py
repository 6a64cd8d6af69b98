"""SQL over the read models. Every query takes an optional `as_of` (recorded time)."""
from __future__ import annotations

from datetime import datetime

from clickhouse_connect.driver.client import Client

from reporting.periods import bounds


def dossier_state_sql(database: str, as_of: datetime | None) -> str:
    """One row per dossier from its facts: min/max/groupUniqArray ignore order and duplicates."""
    known = "WHERE recorded_at <= {as_of:DateTime64(3, 'UTC')}" if as_of else ""
    return f"""
        SELECT dossier_id,
               max(department) AS department, max(field) AS field, max(procedure_code) AS procedure_code,
               max(channel) AS channel, min(received_at) AS received_at, min(due_at) AS due_at,
               min(resolved_at) AS resolved_at, max(outcome) AS outcome, min(withdrawn_at) AS withdrawn_at,
               arraySort(groupUniqArrayIf(supplement_requested_at, supplement_requested_at IS NOT NULL)) AS pauses_from,
               arraySort(groupUniqArrayIf(supplement_received_at, supplement_received_at IS NOT NULL)) AS pauses_to
        FROM {database}.dossier_facts {known}
        GROUP BY dossier_id"""


def intake_by_department_channel(client: Client, database: str, period: str,
                                 as_of: datetime | None = None) -> list[tuple[str, str, int]]:
    start, end = bounds(period)
    sql = f"""
        SELECT department, channel, count() AS dossiers
        FROM ({dossier_state_sql(database, as_of)})
        WHERE received_at >= {{start:DateTime64(3, 'UTC')}} AND received_at < {{end:DateTime64(3, 'UTC')}}
        GROUP BY department, channel ORDER BY department, channel"""
    params = {"start": start, "end": end, "as_of": as_of}
    return [tuple(r) for r in client.query(sql, parameters=params).result_rows]
