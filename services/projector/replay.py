"""Replaying a span of the log through the fold, with a consumer of its own (no group, no commits)."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition

from motcua.config import Settings
from projector.batch import fold_batch
from projector.metrics import log_offsets
from projector.writer import ClickHouseWriter

Offsets = dict[TopicPartition, int]


@dataclass
class Replayed:
    records: int = 0
    folded: int = 0
    dead: dict[str, int] = field(default_factory=dict)  # reason code -> count (already dead-lettered live)


def _consumer(settings: Settings) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(bootstrap_servers=settings.kafka_servers, group_id=None, enable_auto_commit=False,
                            auto_offset_reset="earliest", max_partition_fetch_bytes=8 << 20,
                            client_id="motcua-projector-replay")


def _end_offsets(settings: Settings) -> Offsets:
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_servers, client_id="motcua-projector-replay")
    try:
        return {TopicPartition(tp.topic, tp.partition): end
                for tp, end in log_offsets(admin, settings.command_topics).items()}
    finally:
        admin.close()


async def end_offsets(settings: Settings) -> Offsets:
    """Each command topic partition's high-water mark, now."""
    return await asyncio.to_thread(_end_offsets, settings)


async def replay(settings: Settings, writer: ClickHouseWriter, until: Offsets, since: Offsets | None = None,
                 max_records: int = 10000) -> Replayed:
    """Fold every record from `since` (default: the beginning) up to `until` (exclusive) into the
    writer's tables. Batches are written as the live projector writes them: idempotently."""
    since = since or {}
    todo = {tp: end for tp, end in until.items() if end > since.get(tp, 0)}
    done = Replayed()
    if not todo:
        return done
    consumer = _consumer(settings)
    await consumer.start()
    try:
        consumer.assign(list(todo))
        for tp in todo:
            if tp in since:
                consumer.seek(tp, since[tp])
            else:
                await consumer.seek_to_beginning(tp)
        while todo:
            fetched = await consumer.getmany(*todo, timeout_ms=500, max_records=max_records)
            records = [r for tp, rs in fetched.items() for r in rs if r.offset < todo[tp]]
            for tp in list(todo):
                if await consumer.position(tp) >= todo[tp]:
                    del todo[tp]
                    consumer.pause(tp)
            if not records:
                continue
            batch = fold_batch(records)
            await asyncio.to_thread(writer.write_until_done, batch.rows, batch.key)
            done.records += len(records)
            done.folded += batch.folded
            for letter in batch.dead:
                done.dead[letter.code] = done.dead.get(letter.code, 0) + 1
        return done
    finally:
        await consumer.stop()
