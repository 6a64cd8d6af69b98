"""The projector's Prometheus metrics, and the consumer-lag probe that feeds one of them.

Lag is read from the broker (end offsets minus the group's committed offsets) by an admin client on
a thread of its own, so it keeps growing while the projector is stuck, which is when it matters.
"""
from __future__ import annotations

import logging
import threading

from prometheus_client import Counter, Gauge, Histogram

from projector.contract import DEAD_LETTER_REASONS

log = logging.getLogger("motcua.projector.lag")

EVENTS = Counter("motcua_projector_events", "Events folded into ClickHouse", ["topic"])
DEAD_LETTERS = Counter("motcua_projector_dead_letters", "Events sent to the dead-letter topic", ["reason"])
for _reason in DEAD_LETTER_REASONS:  # every reason at 0 from the start: the first dead letter shows as an increase
    DEAD_LETTERS.labels(_reason)
BATCH_SIZE = Histogram("motcua_projector_batch_size", "Records per consumed batch",
                       buckets=(1, 10, 100, 500, 1000, 2000, 5000, 10000, 20000))
TO_QUERYABLE = Histogram(
    "motcua_projector_publish_to_queryable_seconds",
    "From the command service's acknowledgement (recorded_at) to the rows being in ClickHouse "
    "(a sample of each batch's events)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
LAG = Gauge("motcua_projector_consumer_lag", "Records in the log not yet committed by the projector",
            ["topic", "partition"])
LATENCY_SAMPLES_PER_BATCH = 100


def observe_latency(recorded_ms: list[int], now: float) -> None:
    """Observe an evenly spaced sample: the distribution without a histogram update per event."""
    step = max(1, len(recorded_ms) // LATENCY_SAMPLES_PER_BATCH)
    for at in recorded_ms[::step]:
        TO_QUERYABLE.observe(max(0.0, now - at / 1000))


def log_offsets(admin, topics: list[str], latest: bool = True) -> dict:
    """kafka TopicPartition -> the end (or start) offset of each partition of the existing topics."""
    from kafka import TopicPartition
    from kafka.admin import OffsetSpec

    described = admin.describe_topics(topics)
    partitions = [TopicPartition(t["name"], p["partition_index"]) for t in described if not t.get("error_code")
                  for p in t["partitions"]]
    if not partitions:
        return {}
    spec = OffsetSpec.LATEST if latest else OffsetSpec.EARLIEST
    return {tp: found.offset for tp, found in admin.list_partition_offsets({tp: spec for tp in partitions}).items()}


def consumer_lag(admin, group_id: str, topics: list[str]) -> dict[tuple[str, int], int]:
    """(topic, partition) -> end offset minus committed offset (the whole partition if none is)."""
    ends = log_offsets(admin, topics)
    if not ends:
        return {}
    starts = log_offsets(admin, topics, latest=False)
    partitions = list(ends)
    committed = admin.list_group_offsets({group_id: partitions}).get(group_id, {})
    lag = {}
    for tp in partitions:
        done = committed.get(tp)
        position = done.offset if done is not None and done.offset >= 0 else starts[tp]
        lag[(tp.topic, tp.partition)] = max(0, ends[tp] - position)
    return lag


class LagProbe(threading.Thread):
    """Every `interval` seconds, sets motcua_projector_consumer_lag{topic,partition}."""

    def __init__(self, bootstrap: list[str], group_id: str, topics: list[str], interval: float = 5.0) -> None:
        super().__init__(name="lag-probe", daemon=True)
        self.bootstrap, self.group_id, self.topics, self.interval = bootstrap, group_id, topics, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        from kafka.admin import KafkaAdminClient

        admin = None
        while not self.stopped.is_set():
            try:
                admin = admin or KafkaAdminClient(bootstrap_servers=self.bootstrap, client_id="motcua-lag-probe")
                for (topic, partition), behind in consumer_lag(admin, self.group_id, self.topics).items():
                    LAG.labels(topic, str(partition)).set(behind)
            except Exception as exc:  # the probe must never take the projector down
                log.warning("could not read consumer lag: %s", exc)
                if admin is not None:
                    admin.close()
                admin = None
            self.stopped.wait(self.interval)
        if admin is not None:
            admin.close()

    def stop(self) -> None:
        self.stopped.set()
