"""A sender that keeps the command side's contract under load: every event is re-sent, unchanged (so
with the same id), until a service acknowledges it; each acknowledged event goes to the ack log,
with the id the service gave it (the ledger tallies the figures from them).

Events are paced at a steady rate into one queue per service; a few workers per service take what is
waiting as one SubmitBatch. While a service or Kafka is down its queue grows and the others go on.
"""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import grpc

from motcua.auth import DEV_CENTER_TOKEN
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua_tools.importer import STUBS
from motcua_tools.ledger import AckLog

# A killed or restarting server, or Kafka not acknowledging, answers one of these; nothing was
# accepted (or it was, and the re-send is recognised by its id).
RETRIED = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED,
           grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL, grpc.StatusCode.ABORTED}
# Reconnect quickly after a restart: gRPC's default backoff grows to two minutes.
CHANNEL_OPTIONS = [("grpc.initial_reconnect_backoff_ms", 200), ("grpc.min_reconnect_backoff_ms", 200),
                   ("grpc.max_reconnect_backoff_ms", 2000), ("grpc.max_send_message_length", 8 << 20)]
TICK_S = 0.05


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


@dataclass
class Stats:
    produced: int = 0
    acked: int = 0
    duplicates: int = 0
    refused: int = 0
    unacknowledged: int = 0
    retries: Counter = field(default_factory=Counter)
    refusals: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)  # seconds per acknowledged call
    window: list[float] = field(default_factory=list)
    window_acked: int = 0

    def take_window(self) -> tuple[int, list[float]]:
        acked, latencies = self.window_acked, self.window
        self.window_acked, self.window = 0, []
        return acked, latencies


class LoadDriver:
    def __init__(self, targets: dict[str, str], acks: AckLog, *, rate: float, batch_size: int = 200,
                 in_flight: int = 2, token: str = DEV_CENTER_TOKEN,
                 credentials: grpc.ChannelCredentials | None = None, call_timeout: float = 10.0) -> None:
        self.channels = {s: grpc.aio.secure_channel(t, credentials, options=CHANNEL_OPTIONS) if credentials
                         else grpc.aio.insecure_channel(t, options=CHANNEL_OPTIONS) for s, t in targets.items()}
        self.stubs = {s: STUBS[s](ch) for s, ch in self.channels.items()}
        self.acks, self.rate, self.batch_size, self.in_flight = acks, rate, batch_size, in_flight
        self.metadata = (("authorization", f"Bearer {token}"),)
        self.call_timeout = call_timeout
        self.queues: dict[str, asyncio.Queue] = {s: asyncio.Queue() for s in targets}
        self.stats = Stats()
        self.give_up_at = float("inf")

    async def close(self) -> None:
        await asyncio.gather(*(ch.close() for ch in self.channels.values()))

    async def run(self, events: Iterator[tuple[str, pb.Event]], seconds: float, drain_seconds: float = 60.0) -> Stats:
        """Send for `seconds`, then up to `drain_seconds` more to get everything acknowledged."""
        workers = [asyncio.create_task(self._worker(s)) for s in self.queues for _ in range(self.in_flight)]
        try:
            await self._produce(events, seconds)
            self.give_up_at = time.monotonic() + drain_seconds
            for queue in self.queues.values():
                for _ in range(self.in_flight):
                    queue.put_nowait(None)  # after every event: a worker stops once its queue is empty
            await asyncio.wait(workers, timeout=drain_seconds + self.call_timeout)
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        for queue in self.queues.values():
            while not queue.empty():
                self.stats.unacknowledged += queue.get_nowait() is not None
        return self.stats

    async def _produce(self, events: Iterator[tuple[str, pb.Event]], seconds: float) -> None:
        began = time.monotonic()
        while (elapsed := time.monotonic() - began) < seconds:
            for _ in range(int(self.rate * elapsed) - self.stats.produced):
                service, event = next(events)
                self.queues[service].put_nowait(event)
                self.stats.produced += 1
            await asyncio.sleep(TICK_S)

    async def _worker(self, service: str) -> None:
        queue, last = self.queues[service], False
        while not last and (first := await queue.get()) is not None:
            batch = [first]
            while len(batch) < self.batch_size and not queue.empty():
                if (event := queue.get_nowait()) is None:
                    last = True
                    break
                batch.append(event)
            try:
                await self._deliver(service, batch)
            except asyncio.CancelledError:
                self.stats.unacknowledged += len(batch)
                raise

    async def _deliver(self, service: str, batch: list[pb.Event]) -> None:
        request, delay = cmd.EventBatch(events=batch), 0.2
        while True:
            began = time.perf_counter()
            try:
                result = await self.stubs[service].SubmitBatch(request, metadata=self.metadata,
                                                               timeout=self.call_timeout)
                break
            except grpc.aio.AioRpcError as exc:
                if exc.code() not in RETRIED:
                    self._refuse(len(batch), f"{service}: {exc.code().name}: {exc.details()}")
                    return
                self.stats.retries[exc.code().name] += 1
                if time.monotonic() + delay > self.give_up_at:
                    self.stats.unacknowledged += len(batch)
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        elapsed = time.perf_counter() - began
        self.stats.latencies.append(elapsed)
        self.stats.window.append(elapsed)
        accepted = [(item.event_id, batch[item.index]) for item in result.results if item.accepted]
        self.acks.record_events(accepted)
        self.stats.acked += len(accepted)
        self.stats.window_acked += len(accepted)
        self.stats.duplicates += sum(item.duplicate for item in result.results)
        for item in result.results:
            if not item.accepted:
                self._refuse(1, f"{service}: {item.code}: {item.field}: {item.message}")

    def _refuse(self, count: int, reason: str) -> None:
        self.stats.refused += count
        self.stats.refusals[reason[:200]] += count
