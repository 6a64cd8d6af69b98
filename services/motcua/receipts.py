"""Processing's knowledge of dossiers' receipts, which intake (another process) accepts.

Processing follows the intake topic itself and keeps each dossier's earliest received_at in its
bounded memory (AcceptedMemory.receipts). Why the topic rather than asking intake or ClickHouse:
Kafka is already processing's one dependency (no new one, no call per event), the topic is the
record of every receipt any intake replica ever accepted (intake's own memory is per process and
lost on restart), and the read model lags the topic anyway. The knowledge only ever refuses: a
dossier whose receipt is not known (not consumed yet, forgotten, Kafka away) is accepted, and the
fold and ListDataIssues take care of it.
"""
from __future__ import annotations

import asyncio
import logging
import time

from aiokafka import AIOKafkaConsumer

from motcua.accepted_memory import AcceptedMemory
from motcua.config import Settings
from motcua.v1 import events_pb2 as pb

log = logging.getLogger("motcua.receipts")
CATCH_UP_S = 10.0  # at start, wait at most this long to have read the topic to its end, then serve
RETRY_S = 5.0      # Kafka away at start: try again this often, in the background


class ReceiptWatcher:
    def __init__(self, settings: Settings, memory: AcceptedMemory, *, catch_up_s: float = CATCH_UP_S) -> None:
        self.settings, self.memory, self.catch_up_s = settings, memory, catch_up_s
        self.topic = settings.topic("intake")
        self.consumer: AIOKafkaConsumer | None = None
        self.task: asyncio.Task | None = None
        self.seen = 0  # receipts read

    async def start(self) -> None:
        """Read the topic up to its end (bounded by catch_up_s), then follow it in the background.
        Kafka away: serve at once (every receipt unknown) and keep trying in the background."""
        if await self._connect():
            await self._catch_up(time.monotonic() + self.catch_up_s)
            self.task = asyncio.create_task(self._follow())
        else:
            self.task = asyncio.create_task(self._connect_then_follow())

    async def _connect(self) -> bool:
        consumer = AIOKafkaConsumer(self.topic, bootstrap_servers=self.settings.kafka_servers, group_id=None,
                                    enable_auto_commit=False, auto_offset_reset="earliest",
                                    client_id="motcua-receipts")
        try:
            await asyncio.wait_for(consumer.start(), self.catch_up_s)
        except Exception as exc:  # noqa: BLE001 - Kafka away
            log.warning("not following %s yet (%s): receipts unknown, no event refused for its date",
                        self.topic, exc)
            await _quietly(consumer.stop())
            return False
        self.consumer = consumer
        return True

    async def _connect_then_follow(self) -> None:
        await asyncio.sleep(RETRY_S)
        while not await self._connect():
            await asyncio.sleep(RETRY_S)
        log.info("following %s", self.topic)
        await self._follow()

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.consumer is not None:
            await _quietly(self.consumer.stop())

    async def _catch_up(self, deadline: float) -> None:
        consumer, ends = self.consumer, None
        while time.monotonic() < deadline:
            self._take(await consumer.getmany(timeout_ms=200))
            assigned = consumer.assignment()
            if not assigned:
                if not consumer.partitions_for_topic(self.topic):
                    return  # no such topic yet: nothing to catch up with
                continue
            ends = ends or await consumer.end_offsets(list(assigned))
            positions = [await consumer.position(tp) for tp in assigned]
            if all(at >= ends.get(tp, 0) for tp, at in zip(assigned, positions)):
                log.info("read %d receipts from %s", self.seen, self.topic)
                return
        log.warning("%s not read to its end within %.0fs; following it in the background", self.topic,
                    self.catch_up_s)

    async def _follow(self) -> None:
        while True:
            try:
                self._take(await self.consumer.getmany(timeout_ms=1000))
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep following; the consumer reconnects by itself
                log.exception("reading %s", self.topic)
                await asyncio.sleep(1.0)

    def _take(self, batches: dict) -> None:
        for records in batches.values():
            for record in records:
                try:
                    event = pb.Event.FromString(record.value)
                except Exception:  # noqa: BLE001 - not ours to judge: the projector dead-letters it
                    continue
                if event.WhichOneof("payload") == "dossier_received":
                    received = event.dossier_received
                    self.memory.note_receipt(received.dossier_id, received.received_at.ToMilliseconds())
                    self.seen += 1


async def _quietly(stopping) -> None:
    try:
        await stopping
    except Exception:  # noqa: BLE001
        log.debug("stopping the receipts consumer", exc_info=True)
