"""ClickHouse's data folder full under load: the fold stalls (it retries, commits nothing past what is
written), the command side keeps accepting into Kafka, and once space is back everything lands."""
from __future__ import annotations

import time

import pytest

from motcua.chschema import connect
from tests.faults.support import load_with_fault, recovered_and_exact


def archived(settings) -> int:
    client = connect(settings)
    try:
        return client.query(f"SELECT count() FROM {settings.clickhouse_database}.events").result_rows[0][0]
    finally:
        client.close()


async def test_a_full_clickhouse_disk_stalls_the_fold_and_loses_nothing(layer, sandbox):
    if sandbox.mounted is None:
        pytest.skip(f"no size-limited filesystem for ClickHouse here: {sandbox.quota_unavailable}")

    def fill_then_free() -> tuple[int, int]:
        sandbox.limit_clickhouse_disk(headroom_mb=0.5)
        try:
            time.sleep(3.0)  # what was in flight lands or fails
            before = archived(sandbox.settings)
            time.sleep(8.0)
            return before, archived(sandbox.settings)
        finally:
            sandbox.limit_clickhouse_disk(None)

    stats, (before, after) = await load_with_fault(layer, fill_then_free, at=4.0)
    recovered_and_exact(layer, stats, "clickhouse disk full for 11 s")
    log = sandbox.stack.process("projector").log_file.read_text(errors="replace")
    print(f"archive rows while the disk was full: {before} -> {after}")
    assert "NOT_ENOUGH_SPACE" in log or "No space left" in log, "the projector never met the full disk"
    assert after - before < 200 * 8 / 4, "the fold should have stalled while the disk was full"
    assert "UNAVAILABLE" not in stats.retries, "the command side does not depend on ClickHouse"
