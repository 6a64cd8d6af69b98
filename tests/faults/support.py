"""What every fault test does: a steady load, a fault in the middle, then recovery and the ledger.

The ack log is shared by the whole layer, so after each fault the ledger covers every event accepted
since the sandbox started: a fault must not harm what earlier ones left exact.
"""
from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from motcua.catalog import Catalog
from motcua_tools import ledger
from motcua_tools.faults import Sandbox
from motcua_tools.loaddriver import LoadDriver, Stats, percentile
from motcua_tools.stack import wait_for

RATE = 200.0          # events per second: steady, and leaves CPU for the fault itself
LOAD_SECONDS = 20.0
RECOVERY_SECONDS = 60.0


@dataclass
class Layer:
    sandbox: Sandbox
    acks: ledger.AckLog
    catalog: Catalog


async def load_with_fault(layer: Layer, fault: Callable[[], object], *, at: float = 6.0,
                          seconds: float = LOAD_SECONDS, rate: float = RATE) -> tuple[Stats, object]:
    """Drive the load for `seconds`; run the (blocking) fault in a thread `at` seconds in."""
    from motcua_tools.loadgen import LoadMix

    mix = LoadMix(layer.catalog, uuid.uuid4().hex[:8], departments=6)
    driver = LoadDriver(layer.sandbox.targets(), layer.acks, rate=rate, call_timeout=5.0)

    async def inject():
        await asyncio.sleep(at)
        return await asyncio.to_thread(fault)

    try:
        injected = asyncio.create_task(inject())
        stats = await driver.run(mix.events(), seconds, drain_seconds=RECOVERY_SECONDS)
        outcome = await injected
    finally:
        await driver.close()
    return stats, outcome


def recovered_and_exact(layer: Layer, stats: Stats, label: str) -> ledger.LedgerReport:
    """Every service healthy again, everything acknowledged archived exactly once: assert and report."""
    sandbox = layer.sandbox
    healthy = wait_for(lambda: all(sandbox.health().values()), timeout=RECOVERY_SECONDS, interval=1.0)
    acknowledged = ledger.read_acks([layer.acks.path])
    began = time.monotonic()
    report = ledger.wait_until_exact(
        lambda: ledger.check(sandbox.settings, sandbox.settings.clickhouse_database, acknowledged),
        timeout=RECOVERY_SECONDS, interval=1.0)
    latencies = stats.latencies
    print(f"\n[{label}] acked {stats.acked} ({stats.duplicates} duplicates), retries {dict(stats.retries)}, "
          f"refused {stats.refused}, never acknowledged {stats.unacknowledged}, ack latency p50 "
          f"{percentile(latencies, 50) * 1000:.0f}ms p99 {percentile(latencies, 99) * 1000:.0f}ms, "
          f"caught up {time.monotonic() - began:.1f}s after the load, restarts {dict(sandbox.restarts)}\n"
          f"{report.summary()}")
    assert healthy, f"not every service answers health again: {sandbox.health()}"
    assert stats.refused == 0, stats.refusals.most_common(3)
    assert stats.unacknowledged == 0, "the sender could not get everything acknowledged in time"
    assert report.exact and not report.missing and not report.doubled, report.summary()
    assert report.figures_checked and report.periods, report.summary()
    assert not report.unexpected, "an event reached the archive that no one had acknowledged"
    return report
