"""The pipeline's ordering: batches are written and committed in order, nothing is committed after
a failure, and a stopping projector lands each batch before moving on. Fakes only, no servers."""
from __future__ import annotations

import threading
import time
from collections import namedtuple

import pytest

from motcua_tools.sample_events import month_of_events
from projector.app import Pipeline
from projector.batch import fold_batch

Record = namedtuple("Record", "topic partition offset key value")
EVENTS = [e for e in month_of_events(30, seed=8) if e.type.startswith("dossier.")]


def batches(sizes: list[int]):
    records = [Record(f"m.{'intake' if e.type in ('dossier.received', 'dossier.digitized') else 'processing'}.v1",
                      0, n, b"", e.SerializeToString()) for n, e in enumerate(EVENTS)]
    start = 0
    for size in sizes:
        yield fold_batch(records[start:start + size])
        start += size


class Writer:
    def __init__(self, fail_on: int | None = None, delay: float = 0.0) -> None:
        self.written, self.fail_on, self.delay, self.lock = [], fail_on, delay, threading.Lock()

    def write_until_done(self, rows, key) -> None:
        time.sleep(self.delay)
        with self.lock:
            if self.fail_on is not None and len(self.written) == self.fail_on:
                raise RuntimeError("ClickHouse is gone for good")
            self.written.append(key)


class Consumer:
    def __init__(self) -> None:
        self.commits = []

    async def commit(self, offsets) -> None:
        self.commits.append({(tp.topic, tp.partition): o for tp, o in offsets.items()})


async def no_dead_letters(dead) -> None:
    assert not dead


async def test_batches_land_and_commit_in_log_order():
    writer, consumer = Writer(delay=0.01), Consumer()
    pipeline = Pipeline(writer, no_dead_letters, on_fatal=lambda: pytest.fail("no failure expected"))
    folded = list(batches([5, 3, 7, 4]))
    for batch in folded:
        await pipeline.submit(batch, consumer)
    await pipeline.drain()
    assert writer.written == [b.key for b in folded]
    assert consumer.commits == [b.next_offsets for b in folded]
    assert pipeline.landed == 19


async def test_nothing_is_committed_after_a_failed_write():
    fatal = []
    writer, consumer = Writer(fail_on=1), Consumer()
    pipeline = Pipeline(writer, no_dead_letters, on_fatal=lambda: fatal.append(True))
    first, second, third = batches([4, 4, 4])
    await pipeline.submit(first, consumer)
    await pipeline.submit(second, consumer)
    with pytest.raises(RuntimeError):
        await pipeline.submit(third, consumer)  # waits for the second, which failed
    with pytest.raises(RuntimeError):
        await pipeline.drain()
    assert fatal == [True] and pipeline.failed
    assert consumer.commits == [first.next_offsets]
    with pytest.raises(RuntimeError):
        await pipeline.submit(first, consumer)


async def test_a_stopping_pipeline_lands_each_batch_before_returning():
    writer, consumer = Writer(delay=0.05), Consumer()
    pipeline = Pipeline(writer, no_dead_letters, on_fatal=lambda: None)
    first, second = batches([3, 3])
    await pipeline.submit(first, consumer)
    assert consumer.commits == []  # in flight while the next batch would be folded
    pipeline.stopping = True
    await pipeline.submit(second, consumer)
    assert consumer.commits == [first.next_offsets, second.next_offsets]
