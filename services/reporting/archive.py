"""SQL over the events archive, the log of record: a dossier's whole history and what the archive
holds. The archive may hold an event twice until ReplacingMergeTree merges; every query here reads
each event_id once. Report figures come from the read models (activity.py, queries.py), not from here."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.tables import EVENTS
from reporting.reader import Reader


def _unique_events(reader: Reader, where: str) -> str:
    return f"""
        SELECT event_id, type, occurred_at, recorded_at, source, department, dossier_id, payload
        FROM {reader.table(EVENTS)} WHERE {reader.known()} AND {where} LIMIT 1 BY event_id"""


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
    sql = f"""SELECT type, uniqExact(event_id), max(recorded_at) FROM {reader.table(EVENTS)}
              WHERE {reader.known()} GROUP BY type ORDER BY type"""
    return [(kind, int(count), latest) for kind, count, latest in reader.rows(sql)]
