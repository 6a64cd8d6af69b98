"""Projector throughput and publish-to-queryable latency, on a Kafka and a ClickHouse of its own.

Throughput: N events (MOTCUA_BENCH_PROJECTOR_EVENTS, default 200,000) are published once; then the
projector (decode, contract, fold, idempotent inserts into every read model, commit) and a fair
baseline (a plain aiokafka consumer inserting the projector's own rows, folded beforehand,
column-oriented into the same tables, consuming the next batch while the last one is inserted,
committing after) each consume all of them, alternately, MOTCUA_BENCH_ROUNDS times (default 2).
Goals: projector >= 0.5 x the fair baseline, and <= 8 us of the projector process's CPU per event.
Latency: the projector runs as its own process while events are published at a steady 1,000/s for
MOTCUA_BENCH_LATENCY_SECONDS (default 20), each stamped recorded_at at sending; ClickHouse's
projected_at minus recorded_at is the delay. Goal: p99 <= 1 s.
Where the time goes: the projector with every event folded beforehand (it only gathers each batch's
rows: a bound for any fold in Python); the same consumer acknowledging without inserting; each stage
of the fold over one batch in memory; and that batch's rows written by the projector's writer.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker, KafkaMessage

from motcua import config
from motcua.chschema import connect, migrate
from motcua.events import event_type_of, record_key
from motcua_tools.bench.goals import RESULTS
from motcua_tools.infra import clickhouse, kafka
from motcua_tools.infra.process import free_port_pair
from motcua_tools.sample_events import month_of_events
from motcua_tools.stack import Stack, wait_for
from projector.app import CONSUME, MAX_RECORDS, build, tune_gc
from projector.batch import FoldedBatch, empty_batch, fold_batch
from projector.contract import check, decode
from projector.fold import fold, fold_into, new_rows
from projector.jsonform import payload_json
from projector.writer import ClickHouseWriter

RAW_COLUMNS = ["topic", "partition", "offset", "key", "value"]
STAGE_EVENTS = 20_000  # a batch's worth: the stages are timed on the batch size the projector folds


class Record(NamedTuple):
    topic: str
    partition: int
    offset: int
    key: bytes
    value: bytes


def fresh(settings: config.Settings, name: str) -> config.Settings:
    run = uuid.uuid4().hex[:8]
    return dataclasses.replace(settings, clickhouse_database=f"bench_{name}_{run}")


async def publish(settings: config.Settings, events, rate: float = 0) -> list:
    """Send every event to its service's topic; at `rate` events/s, stamped when sent, if asked.
    Returns where each one landed (its topic, partition and offset)."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_servers, acks="all",
                                enable_idempotence=True, linger_ms=5 if rate else 20)
    await producer.start()
    try:
        began, pending = time.monotonic(), []
        for n, event in enumerate(events):
            if rate:
                await asyncio.sleep(max(0.0, began + n / rate - time.monotonic()))
                event.recorded_at.GetCurrentTime()
            topic = settings.topic(event_type_of(event).service)
            pending.append(await producer.send(topic, event.SerializeToString(), key=record_key(event)))
        return await asyncio.gather(*pending)
    finally:
        await producer.stop()


async def consume_all(broker: KafkaBroker, progress, total: int) -> tuple[float, float]:
    """Start the consumer; return the seconds from its first batch to `total` records landed, and
    the CPU seconds this process spent from its start to the end. (Counted from the first batch, the
    CPU would leave out that batch's fold, which runs before this loop gets a turn: at 20,000 records
    a batch, a tenth of a 200,000-event run.)"""
    cpu = time.process_time()
    await broker.start()
    try:
        while progress()[0] is None:
            await asyncio.sleep(0.005)
        while progress()[1] < total:
            await asyncio.sleep(0.01)
        return time.perf_counter() - progress()[0], time.process_time() - cpu
    finally:
        await broker.stop()


async def run_projector(settings: config.Settings, total: int,
                        fold: Callable[[list], FoldedBatch] = fold_batch) -> tuple[float, float]:
    """The projector as it runs (consumer, pipeline, writer, commits), folding with `fold`."""
    client = connect(settings, compress=False)
    migrate(client, settings.clickhouse_database)
    broker, pipeline = build(settings, ClickHouseWriter(client, settings.clickhouse_database),
                             group=f"bench-{uuid.uuid4().hex}", fold=fold)
    return await consume_all(broker, lambda: (pipeline.first_batch_at, pipeline.landed), total)


