"""Helpers of the projector's integration tests (no tests here): publishing, an in-process projector,
and the read models' content in a form two runs can be compared by."""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaProducer

from motcua.chschema import connect, migrate
from motcua.config import Settings
from motcua.events import event_type_of, record_key
from motcua.v1 import events_pb2 as pb
from projector.app import build
from projector.fold import COLUMNS
from projector.writer import ClickHouseWriter
from reporting.queries import dossier_state_sql

POSITION_COLUMNS = {"topic", "partition", "offset"}


def topic_of(settings: Settings, event: pb.Event) -> str:
    return settings.topic(event_type_of(event).service)


async def publish(settings: Settings, items: list) -> None:
    """Events go to their service's topic; (topic, key, value) tuples are sent as they are."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", enable_idempotence=True,
                                linger_ms=10)
    await producer.start()
    try:
        sent = []
        for item in items:
            topic, key, value = ((topic_of(settings, item), record_key(item), item.SerializeToString())
                                 if isinstance(item, pb.Event) else item)
            sent.append(await producer.send(topic, value, key=key))
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def wait_until(predicate, timeout: float, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def projector(settings: Settings, group: str | None = None):
    """The projector's broker and pipeline, in this process; yields the pipeline (its .landed count)."""
    client = connect(settings, compress=False)
    migrate(client, settings.clickhouse_database)
    broker, pipeline = build(settings, ClickHouseWriter(client, settings.clickhouse_database), group=group)
    await broker.start()
    try:
        yield pipeline
    finally:
        pipeline.stopping = True
        await pipeline.drain()
        await broker.stop()


def snapshot(client, database: str, *, positions: bool = True) -> dict[str, list[tuple]]:
    """Every read model as readers see it (FINAL, or aggregated), sorted, without ingestion-time
    columns; without log positions too unless asked (they depend on arrival order)."""
    out = {}
    for table, columns in COLUMNS.items():
        chosen = [c for c in columns if positions or c not in POSITION_COLUMNS]
        rows = client.query(f"SELECT {', '.join(f'`{c}`' for c in chosen)} FROM {database}.{table} FINAL").result_rows
        out[table] = sorted(rows, key=repr)
    out["dossiers"] = sorted(client.query(dossier_state_sql(database, None)).result_rows)
    return out


def archived(client, database: str) -> int:
    """Distinct events in the archive; 0 while the projector has not yet created its tables."""
    try:
        return client.query(f"SELECT count() FROM {database}.events FINAL").result_rows[0][0]
    except Exception as exc:
        if "UNKNOWN_DATABASE" in str(exc) or "UNKNOWN_TABLE" in str(exc):
            return 0
        raise


def duplicates(client, database: str) -> dict[str, int]:
    """Event ids a reader of each table the report reads would count more than once (all should be 0):
    the ledger's own check (tests/integration/test_ledger_seeded.py proves it sees a seeded double)."""
    from motcua_tools.ledger_report import check_table
    from motcua_tools.ledger_tables import READ_MODELS, count_rows

    found = {}
    for model in READ_MODELS:
        table = check_table(model, {}, count_rows(client, database, model))
        found[model.table] = len(table.doubled.keys() | table.doubled_final.keys())
    return found
