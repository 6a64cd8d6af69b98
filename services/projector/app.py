"""The projector process: a FastStream batch subscriber over every command topic.

A batch is decoded, checked and folded into rows; the rows are written to ClickHouse (retrying until
they are there), the dead letters published, and only then are the batch's offsets committed. While
one batch is being written the next is folded; commits still follow the log's order. A crash anywhere
before a commit replays from the last one, and the writer's idempotence makes the replay harmless.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import socket
import time
from collections.abc import Callable, Sequence

from aiokafka import TopicPartition
from aiokafka.errors import KafkaError
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.middlewares import AckPolicy
from prometheus_client import REGISTRY

from motcua.config import Settings
from projector.batch import DeadLetter, FoldedBatch, fold_batch
from projector.metrics import BATCH_SIZE, DEAD_LETTERS, EVENTS, observe_latency
from projector.writer import ClickHouseWriter

log = logging.getLogger("motcua.projector")
MAX_RECORDS = 20000  # per batch: fewer, larger inserts; at a steady trickle batches are small anyway
DEAD_LETTER_PATIENCE = 30.0  # seconds of backoff before giving up (and stopping, uncommitted)


def tune_gc() -> None:
    """Millions of short-lived tuples and dicts, almost none kept: collect the young generation less
    often, and leave everything loaded at start out of every collection (about 15% less CPU)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 50)


async def raw_values(message) -> list[bytes]:
    """The batch's values as they came: FastStream's default decoder would build a message object
    per record and try each one as JSON, costing about as much as the whole fold."""
    return message.body


# How the projector consumes (the bench's bare baseline consumes the same way). The broker answers a
# fetch once 1 MiB is there or 150 ms have passed: at a trickle that makes a few batches a second
# instead of dozens, so ClickHouse gets a few new parts a second per table rather than a merge storm,
# for at most 150 ms of latency; under load the megabyte is there at once.
CONSUME = dict(batch=True, max_records=MAX_RECORDS, batch_timeout_ms=20, auto_offset_reset="earliest",
               ack_policy=AckPolicy.MANUAL, max_partition_fetch_bytes=8 << 20, fetch_min_bytes=1 << 20,
               fetch_max_wait_ms=150, decoder=raw_values)


def group_id(settings: Settings) -> str:
    """One consumer group per deployment (topic prefix): test runs on one broker never share one."""
    return f"{settings.topic_prefix}-projector"


class Pipeline:
    """Writes and commits batches strictly in order, one in flight while the next is folded."""

    def __init__(self, writer: ClickHouseWriter, send_dead_letters: Callable, on_fatal: Callable[[], None]) -> None:
        self.writer, self.send_dead_letters, self.on_fatal = writer, send_dead_letters, on_fatal
        self.pending: asyncio.Task | None = None
        self.stopping = False  # set before the broker stops: then each batch lands before its handler returns
        self.first_batch_at: float | None = None  # perf_counter() of the first batch, and records landed since
        self.landed = 0
        self.failed = False

    def fail(self) -> None:
        """Nothing is committed after a failure: the process stops, and a restart replays from there."""
        if not self.failed:
            self.failed = True
            self.on_fatal()

    async def submit(self, batch: FoldedBatch, consumer) -> None:
        if self.failed:
            raise RuntimeError("the projector is stopping after a failure")
        previous = self.pending
        self.pending = asyncio.create_task(self._land(previous, batch, consumer))
        if previous is not None:
            await previous
        if self.stopping:
            await self.pending

    async def drain(self) -> None:
        if self.pending is not None:
            await self.pending

    async def _land(self, previous: asyncio.Task | None, batch: FoldedBatch, consumer) -> None:
        try:
            if previous is not None:
                await previous
            await asyncio.to_thread(self.writer.write_until_done, batch.rows, batch.key)
            await self.send_dead_letters(batch.dead)
        except BaseException:
            log.exception("a batch could not be written; stopping before anything is committed past it")
            self.fail()
            raise
        if self.failed:
            return
        now = time.time()
        try:
            await consumer.commit({TopicPartition(t, p): o for (t, p), o in batch.next_offsets.items()})
        except KafkaError as exc:  # e.g. the partitions moved in a rebalance: their new owner replays them
            log.warning("commit failed (%s); the batch will be replayed and recognised", exc)
        self.landed += batch.size
        observe_latency(batch.recorded_ms, now)
        BATCH_SIZE.observe(batch.size)
        for topic, count in batch.folded_per_topic.items():
            EVENTS.labels(topic).inc(count)
        for letter in batch.dead:
            DEAD_LETTERS.labels(letter.code).inc()


def build(settings: Settings, writer: ClickHouseWriter, *, max_records: int = MAX_RECORDS,
          on_fatal: Callable[[], None] = lambda: None, group: str | None = None,
          fold: Callable[[Sequence], FoldedBatch] = fold_batch) -> tuple[KafkaBroker, Pipeline]:
    """The broker and its pipeline; `fold` is replaceable only so the bench can time everything else."""
    group = group or group_id(settings)
    broker = KafkaBroker(settings.kafka_servers, client_id="motcua-projector", acks="all",
                         enable_idempotence=True, log_level=logging.DEBUG,  # not a line per batch
                         middlewares=[KafkaPrometheusMiddleware(registry=REGISTRY, app_name="projector")])

    async def send_dead_letters(dead: list[DeadLetter]) -> None:
        for letter in dead:  # before the commit: a crash here re-sends, never drops
            record, delay = letter.record, 0.2
            headers = {"x-reason": f"{letter.code}: {letter.detail}"[:1000], "x-reason-code": letter.code,
                       "x-origin": f"{record.topic}/{record.partition}/{record.offset}"}
            while True:
                try:
                    await broker.publish(record.value, settings.dead_letter_topic, key=record.key, headers=headers)
                    break
                except KafkaError as exc:
                    if delay > DEAD_LETTER_PATIENCE:
                        raise
                    log.warning("dead letter not accepted (%s); retrying in %.1fs", exc, delay)
                    await asyncio.sleep(delay)
                    delay *= 2

    pipeline = Pipeline(writer, send_dead_letters, on_fatal)

    # Static membership (group_instance_id): a projector restarted on the same host takes its partitions
    # back at once instead of waiting out the dead member's session.
    @broker.subscriber(*settings.command_topics, group_id=group, group_instance_id=f"{group}@{socket.gethostname()}",
                       **{**CONSUME, "max_records": max_records})
    async def project(message: KafkaMessage) -> None:
        pipeline.first_batch_at = pipeline.first_batch_at or time.perf_counter()
        try:
            await pipeline.submit(fold(message.raw_message), message.consumer)
        except BaseException:
            pipeline.fail()  # the consumer has moved past this batch: no later commit may follow
            raise

    return broker, pipeline