def prefold(events, placed) -> dict[tuple[str, int, int], list[tuple[str, tuple]]]:
    """Each published event's rows, folded now, by where it landed in the log."""
    folded = {}
    for event, where in zip(events, placed):
        rows = fold(decode(event.SerializeToString()), where.topic, where.partition, where.offset)
        folded[(where.topic, where.partition, where.offset)] = [
            (table, row) for table, columns in rows.items() if columns[0] for row in zip(*columns)]
    return folded


def gathered(prefolded: dict) -> Callable[[list], FoldedBatch]:
    """A `fold` for the projector that only gathers the rows folded beforehand."""
    def gather(records) -> FoldedBatch:
        batch = empty_batch(records)
        for record in records:
            for table, row in prefolded[(record.topic, record.partition, record.offset)]:
                any(map(list.append, batch.rows[table], row))
        return batch
    return gather


async def run_baseline(settings: config.Settings, total: int, write: bool = True) -> tuple[float, float]:
    """The bare baseline: the projector's way of consuming, one plain insert of the raw records per
    batch, no fold; without `write`, the same consumer acknowledging alone (Kafka's share)."""
    client = connect(settings, compress=False)
    client.command(f"CREATE DATABASE IF NOT EXISTS {settings.clickhouse_database}")
    table = f"{settings.clickhouse_database}.raw_records"
    client.command(f"CREATE TABLE {table} (topic LowCardinality(String), partition UInt16, offset UInt64, "
                   "key String, value String) ENGINE = MergeTree ORDER BY (topic, partition, offset)")
    types = client.create_insert_context(table, RAW_COLUMNS).column_types
    state = {"first": None, "landed": 0}
    broker = KafkaBroker(settings.kafka_servers, client_id="bench-baseline", log_level=logging.DEBUG)

    @broker.subscriber(*settings.command_topics, group_id=f"bench-{uuid.uuid4().hex}", **CONSUME)
    async def bare(message: KafkaMessage) -> None:
        state["first"] = state["first"] or time.perf_counter()
        if write:
            rows = [(r.topic, r.partition, r.offset, r.key or b"", r.value) for r in message.raw_message]
            await asyncio.to_thread(client.insert, table, rows, column_names=RAW_COLUMNS, column_types=types)
        await message.ack()
        state["landed"] += len(message.raw_message)

    return await consume_all(broker, lambda: (state["first"], state["landed"]), total)


async def run_fair_baseline(settings: config.Settings, total: int, prefolded: dict) -> tuple[float, float]:
    """The fair baseline: a plain aiokafka consumer and the same rows the projector writes (folded
    beforehand), inserted column-oriented into the same tables by the same writer; consuming the next
    batch overlaps inserting the last, and offsets are committed once a batch is in. Only the fold
    (decode, contract, rows) is left out: that is the product's own work, not I/O."""
    from aiokafka import AIOKafkaConsumer

    client = connect(settings, compress=False)
    migrate(client, settings.clickhouse_database)
    writer = ClickHouseWriter(client, settings.clickhouse_database)
    gather = gathered(prefolded)
    consumer = AIOKafkaConsumer(*settings.command_topics, bootstrap_servers=settings.kafka_servers,
                                group_id=f"bench-{uuid.uuid4().hex}", enable_auto_commit=False,
                                auto_offset_reset="earliest", max_partition_fetch_bytes=8 << 20,
                                fetch_min_bytes=1 << 20, fetch_max_wait_ms=150)
    await consumer.start()
    first = cpu = None
    landed, inserting = 0, None

    async def land(batch: FoldedBatch) -> int:
        await asyncio.to_thread(writer.write, batch.rows, batch.key)
        return batch.size

    try:
        while landed < total:
            fetched = await consumer.getmany(timeout_ms=100, max_records=MAX_RECORDS)
            records = [record for part in fetched.values() for record in part]
            if inserting is not None and (records or inserting.done()):
                landed += await inserting
                await consumer.commit()  # what was consumed before this fetch is in ClickHouse
                inserting = None
            if records:
                if first is None:
                    first, cpu = time.perf_counter(), time.process_time()
                inserting = asyncio.create_task(land(gather(records)))
        return time.perf_counter() - first, time.process_time() - cpu
    finally:
        if inserting is not None:
            inserting.cancel()
        await consumer.stop()


