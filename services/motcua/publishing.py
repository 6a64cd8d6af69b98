"""Publishing events to Kafka through FastStream: acks=all, idempotent, keyed by dossier.

A call is answered only after Kafka has acknowledged every event it carries. Events are grouped by
topic and partition and sent as record batches (one FastStream publish per batch rather than per
event: the per-message path costs more CPU than the validation of an event).
"""
from __future__ import annotations

import asyncio
import logging
from collections import Counter as Tally
from collections.abc import Sequence

from aiokafka.errors import KafkaError, OutOfOrderSequenceNumber, ProducerFenced
from aiokafka.partitioner import DefaultPartitioner
from faststream.exceptions import FastStreamException
from faststream.kafka import KafkaBroker, KafkaPublishMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import REGISTRY, Counter

from motcua.config import Settings
from motcua.events import EVENT_TYPES, event_type_of, record_key
from motcua.v1 import events_pb2 as pb

log = logging.getLogger("motcua.publishing")
PUBLISHED = Counter("motcua_events_published", "Events Kafka acknowledged", ["topic", "type"])
PARTITIONER = DefaultPartitioner()  # murmur2, as every Kafka client: a dossier's events share a partition
MAX_BATCH_BYTES = 1 << 20
CHUNK_BYTES = 256 * 1024  # well under MAX_BATCH_BYTES and the broker's 1 MiB message limit
RECORD_OVERHEAD = 160  # record header, offsets, our headers and FastStream's correlation_id
# Every record says what it holds, so a consumer without our code can decode it (the descriptor set
# is proto/motcua/v1/motcua.desc): the content type, the protobuf message, the event type.
CONTENT_TYPE = "application/x-protobuf"
MESSAGE_HEADER, EVENT_TYPE_HEADER = "motcua-message", "motcua-event-type"


def record_headers(type_name: str) -> dict[str, str]:
    return {"content-type": CONTENT_TYPE, MESSAGE_HEADER: pb.Event.DESCRIPTOR.full_name, EVENT_TYPE_HEADER: type_name}


class PublishError(RuntimeError):
    """Kafka did not acknowledge: the caller must not report the event as accepted."""


