"""SQL over the events archive: what only the archive knows (accounts, feedback, catalog decisions,
the published 766 index) and a dossier's whole history. The archive may hold an event twice until
ReplacingMergeTree merges; every query here reads each event_id once."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from reporting.reader import Reader


def _unique_events(reader: Reader, where: str) -> str:
    return f"""
        SELECT event_id, type, occurred_at, recorded_at, source, department, dossier_id, payload
        FROM {reader.database}.events WHERE {reader.known()} AND {where} LIMIT 1 BY event_id"""


IN_PERIOD = "occurred_at >= {start:DateTime64(3, 'UTC')} AND occurred_at < {end:DateTime64(3, 'UTC')}"


def distinct_in_period(reader: Reader, event_type: str, key: str, start: datetime, end: datetime) -> int:
    """Distinct `key`s (account_ref, feedback_id, ...) among `event_type` events of [start, end)."""
    sql = f"""SELECT uniqExact(JSONExtractString(payload, {{key:String}}))
              FROM ({_unique_events(reader, f"type = {{event_type:String}} AND {IN_PERIOD}")})"""
    return int(reader.rows(sql, event_type=event_type, key=key, start=start, end=end)[0][0])


def catalog_decisions(reader: Reader, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Decisions published in [start, end), one per number (its latest version), by publication time."""
    sql = f"""
        SELECT argMax(payload, recorded_at), argMax(occurred_at, recorded_at) AS published
        FROM ({_unique_events(reader, f"type = 'catalog.decision_published' AND {IN_PERIOD}")})
        GROUP BY JSONExtractString(payload, 'number') ORDER BY published, JSONExtractString(any(payload), 'number')"""
    return [json.loads(payload) for payload, _ in reader.rows(sql, start=start, end=end)]


def index766(reader: Reader, period: str) -> dict[str, Any] | None:
    """The index as last published for the period."""
    sql = f"""
        SELECT payload FROM ({_unique_events(reader, "type = 'index766.published'")})
        WHERE JSONExtractString(payload, 'period') = {{period:String}}
        ORDER BY recorded_at DESC, event_id DESC LIMIT 1"""
    rows = reader.rows(sql, period=period)
    return json.loads(rows[0][0]) if rows else None


def timeline(reader: Reader, dossier_id: str) -> list[dict[str, Any]]:
    """Every event of one dossier (payments and surveys that name it too), in business-time order."""
    sql = f"""
        SELECT event_id, type, occurred_at, recorded_at, source, department, payload
        FROM ({_unique_events(reader, "dossier_id = {dossier_id:String}")})
        ORDER BY occurred_at, recorded_at, event_id"""
    return [{"event_id": event_id, "type": kind, "occurred_at": occurred, "recorded_at": recorded,
             "source": source, "department": department, "payload": payload}
            for event_id, kind, occurred, recorded, source, department, payload
            in reader.rows(sql, dossier_id=dossier_id)]


def data_status(reader: Reader) -> list[tuple[str, int, datetime | None]]:
    """(event type, distinct events, latest recorded_at) in the archive."""
    sql = f"""SELECT type, uniqExact(event_id), max(recorded_at) FROM {reader.database}.events
              WHERE {reader.known()} GROUP BY type ORDER BY type"""
    return [(kind, int(count), latest) for kind, count, latest in reader.rows(sql)]