def _per_event(work, count: int) -> float:
    began = time.perf_counter()
    work()
    return (time.perf_counter() - began) / count * 1e6


def breakdown(settings: config.Settings, events) -> None:
    """Microseconds per event of each stage of the projector, measured here on the same events."""
    records, later = ([Record(settings.topic(event_type_of(e).service), 0, n, record_key(e), e.SerializeToString())
                       for n, e in enumerate(events[start:start + STAGE_EVENTS], start)]
                      for start in (0, STAGE_EVENTS))
    count = len(records)
    decoded = [decode(r.value) for r in records]
    stages = {
        "decode": _per_event(lambda: [decode(r.value) for r in records], count),
        "contract check": _per_event(lambda: [check(d, r.topic) for d, r in zip(decoded, records)], count),
        "archive JSON": _per_event(lambda: [payload_json(d) for d in decoded], count),
    }
    rows = new_rows()
    stages["rows (with the JSON)"] = _per_event(lambda: [fold_into(rows, d, r.topic, 0, r.offset)
                                                         for d, r in zip(decoded, records)], count)
    if later:  # a second batch's worth of events: the first write warms the writer up, untimed
        client = connect(settings, compress=False)
        database = fresh(settings, "writeonly").clickhouse_database
        migrate(client, database)
        writer = ClickHouseWriter(client, database)
        first, batch = fold_batch(records), fold_batch(later)
        writer.write(first.rows, first.key)  # the writer asks each table's column types once, here
        cpu = time.process_time()
        stages["write, wall (8 tables)"] = _per_event(lambda: writer.write(batch.rows, batch.key), len(later))
        stages["write, this process's CPU"] = (time.process_time() - cpu) / len(later) * 1e6
    print("  where a batch's time goes (us/event, one batch of "
          f"{count:,} in memory): " + "; ".join(f"{name} {us:.1f}" for name, us in stages.items()), flush=True)


