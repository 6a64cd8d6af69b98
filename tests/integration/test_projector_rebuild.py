"""`motcua projector rebuild` replays the log into fresh tables and swaps them in: the result equals
the incremental one, other tables are left alone, and reads and the live projector go on meanwhile."""
from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
import threading
import uuid

from motcua.chschema import connect
from motcua_tools.sample_events import month_of_events
from projector.rebuild import SUFFIX, rebuild
from reporting.queries import dossier_state_sql
from tests.integration.test_projector_support import projector, publish, snapshot, wait_until


def with_copies(events, every: int = 7):
    """The log as producers leave it: some events sent twice."""
    return events + events[::every]


def run_cli(settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOTCUA_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
           "MOTCUA_CLICKHOUSE_URL": settings.clickhouse_url, "MOTCUA_TOPIC_PREFIX": settings.topic_prefix,
           "MOTCUA_CLICKHOUSE_DATABASE": settings.clickhouse_database}
    return subprocess.run([sys.executable, "-m", "motcua_tools.cli", "projector", *args], env=env,
                          capture_output=True, text=True, timeout=120)


async def test_a_rebuild_from_the_log_equals_the_incremental_fold(settings):
    log = with_copies(month_of_events(150, seed=21, prefix="R", side=12))
    await publish(settings, log)
    async with projector(settings) as pipeline:
        await wait_until(lambda: pipeline.landed >= len(log), 60, "the incremental fold")
    client = connect(settings)
    database = settings.clickhouse_database
    client.command(f"CREATE TABLE {database}.not_a_read_model (x UInt8) ENGINE = MergeTree ORDER BY x")
    client.command(f"INSERT INTO {database}.not_a_read_model VALUES (7)")
    incremental = snapshot(client, database)

    done = run_cli(settings, "rebuild")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "rebuilt" in done.stdout

    assert snapshot(client, database) == incremental
    assert len(incremental["events"]) == len({e.event_id for e in log})
    left = client.query(f"SELECT name FROM system.tables WHERE database = '{database}' "
                        f"AND name LIKE '%{SUFFIX}'").result_rows
    assert left == []
    assert client.query(f"SELECT x FROM {database}.not_a_read_model").result_rows == [(7,)]
    lag = run_cli(settings, "lag")
    assert lag.returncode == 0 and "total 0 records" in lag.stdout, lag.stdout + lag.stderr[-2000:]


def read_continuously(settings, stop: threading.Event, seen: list, errors: list) -> None:
    client = connect(settings)
    database = settings.clickhouse_database
    while not stop.is_set():
        try:
            events = client.query(f"SELECT count() FROM {database}.events FINAL").result_rows[0][0]
            dossiers = client.query(f"SELECT count() FROM ({dossier_state_sql(database, None)})").result_rows[0][0]
            seen.append((events, dossiers))
        except Exception as exc:  # a read failing during the rebuild is what this test looks for
            errors.append(exc)


async def test_reads_and_the_live_projector_go_on_during_a_rebuild(settings):
    first = with_copies(month_of_events(400, seed=31, prefix="A"))
    later = with_copies(month_of_events(300, seed=32, prefix="B", side=8))
    await publish(settings, first)
    async with projector(settings) as pipeline:
        await wait_until(lambda: pipeline.landed >= len(first), 60, "the first part")
        stop, seen, errors = threading.Event(), [], []
        reader = threading.Thread(target=read_continuously, args=(settings, stop, seen, errors))
        reader.start()
        try:
            replaying = asyncio.Event()
            rebuilding = asyncio.create_task(rebuild(
                settings, say=lambda line: line.startswith("replaying") and replaying.set()))
            await replaying.wait()  # its end offsets are read: all that follows must be caught up
            for n in range(0, len(later), 150):
                await publish(settings, later[n:n + 150])
                await asyncio.sleep(0.05)
            rebuilt = await rebuilding
            await wait_until(lambda: pipeline.landed >= len(first) + len(later), 60, "the live projector")
        finally:
            stop.set()
            reader.join()
    assert not errors, errors[:3]
    before = len({e.event_id for e in first})
    assert seen and min(events for events, _ in seen) >= before  # never fewer than what was there
    assert rebuilt.replayed.records == len(first) and rebuilt.caught_up.records > 0

    # The same log folded from scratch into another database, in one go, is the reference.
    fresh = dataclasses.replace(settings, clickhouse_database=f"{settings.clickhouse_database}_ref")
    async with projector(fresh, group=f"ref-{uuid.uuid4().hex}") as reference:
        await wait_until(lambda: reference.landed >= len(first) + len(later), 60, "the reference fold")
    client = connect(settings)
    assert snapshot(client, settings.clickhouse_database, positions=False) == \
        snapshot(client, fresh.clickhouse_database, positions=False)
