"""Bad events go to the dead-letter topic with their reason and their bytes; the rest goes through;
metrics count them, and the consumer lag is measured against the broker."""
from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer
from kafka.admin import KafkaAdminClient
from prometheus_client import REGISTRY

from motcua.chschema import connect
from motcua.events import envelope
from motcua.v1 import events_pb2 as pb
from motcua_tools.sample_events import month_of_events
from projector.app import group_id
from projector.metrics import LAG, LagProbe, consumer_lag
from tests.integration.test_projector_support import projector, publish, wait_until


def dead_count(reason: str) -> float:
    return REGISTRY.get_sample_value("motcua_projector_dead_letters_total", {"reason": reason}) or 0.0


def bad_records(settings) -> list[tuple[str, bytes, bytes, str]]:
    """(topic, key, value, expected reason) of records that break the contract in different ways."""
    payment = month_of_events(40, seed=9, prefix="X")
    payment = next(e for e in payment if e.type == "payment.completed")
    no_dossier = envelope(pb.DossierWithdrawn(dossier_id="BAD-1", department="TNMT", at=payment.occurred_at))
    no_dossier.dossier_withdrawn.dossier_id = ""
    no_time = month_of_events(1, seed=2, prefix="T")[0]
    no_time.ClearField("recorded_at")
    intake, processing = settings.topic("intake"), settings.topic("processing")
    return [
        (intake, b"garbage", b"\x08\x96\x01\xff\xff not an event", "undecodable"),
        (intake, b"BAD-2", payment.SerializeToString(), "wrong_topic"),
        (processing, b"BAD-1", no_dossier.SerializeToString(), "missing_id"),
        (intake, b"BAD-3", no_time.SerializeToString(), "missing_time"),
    ]


async def read_dead_letters(settings, count: int) -> list:
    consumer = AIOKafkaConsumer(settings.dead_letter_topic, bootstrap_servers=settings.kafka_bootstrap,
                                group_id=None, auto_offset_reset="earliest")
    await consumer.start()
    try:
        found = []
        for _ in range(100):
            for records in (await consumer.getmany(timeout_ms=200)).values():
                found += records
            if len(found) >= count:
                return found
        return found
    finally:
        await consumer.stop()


async def test_bad_events_are_dead_lettered_and_the_good_ones_folded(settings):
    good = month_of_events(60, seed=4, prefix="G")
    bad = bad_records(settings)
    before = {reason: dead_count(reason) for *_, reason in bad}
    await publish(settings, good[:70] + [(t, k, v) for t, k, v, _ in bad] + good[70:])
    async with projector(settings) as pipeline:
        await wait_until(lambda: pipeline.landed >= len(good) + len(bad), 60, "the projector to land every record")
    letters = await read_dead_letters(settings, len(bad))
    assert len(letters) == len(bad)
    by_value = {letter.value: dict(letter.headers) for letter in letters}
    for topic, key, value, reason in bad:
        headers = by_value[value]  # the original bytes, untouched
        assert headers["x-reason-code"].decode() == reason
        assert headers["x-reason"].decode().startswith(reason + ": ")
        assert headers["x-origin"].decode().startswith(topic + "/")
    for reason in before:
        assert dead_count(reason) == before[reason] + 1, reason
    client = connect(settings)
    folded = client.query(f"SELECT count() FROM {settings.clickhouse_database}.events FINAL").result_rows[0][0]
    assert folded == len({e.event_id for e in good})


async def test_consumer_lag_is_end_offset_minus_committed_and_reaches_zero(settings):
    events = month_of_events(30, seed=6, prefix="L")
    await publish(settings, events)
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        lag = await asyncio.to_thread(consumer_lag, admin, group_id(settings), settings.command_topics)
        assert sum(lag.values()) == len(events)  # nothing committed yet: the whole log is behind
        async with projector(settings) as pipeline:
            await wait_until(lambda: pipeline.landed >= len(events), 60, "the projector")
            lag = await asyncio.to_thread(consumer_lag, admin, group_id(settings), settings.command_topics)
            assert lag and set(lag.values()) == {0}
            probe = LagProbe(settings.kafka_servers, group_id(settings), settings.command_topics, interval=0.2)
            probe.start()
            topic, partition = next(iter(lag))
            await wait_until(lambda: REGISTRY.get_sample_value(
                "motcua_projector_consumer_lag", {"topic": topic, "partition": str(partition)}) == 0, 20, "the gauge")
            probe.stop()
    finally:
        admin.close()
    assert LAG.labels(topic, str(partition))._value.get() == 0
    latency = REGISTRY.get_sample_value("motcua_projector_publish_to_queryable_seconds_count")
    assert latency and latency > 0
    faststream = [s for m in REGISTRY.collect() if m.name == "faststream_received_messages"
                  for s in m.samples if s.labels.get("app_name") == "projector" and s.value > 0]
    assert faststream, "FastStream's Prometheus middleware counts the projector's batches"