class EventPublisher:
    def __init__(self, settings: Settings, *, timeout_s: float = 10.0) -> None:
        self.settings, self.timeout_s = settings, timeout_s
        self._broker: KafkaBroker | None = None
        self._connecting = asyncio.Lock()

    def _new_broker(self) -> KafkaBroker:
        return KafkaBroker(
            self.settings.kafka_servers,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_batch_size=MAX_BATCH_BYTES,
            request_timeout_ms=int(self.timeout_s * 1000),
            client_id="motcua-publisher",
            middlewares=[KafkaPrometheusMiddleware(registry=REGISTRY, app_name="motcua")],
        )

    async def start(self) -> bool:
        """Connect now if Kafka answers; if not, the service still starts and calls answer UNAVAILABLE."""
        try:
            await self._connected()
            return True
        except PublishError as exc:
            log.warning("Kafka is not reachable yet (%s); will retry on the next call", exc)
            return False

    async def reachable(self) -> bool:
        try:
            broker = await self._connected()
        except PublishError:
            return False
        return await broker.ping(timeout=min(2.0, self.timeout_s))

    async def stop(self) -> None:
        # Stopping the producer flushes what is in flight before it closes.
        if self._broker is not None:
            broker, self._broker = self._broker, None
            await broker.stop()

    async def _connected(self) -> KafkaBroker:
        if self._broker is not None:
            return self._broker
        async with self._connecting:
            if self._broker is None:
                await self._bootstrap_answers()
                broker = self._new_broker()
                try:
                    await asyncio.wait_for(broker.start(), self.timeout_s)
                except (KafkaError, asyncio.TimeoutError, OSError) as exc:
                    await _quietly_stop(broker)
                    raise PublishError(f"cannot connect to Kafka at {self.settings.kafka_bootstrap}: "
                                       f"{type(exc).__name__}: {exc}") from exc
                self._broker = broker
        return self._broker

    async def _bootstrap_answers(self) -> None:
        """A plain TCP check first: a producer that fails to start cannot be closed, so don't make one."""
        for address in self.settings.kafka_bootstrap.split(","):
            host, _, port = address.strip().rpartition(":")
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 2.0)
            except (OSError, asyncio.TimeoutError, ValueError):
                continue
            writer.close()
            await writer.wait_closed()
            return
        raise PublishError(f"no Kafka bootstrap server answers at {self.settings.kafka_bootstrap}")

    def topic_for(self, event: pb.Event) -> str:
        return self.settings.topic(event_type_of(event).service)

    async def publish(self, event: pb.Event) -> None:
        await self.publish_many([event])

    async def publish_many(self, events: Sequence[pb.Event]) -> None:
        """Send all, then wait for every acknowledgement; raise PublishError if any is missing."""
        if not events:
            return
        try:
            sent = await asyncio.wait_for(self._send_all(events), self.timeout_s)
        except (KafkaError, FastStreamException, asyncio.TimeoutError, OSError) as exc:
            if isinstance(exc, (OutOfOrderSequenceNumber, ProducerFenced)):
                # aiokafka's sender stops for good on these (e.g. after a broker restart): a fresh
                # producer (new producer id) on the next call, or every later call fails too.
                broker, self._broker = self._broker, None
                if broker is not None:
                    await asyncio.wait([asyncio.ensure_future(_quietly_stop(broker))], timeout=self.timeout_s)
            raise PublishError(f"Kafka did not acknowledge: {type(exc).__name__}: {exc}") from exc
        for (topic, type_name), count in sent.items():
            PUBLISHED.labels(topic, type_name).inc(count)

    async def _send_all(self, events: Sequence[pb.Event]) -> Tally:
        """Send and await the acknowledgements; the count of events by (topic, type)."""
        broker = await self._connected()
        # FastStream's batch publish needs an explicit partition; its producer knows the topic's.
        producer = broker.config.producer._producer.producer
        # FastStream sets headers per batch, not per record, so a batch holds one event type: a
        # partition's events go out grouped by type, each type in its order. A dossier's events of
        # different types are not ordered in the log anyway (they span topics), and the fold
        # does not depend on their order; events of one type (a receipt and its correction) keep it.
        groups: dict[tuple[str, int, str], list[tuple[bytes, bytes]]] = {}
        partitions: dict[str, list[int]] = {}
        sent: Tally = Tally()
        for event in events:
            topic, key = self.settings.topic(EVENT_TYPES[event.type].service), record_key(event)
            if topic not in partitions:
                partitions[topic] = sorted(await producer.partitions_for(topic))
            partition = PARTITIONER(key, partitions[topic], partitions[topic])
            groups.setdefault((topic, partition, event.type), []).append((key, event.SerializeToString()))
            sent[topic, event.type] += 1
        acks = []
        for (topic, partition, type_name), records in groups.items():
            headers = record_headers(type_name)
            for chunk in _chunks(records):
                messages = [KafkaPublishMessage(value, key=key) for key, value in chunk]
                acks.append(await broker.publish_batch(*messages, topic=topic, partition=partition,
                                                       headers=headers, no_confirm=True))
        await asyncio.gather(*acks)
        return sent


def _chunks(records: list[tuple[bytes, bytes]]) -> list[list[tuple[bytes, bytes]]]:
    chunks, current, size = [], [], 0
    for key, value in records:
        cost = len(key) + len(value) + RECORD_OVERHEAD
        if current and size + cost > CHUNK_BYTES:
            chunks.append(current)
            current, size = [], 0
        current.append((key, value))
        size += cost
    if current:
        chunks.append(current)
    return chunks


async def _quietly_stop(broker: KafkaBroker) -> None:
    try:
        await broker.stop()
    except Exception:  # noqa: BLE001 - a half-started client may fail to close; nothing to save
        log.debug("closing a broker that failed to start", exc_info=True)
