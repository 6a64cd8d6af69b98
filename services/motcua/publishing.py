"""Publishing events to Kafka through FastStream: acks=all, idempotent, keyed by dossier."""
from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka.errors import KafkaError
from faststream.kafka import KafkaBroker

from motcua.config import Settings
from motcua.events import event_type_of, record_key
from motcua.v1 import events_pb2 as pb


class PublishError(RuntimeError):
    """Kafka did not acknowledge: the caller must not report the event as accepted."""


class EventPublisher:
    def __init__(self, settings: Settings, *, request_timeout_ms: int = 15000) -> None:
        self.settings = settings
        self.broker = KafkaBroker(
            settings.kafka_bootstrap,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            compression_type=None,
            request_timeout_ms=request_timeout_ms,
            client_id="motcua-publisher",
        )

    async def start(self) -> None:
        await self.broker.start()

    async def stop(self) -> None:
        # Closing the producer flushes what is in flight; the broker's stop awaits it.
        await self.broker.stop()

    def topic_for(self, event: pb.Event) -> str:
        return self.settings.topic(event_type_of(event).service)

    async def publish(self, event: pb.Event) -> None:
        await self.publish_many([event])

    async def publish_many(self, events: Sequence[pb.Event]) -> None:
        """Send all, then wait for every acknowledgement; raise if any is missing."""
        try:
            futures = [
                await self.broker.publish(event.SerializeToString(), self.topic_for(event),
                                          key=record_key(event), no_confirm=True)
                for event in events
            ]
            await asyncio.gather(*futures)
        except (KafkaError, asyncio.TimeoutError, OSError) as exc:
            raise PublishError(f"Kafka did not acknowledge: {type(exc).__name__}: {exc}") from exc
