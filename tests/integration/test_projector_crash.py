"""The projector killed with SIGKILL at random moments while events pour in, restarted each time:
the ledger (itself tested on seeded losses and doubles, test_ledger_seeded.py) finds every event in
the archive and its read model, none counted twice, and the report's figures equal a tally of what
was sent. The moments come from a seed printed with every failure: MOTCUA_TEST_SEED=<n> replays it."""
from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys

from kafka.admin import KafkaAdminClient

from motcua.chschema import connect
from motcua.interchange import to_object
from motcua_tools import ledger
from motcua_tools.sample_events import month_of_events
from projector.app import group_id
from projector.metrics import consumer_lag
from tests.conftest import run_seed
from tests.integration.test_projector_support import archived, publish, wait_until

EVENTS, KILLS = 20_000, 4


def start_projector(settings, log) -> subprocess.Popen:
    env = {**os.environ, "MOTCUA_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
           "MOTCUA_CLICKHOUSE_URL": settings.clickhouse_url, "MOTCUA_TOPIC_PREFIX": settings.topic_prefix,
           "MOTCUA_CLICKHOUSE_DATABASE": settings.clickhouse_database, "MOTCUA_METRICS_PORT": "0"}
    return subprocess.Popen([sys.executable, "-m", "projector"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


async def test_sigkill_at_random_moments_loses_and_doubles_nothing(settings, tmp_path):
    seed = run_seed()
    rng = random.Random(seed)
    events = month_of_events(EVENTS // 3, seed=rng.randrange(10**6), prefix="K", side=60)
    events = events + rng.sample(events, 300)  # re-sent: the same event ids again
    rng.shuffle(events)
    events = events[:EVENTS]
    client = connect(settings)
    database = settings.clickhouse_database
    count = lambda: archived(client, database)  # noqa: E731

    with open(tmp_path / "projector.log", "ab") as log:
        process = start_projector(settings, log)
        publishing = asyncio.create_task(publish_steadily(settings, events, seconds=12))
        seen_at_kill = []
        try:
            for started in range(1, KILLS + 1):
                # Killed only once up (on a busy machine a start can take longer than the sleep):
                # a kill before the schema is ready would test nothing.
                await wait_until(lambda: (tmp_path / "projector.log").read_text().count("schema ready") >= started,
                                 60, f"projector start {started}")
                await asyncio.sleep(rng.uniform(1.5, 3.5))
                process.send_signal(signal.SIGKILL)
                process.wait()
                seen_at_kill.append(await asyncio.to_thread(count))
                process = start_projector(settings, log)
            await publishing
            # The last start up too, before it is stopped: the kills may have left nothing for it to fold.
            await wait_until(lambda: (tmp_path / "projector.log").read_text().count("schema ready") >= KILLS + 1,
                             60, f"projector start {KILLS + 1}")
            distinct = len({e.event_id for e in events})
            await wait_until(lambda: count() >= distinct, 90, f"{distinct} events in ClickHouse")
            print("events in ClickHouse at each kill:", seen_at_kill, "of", distinct)
        finally:
            process.terminate()
            process.wait(timeout=30)
    replay = f"(replay with MOTCUA_TEST_SEED={seed})"
    assert len(seen_at_kill) == KILLS and seen_at_kill[0] < distinct, (seen_at_kill, replay)
    assert (tmp_path / "projector.log").read_text().count("schema ready") == KILLS + 1, replay
    acknowledged = {e.event_id: {**to_object(e), "event_id": e.event_id} for e in events}
    report = ledger.check(settings, database, acknowledged)
    assert report.exact and report.figures_checked and not report.unexpected, f"{replay}\n{report.summary()}"
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        assert set(consumer_lag(admin, group_id(settings), settings.command_topics).values()) == {0}, replay
    finally:
        admin.close()


async def publish_steadily(settings, events, seconds: float) -> None:
    chunks = 40
    size = len(events) // chunks + 1
    for n in range(0, len(events), size):
        await publish(settings, events[n:n + size])
        await asyncio.sleep(seconds / chunks)


async def test_sigterm_stops_after_writing_and_committing_what_it_consumed(settings, tmp_path):
    events = month_of_events(300, seed=13, prefix="S")
    client = connect(settings)
    with open(tmp_path / "projector.log", "ab") as log:
        process = start_projector(settings, log)
        try:
            await publish(settings, events)
            await wait_until(lambda: archived(client, settings.clickhouse_database) >= len(events), 60, "the events")
            process.send_signal(signal.SIGTERM)
            assert await asyncio.to_thread(process.wait, 30) == 0
        finally:
            if process.poll() is None:
                process.kill()
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        assert set(consumer_lag(admin, group_id(settings), settings.command_topics).values()) == {0}
    finally:
        admin.close()
    assert "projector stopped" in (tmp_path / "projector.log").read_text()
