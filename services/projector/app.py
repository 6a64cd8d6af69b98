"""The projector process: a FastStream batch subscriber over every command topic.

A batch is decoded, folded into rows, written to ClickHouse (retrying until it is there), and only
then are its offsets committed. A crash anywhere before the commit replays the batch; the writer's
idempotence makes the replay harmless.
"""
from __future__ import annotations

import asyncio
import logging
import time

from aiokafka import ConsumerRecord
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.middlewares import AckPolicy
from google.protobuf.message import DecodeError
from prometheus_client import Counter, Histogram

from motcua.config import Settings
from motcua.events import event_type_of
from motcua.v1 import events_pb2 as pb
from projector.fold import Rows, fold
from projector.writer import ClickHouseWriter

log = logging.getLogger("motcua.projector")
GROUP_ID = "motcua-projector"

EVENTS = Counter("motcua_projector_events", "Events folded into ClickHouse", ["topic"])
DEAD_LETTERS = Counter("motcua_projector_dead_letters", "Events sent to the dead-letter topic", ["reason"])
BATCH_SIZE = Histogram("motcua_projector_batch_size", "Records per consumed batch",
                       buckets=(1, 10, 100, 500, 1000, 2000, 5000, 10000))
TO_QUERYABLE = Histogram("motcua_projector_publish_to_queryable_seconds",
                         "From the command service's acknowledgement (recorded_at) to the rows being in ClickHouse",
                         buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))


def decode(record: ConsumerRecord) -> pb.Event:
    event = pb.Event()
    event.ParseFromString(record.value or b"")
    if not event.event_id:
        raise DecodeError("no event_id")
    event_type_of(event)  # raises on a missing payload
    return event


def build(settings: Settings, writer: ClickHouseWriter, *, max_records: int = 5000) -> KafkaBroker:
    broker = KafkaBroker(settings.kafka_bootstrap, client_id="motcua-projector",
                         acks="all", enable_idempotence=True)

    @broker.subscriber(*settings.command_topics, group_id=GROUP_ID, batch=True, max_records=max_records,
                       batch_timeout_ms=50, auto_offset_reset="earliest", ack_policy=AckPolicy.MANUAL)
    async def project(_: list[bytes], message: KafkaMessage) -> None:
        records: tuple[ConsumerRecord, ...] = message.raw_message
        rows, dead, recorded = Rows(), [], []
        for record in records:
            try:
                event = decode(record)
            except (DecodeError, ValueError, KeyError) as exc:
                dead.append((record, f"undecodable: {exc}"))
                continue
            rows.extend(fold(event, record.topic, record.partition, record.offset))
            recorded.append(event.recorded_at.ToMilliseconds() / 1000)
        span = sorted((r.topic, r.partition, r.offset) for r in records)
        batch_key = f"{span[0]}..{span[-1]}|{len(records)}"
        await asyncio.to_thread(writer.write_until_done, rows, batch_key)
        for record, reason in dead:  # before the commit: a crash here re-sends, never drops
            await broker.publish(record.value, settings.dead_letter_topic, key=record.key,
                                 headers={"x-reason": reason[:500], "x-origin":
                                          f"{record.topic}/{record.partition}/{record.offset}"})
            DEAD_LETTERS.labels("undecodable").inc()
        await message.ack()
        now = time.time()
        BATCH_SIZE.observe(len(records))
        for at in recorded:
            TO_QUERYABLE.observe(max(0.0, now - at))
        for record in records:
            EVENTS.labels(record.topic).inc()

    return broker
