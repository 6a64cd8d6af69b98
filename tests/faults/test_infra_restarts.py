"""Kafka and ClickHouse restarted under a steady load: the services reconnect by themselves (same
pids), the sender re-sends what was not acknowledged, and the archive ends up exact."""
from __future__ import annotations

from tests.faults.support import load_with_fault, recovered_and_exact


async def test_kafka_restarted_under_load_loses_nothing_and_doubles_nothing(layer, sandbox):
    pids = {s: sandbox.stack.pid(s) for s in sandbox.stack.services}
    stats, _ = await load_with_fault(layer, lambda: sandbox.restart("kafka", down_seconds=3))
    recovered_and_exact(layer, stats, "kafka restarted")
    assert {s: sandbox.stack.pid(s) for s in pids} == pids, "a service died instead of reconnecting"
    assert stats.retries, "the broker was down for seconds: some calls should have been retried"


async def test_clickhouse_restarted_under_load_loses_nothing_and_doubles_nothing(layer, sandbox):
    pids = {s: sandbox.stack.pid(s) for s in sandbox.stack.services}
    stats, _ = await load_with_fault(layer, lambda: sandbox.restart("clickhouse", down_seconds=5))
    recovered_and_exact(layer, stats, "clickhouse restarted")
    assert {s: sandbox.stack.pid(s) for s in pids} == pids, "a service died instead of reconnecting"
