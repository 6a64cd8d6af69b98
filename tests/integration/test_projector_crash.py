"""The projector killed with SIGKILL at random moments while events pour in, restarted each time:
every event is in ClickHouse exactly once, no read model counts anything twice, and the folded
figures equal a plain Python tally of what was sent."""
from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from collections import Counter

from kafka.admin import KafkaAdminClient

from motcua.chschema import connect
from motcua.interchange import ENUMS
from motcua_tools.sample_events import month_of_events
from projector.app import group_id
from projector.metrics import consumer_lag
from reporting.queries import dossier_state_sql
from tests.integration.test_projector_support import archived, duplicates, publish, wait_until

EVENTS, KILLS = 20_000, 4


def start_projector(settings, log) -> subprocess.Popen:
    env = {**os.environ, "MOTCUA_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
           "MOTCUA_CLICKHOUSE_URL": settings.clickhouse_url, "MOTCUA_TOPIC_PREFIX": settings.topic_prefix,
           "MOTCUA_CLICKHOUSE_DATABASE": settings.clickhouse_database, "MOTCUA_METRICS_PORT": "0"}
    return subprocess.Popen([sys.executable, "-m", "projector"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def name(field: str, value: int) -> str:
    prefix, enum = ENUMS[field]
    return enum.Name(value)[len(prefix):].lower()


def tally(events) -> dict:
    """What the read models must say, counted in Python from the distinct events sent."""
    unique = list({e.event_id: e for e in events}.values())
    payments = [e.payment_completed for e in unique if e.type == "payment.completed"]
    receipts = [e.dossier_received for e in unique if e.type == "dossier.received"]
    return {
        "types": Counter(e.type for e in unique),
        "payments": Counter({name("method", m): sum(p.amount_vnd for p in payments if p.method == m)
                             for m in {p.method for p in payments}}),
        "ratings": Counter(name("rating", e.survey_submitted.rating) for e in unique if e.type == "survey.submitted"),
        "channels": Counter(name("channel", r.channel) for r in receipts),
        "resolved": len({e.dossier_id for e in unique if e.type == "dossier.resolved"}),
    }


def folded(client, database: str) -> dict:
    def counter(sql: str) -> Counter:
        return Counter({key: value for key, value in client.query(sql).result_rows})
    states = dossier_state_sql(database, None)
    return {
        "types": counter(f"SELECT type, count() FROM {database}.events FINAL GROUP BY type"),
        "payments": counter(f"SELECT method, sum(amount_vnd) FROM {database}.payments FINAL GROUP BY method"),
        "ratings": counter(f"SELECT rating, count() FROM {database}.survey_ratings FINAL GROUP BY rating"),
        "channels": counter(f"SELECT channel, count() FROM ({states}) WHERE received_at IS NOT NULL GROUP BY channel"),
        "resolved": client.query(f"SELECT countIf(resolved_at IS NOT NULL) FROM ({states})").result_rows[0][0],
    }


async def test_sigkill_at_random_moments_loses_and_doubles_nothing(settings, tmp_path):
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
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
            for _ in range(KILLS):
                await asyncio.sleep(rng.uniform(1.5, 3.5))
                process.send_signal(signal.SIGKILL)
                process.wait()
                seen_at_kill.append(await asyncio.to_thread(count))
                process = start_projector(settings, log)
            await publishing
            distinct = len({e.event_id for e in events})
            await wait_until(lambda: count() >= distinct, 90, f"{distinct} events in ClickHouse")
            print("events in ClickHouse at each kill:", seen_at_kill, "of", distinct)
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert len(seen_at_kill) == KILLS and seen_at_kill[0] < distinct, seen_at_kill
    assert (tmp_path / "projector.log").read_text().count("schema ready") == KILLS + 1
    assert count() == distinct
    assert set(duplicates(client, database).values()) == {0}
    assert folded(client, database) == tally(events)
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        assert set(consumer_lag(admin, group_id(settings), settings.command_topics).values()) == {0}
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
