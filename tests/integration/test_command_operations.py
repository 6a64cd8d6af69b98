"""Operations: Kafka unreachable answers UNAVAILABLE in time and accepts nothing; shutdown lets an
in-flight call finish and flushes the producer; published events are counted."""
from __future__ import annotations

import asyncio
import dataclasses
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import REGISTRY

from motcua.command_server import serve_commands
from motcua.publishing import EventPublisher
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import intake_pb2_grpc
from tests.conftest import free_port_pair
from tests.integration.commands_support import CENTER, event, payload, read_topic, serving


async def test_kafka_unreachable_answers_unavailable_within_the_request_timeout(settings):
    nowhere = dataclasses.replace(settings, kafka_bootstrap=f"127.0.0.1:{free_port_pair()}")
    async with serving(nowhere, "intake") as stubs:
        began = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stubs["intake"].ReceiveDossier(payload("dossier.received"), metadata=CENTER, timeout=12)
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE and "retry" in info.value.details().lower()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stubs["intake"].SubmitBatch(cmd.EventBatch(events=[event("dossier.received")]),
                                              metadata=CENTER, timeout=12)
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        assert time.monotonic() - began < 12
        # Validation still answers first: a bad event is refused for what it is, Kafka or not.
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stubs["intake"].ReceiveDossier(payload("dossier.received", department="NOWHERE"),
                                                 metadata=CENTER, timeout=12)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        async with grpc.aio.insecure_channel(stubs.addresses["intake"]) as channel:
            health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert health.status == health_pb2.HealthCheckResponse.NOT_SERVING  # probes route traffic elsewhere


async def test_shutdown_lets_the_call_in_flight_finish_and_flushes_what_it_published(settings, monkeypatch):
    entered, release = asyncio.Event(), asyncio.Event()
    publish_many = EventPublisher.publish_many

    async def held(self, events):
        entered.set()
        await release.wait()
        await publish_many(self, events)

    monkeypatch.setattr(EventPublisher, "publish_many", held)
    own = dataclasses.replace(settings, grpc_port=free_port_pair(), metrics_port=0)
    stop, ready = asyncio.Event(), asyncio.Event()
    server = asyncio.create_task(serve_commands("intake", own, stop=stop, ready=ready))
    await ready.wait()
    batch = cmd.EventBatch(events=[event("dossier.received", dossier_id=f"S-{n}") for n in range(2000)])
    async with grpc.aio.insecure_channel(f"127.0.0.1:{own.grpc_port}") as channel:
        stub = intake_pb2_grpc.IntakeServiceStub(channel)
        call = asyncio.ensure_future(stub.SubmitBatch(batch, metadata=CENTER, timeout=30))
        await entered.wait()
        stop.set()  # as SIGTERM does
        await asyncio.sleep(0.5)
        with pytest.raises(grpc.aio.AioRpcError):  # no new calls once shutting down
            await stub.SubmitBatch(cmd.EventBatch(events=[event("dossier.received", dossier_id="LATE")]),
                                   metadata=CENTER, timeout=5)
        release.set()
        result = await call
    await server
    assert result.accepted == 2000
    assert len(await read_topic(settings, "intake", 2000)) == 2000


async def test_published_events_are_counted_by_topic_and_type(settings):
    labels = {"topic": settings.topic("survey"), "type": "feedback.received"}
    async with serving(settings, "survey") as stubs:
        await stubs["survey"].SubmitBatch(cmd.EventBatch(events=[
            event("feedback.received", feedback_id=f"PA-{n}") for n in range(3)]), metadata=CENTER, timeout=10)
    assert REGISTRY.get_sample_value("motcua_events_published_total", labels) == 3
    faststream = REGISTRY.get_sample_value("faststream_published_messages_total", {
        "app_name": "motcua", "broker": "kafka", "destination": settings.topic("survey"), "status": "success"})
    assert faststream == 3