def throughput(settings: config.Settings, count: int, rounds: int) -> dict[str, float]:
    events = month_of_events(max(1, count // 3), seed=7, side=max(1, count // 100))[:count]
    placed = asyncio.run(publish(settings, events))
    published = len(placed)
    prefolded = prefold(events, placed)
    print(f"published {published:,} events ({len(set(e.event_id for e in events)):,} distinct)", flush=True)
    best = {"projector": 0.0, "fair baseline": 0.0}
    cpu_us: list[float] = []
    for n in range(rounds):
        for name, run in (("fair baseline", lambda s, t: run_fair_baseline(s, t, prefolded)),
                          ("projector", run_projector)):
            seconds, cpu = asyncio.run(run(fresh(settings, name.split()[-1]), published))
            rate = published / seconds
            best[name] = max(best[name], rate)
            if name == "projector":
                cpu_us.append(cpu / published * 1e6)
            print(f"  round {n + 1} {name:>13}: {rate:>9,.0f} events/s ({seconds:.2f} s; this process's CPU "
                  f"{cpu / published * 1e6:.1f} us/event)", flush=True)
    seconds, cpu = asyncio.run(run_baseline(fresh(settings, "consume"), published, write=False))
    consume_only = published / seconds
    print(f"  consume only (FastStream's consumer, no insert): {consume_only:,.0f} events/s "
          f"(this process's CPU {cpu / published * 1e6:.1f} us/event)", flush=True)
    seconds, _ = asyncio.run(run_projector(fresh(settings, "prefolded"), published, gathered(prefolded)))
    print(f"  projector with its rows folded beforehand (left: consuming, gathering the rows, writing): "
          f"{published / seconds:,.0f} events/s, ratio {published / seconds / best['fair baseline']:.2f}", flush=True)
    breakdown(settings, events)
    return {"projector": best["projector"], "baseline": best["fair baseline"], "cpu_us": min(cpu_us),
            "consume_only": consume_only, "prefolded": published / seconds}


def latency(settings: config.Settings, rate: float, seconds: float) -> tuple[float, float, int]:
    settings = dataclasses.replace(fresh(settings, "latency"), topic_prefix=f"lat{uuid.uuid4().hex[:6]}")
    events = month_of_events(int(rate * seconds) // 3 + 10, seed=11, prefix="L")[:int(rate * seconds)]
    stack = Stack(settings, services=("projector",), ports={"projector": (0, free_port_pair())})
    stack.start()
    try:
        asyncio.run(publish(settings, events[:1]))  # topics exist and the consumer is assigned first
        client = connect(settings)
        table = f"{settings.clickhouse_database}.events"
        wait_for(lambda: client.query(f"SELECT count() FROM {table}").result_rows[0][0] >= 1, 60)
        sent = len(asyncio.run(publish(settings, events[1:], rate=rate)))
        wait_for(lambda: client.query(f"SELECT count() FROM {table} FINAL").result_rows[0][0] >= sent + 1, 60)
        p50, p99 = client.query(
            "SELECT quantilesExact(0.5, 0.99)(toUnixTimestamp64Milli(projected_at) - toUnixTimestamp64Milli("
            f"recorded_at)) FROM {table} FINAL WHERE recorded_at > now() - INTERVAL 1 HOUR").result_rows[0][0]
        return p50 / 1000, p99 / 1000, sent
    finally:
        stack.stop()


def main() -> int:
    tune_gc()  # as `python -m projector` does; the baseline runs in this process under the same settings
    count = int(os.environ.get("MOTCUA_BENCH_PROJECTOR_EVENTS", "200000"))
    rounds = int(os.environ.get("MOTCUA_BENCH_ROUNDS", "2"))
    reuse = os.environ.get("MOTCUA_BENCH_KAFKA_BOOTSTRAP"), os.environ.get("MOTCUA_BENCH_CLICKHOUSE_URL")
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as state:
        settings = dataclasses.replace(
            config.load(), kafka_bootstrap=reuse[0] or f"127.0.0.1:{free_port_pair()}",
            clickhouse_url=reuse[1] or f"http://127.0.0.1:{free_port_pair()}", state_dir=Path(state),
            topic_prefix=f"bench{uuid.uuid4().hex[:6]}")
        if not all(reuse):  # servers of its own unless both are given (to iterate quickly)
            kafka.start(settings)
        try:
            if not all(reuse):
                clickhouse.start(settings)
            print(f"Kafka {settings.kafka_bootstrap}, ClickHouse {settings.clickhouse_url}, {os.cpu_count()} cores")
            found = throughput(settings, count, rounds)
            print(f"projector {found['projector']:,.0f} events/s, fair baseline {found['baseline']:,.0f} events/s, "
                  f"ratio {found['projector'] / found['baseline']:.2f} (best of {rounds} each)")
            for name, key in (("projector events/s (best round)", "projector"),
                              ("fair baseline events/s (best round)", "baseline"),
                              ("FastStream consume only events/s", "consume_only"),
                              ("projector with rows folded beforehand events/s", "prefolded")):
                RESULTS.figure("projector", name, found[key], "events/s")
            RESULTS.goal("projector", "projector / fair baseline", found["projector"] / found["baseline"], ">=", 0.5, "x")
            RESULTS.goal("projector", "projector process CPU per event (best round)", found["cpu_us"], "<=", 8.0, "us")
            seconds = float(os.environ.get("MOTCUA_BENCH_LATENCY_SECONDS", "20"))
            p50, p99, sent = latency(settings, 1000.0, seconds)
            print(f"publish-to-queryable at 1,000 events/s ({sent:,} events): p50 {p50:.3f} s, p99 {p99:.3f} s")
            RESULTS.figure("projector", "publish-to-queryable p50 at 1,000 events/s", p50, "s")
            RESULTS.goal("projector", "publish-to-queryable p99 at 1,000 events/s", p99, "<=", 1.0, "s")
        finally:
            if not all(reuse):
                clickhouse.stop(settings)
                kafka.stop(settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
