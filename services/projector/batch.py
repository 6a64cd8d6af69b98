"""A consumed batch of Kafka records, folded: its rows, its dead letters, and its identity.

Pure: the live projector (aiokafka records via FastStream) and the rebuild use exactly this.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from projector.contract import FOLD_ERROR, Violation, check, decode
from projector.fold import Rows, fold_into, new_rows


@dataclass(frozen=True)
class DeadLetter:
    record: Any  # the consumer record, its value untouched
    code: str
    detail: str


@dataclass
class FoldedBatch:
    rows: Rows
    dead: list[DeadLetter] = field(default_factory=list)
    recorded_ms: list[int] = field(default_factory=list)  # each folded event's recorded_at
    next_offsets: dict[tuple[str, int], int] = field(default_factory=dict)  # what to commit after it
    folded_per_topic: dict[str, int] = field(default_factory=dict)
    key: str = ""
    size: int = 0

    @property
    def folded(self) -> int:
        return len(self.recorded_ms)


def offset_spans(records: Sequence[Any]) -> dict[tuple[str, int], list[int]]:
    """(topic, partition) -> [lowest, highest] offset of the batch's records in that partition."""
    spans: dict[tuple[str, int], list[int]] = {}
    for record in records:
        offset = record.offset
        span = spans.get((record.topic, record.partition))
        if span is None:
            spans[(record.topic, record.partition)] = [offset, offset]
        elif offset > span[1]:
            span[1] = offset
        elif offset < span[0]:
            span[0] = offset
    return spans


def batch_key(records: Sequence[Any], spans: dict | None = None) -> str:
    """The batch's exact identity: its offset range in each partition. A replay cut the same way has
    the same key (and its inserts are dropped as duplicates); one cut differently has another."""
    spans = offset_spans(records) if spans is None else spans
    text = ";".join(f"{t}/{p}/{lo}-{hi}" for (t, p), (lo, hi) in sorted(spans.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def empty_batch(records: Sequence[Any]) -> FoldedBatch:
    """The batch's identity and what to commit after it, with no rows yet."""
    spans = offset_spans(records)
    return FoldedBatch(new_rows(), key=batch_key(records, spans), size=len(records),
                       next_offsets={tp: hi + 1 for tp, (_, hi) in spans.items()})


def fold_batch(records: Sequence[Any]) -> FoldedBatch:
    batch = empty_batch(records)
    rows = batch.rows
    recorded, dead, per_topic = batch.recorded_ms, batch.dead, batch.folded_per_topic
    for record in records:
        topic = record.topic
        try:
            event = decode(record.value)
            check(event, topic)
            recorded.append(fold_into(rows, event, topic, record.partition, record.offset))
        except Violation as violation:
            dead.append(DeadLetter(record, violation.code, violation.detail))
            continue
        except Exception as exc:  # a fold bug must not stop the pipeline either: keep the event aside
            dead.append(DeadLetter(record, FOLD_ERROR, f"{type(exc).__name__}: {exc}"))
            continue
        per_topic[topic] = per_topic.get(topic, 0) + 1
    return batch
