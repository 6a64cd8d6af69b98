"""Helpers of the seeded-fault tests (no tests here): a small month folded as the projector folds it,
and the two harms a checker must see: a row removed, and a copy of a row under another insert token
and another version (optionally under another reader key too)."""
from __future__ import annotations

from motcua.chschema import connect, migrate
from motcua.interchange import to_object
from motcua_tools.bench.reporting_data import fold_into
from motcua_tools.sample_events import month_of_events
from projector.fold import COLUMNS


def folded_month(settings, dossiers: int = 60) -> tuple[object, dict[str, dict]]:
    """(client, acknowledged events by id): the events folded into the settings' database."""
    client = connect(settings)
    migrate(client, settings.clickhouse_database)
    events = month_of_events(dossiers, seed=3, prefix="L", side=16)
    fold_into(client, settings.clickhouse_database, events, "ledger")
    return client, {e.event_id: {**to_object(e), "event_id": e.event_id} for e in events}


def remove_row(client, database: str, table: str, event_id: str) -> None:
    client.command(f"ALTER TABLE {database}.{table} DELETE WHERE event_id = {{id:String}}",
                   parameters={"id": event_id}, settings={"mutations_sync": 2})


def copy_row(client, database: str, table: str, event_id: str, **changed: str) -> None:
    """Insert the event's row again, one second later recorded (another version, so another token
    too), with `changed` columns set to SQL expressions."""
    columns = COLUMNS[table]
    exprs = [changed.get(c, "recorded_at + INTERVAL 1 SECOND" if c == "recorded_at" else f"`{c}`") for c in columns]
    client.command(f"INSERT INTO {database}.{table} ({', '.join(f'`{c}`' for c in columns)}) "
                   f"SELECT {', '.join(exprs)} FROM {database}.{table} WHERE event_id = {{id:String}}",
                   parameters={"id": event_id}, settings={"insert_deduplication_token": f"seeded-{table}-{event_id}"})
    rows = client.query(f"SELECT count() FROM {database}.{table} WHERE event_id = {{id:String}}",
                        parameters={"id": event_id}).result_rows[0][0]
    assert rows == 2, f"the copy of {event_id} in {table} did not land ({rows} rows)"


def first(acknowledged: dict[str, dict], kind: str, **fields) -> str:
    """The id of the first acknowledged event of that type (with those field values)."""
    return next(i for i, e in acknowledged.items()
                if e["type"] == kind and all(e.get(k) == v for k, v in fields.items()))
