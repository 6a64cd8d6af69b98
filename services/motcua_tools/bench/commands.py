"""Command-side throughput: events/s accepted through IntakeService.SubmitBatch (authenticated,
validated, acknowledged by Kafka) next to a fair baseline, a raw aiokafka producer doing the same I/O
as well as a plain client can (same batches, same number of concurrent clients, one record batch
per partition), rounds alternated on a Kafka broker of its own. Goal: SubmitBatch >= 0.5 x the
baseline (median of the rounds). MOTCUA_BENCH_EVENTS sets the events per round (default 50,000),
MOTCUA_BENCH_ROUNDS the rounds (default 3).
"""
from __future__ import annotations

import asyncio
import dataclasses
import os
import random
import shutil
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import grpc
from aiokafka import AIOKafkaProducer

from motcua import config
from motcua.auth import DEV_CENTER_TOKEN
from motcua.catalog import Catalog
from motcua.deadlines import due_at
from motcua.events import envelope, record_key
from motcua.publishing import MAX_BATCH_BYTES, PARTITIONER
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua.v1 import intake_pb2_grpc
from motcua_tools.bench.goals import RESULTS
from motcua_tools.infra import kafka
from motcua_tools.infra.process import free_port_pair
from motcua_tools.stack import Stack

BATCH = 1000
CLIENTS = 4
WARM_UP = 20 * BATCH
METADATA = (("authorization", f"Bearer {DEV_CENTER_TOKEN}"),)




def received(catalog: Catalog, count: int, run: str) -> list[pb.DossierReceived]:
    rng = random.Random(20230401)
    start = time.time() - 30 * 86400
    payloads = []
    for n in range(count):
        procedure = rng.choice(catalog.procedures)
        payload = pb.DossierReceived(dossier_id=f"B{run}-{n:07d}", department=procedure.department,
                                     field=procedure.field, procedure_code=procedure.code,
                                     channel=rng.choice([1, 1, 2, 3]))
        payload.received_at.FromSeconds(int(start + rng.random() * 20 * 86400))
        if n % 5:
            payload.due_at.FromDatetime(due_at(payload.received_at.ToDatetime().astimezone(), procedure.processing_days))
        else:
            payload.processing_days = procedure.processing_days
        payloads.append(payload)
    return payloads


async def through_grpc(address: str, batches: list[cmd.EventBatch]) -> tuple[float, int]:
    queue = list(reversed(batches))
    accepted = 0

    async def client(stub) -> None:
        nonlocal accepted
        while queue:
            result = await stub.SubmitBatch(queue.pop(), metadata=METADATA, timeout=120)
            accepted += result.accepted - result.duplicates

    async with grpc.aio.insecure_channel(address) as channel:
        stub = intake_pb2_grpc.IntakeServiceStub(channel)
        began = time.perf_counter()
        await asyncio.gather(*(client(stub) for _ in range(CLIENTS)))
        return time.perf_counter() - began, accepted


async def through_raw_producer(bootstrap: str, topic: str, batches: list[list[pb.Event]]) -> float:
    """The fair baseline: what a plain aiokafka client does with the same work, as well as it can.
    The same batches, taken by the same number of concurrent clients; each batch serialized, cut by
    partition with the same partitioner, sent as one record batch per partition (the producer
    settings the command side uses: acks=all, idempotent, linger 5 ms, 1 MiB batches), and every
    acknowledgement awaited before the client takes its next batch. No token, no validation."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5,
                                max_batch_size=MAX_BATCH_BYTES)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"warm-up", key=b"warm-up")
        partitions = sorted(await producer.partitions_for(topic))
        queue = list(reversed(batches))

        async def client() -> None:
            while queue:
                by_partition: dict[int, list[tuple[bytes, bytes]]] = {}
                for event in queue.pop():
                    key = record_key(event)
                    by_partition.setdefault(PARTITIONER(key, partitions, partitions), []).append(
                        (key, event.SerializeToString()))
                acks = []
                for partition, records in by_partition.items():
                    batch = producer.create_batch()
                    for key, value in records:
                        if batch.append(key=key, value=value, timestamp=None) is None:  # full: send it
                            acks.append(await producer.send_batch(batch, topic, partition=partition))
                            batch = producer.create_batch()
                            batch.append(key=key, value=value, timestamp=None)
                    acks.append(await producer.send_batch(batch, topic, partition=partition))
                await asyncio.gather(*acks)

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        return time.perf_counter() - began
    finally:
        await producer.stop()


def main() -> int:
    count = int(os.environ.get("MOTCUA_BENCH_EVENTS", "50000"))
    rounds = int(os.environ.get("MOTCUA_BENCH_ROUNDS", "3"))  # alternated: the 2 cores are shared, runs vary
    state = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    run = uuid.uuid4().hex[:6]
    settings = dataclasses.replace(config.load(), kafka_bootstrap=f"127.0.0.1:{free_port_pair()}",
                                   state_dir=state, topic_prefix=f"bench{run}")
    catalog = Catalog.load(settings.reference_dir)
    payloads = received(catalog, rounds * count + WARM_UP, run)
    warm_up = [envelope(p) for p in payloads[-WARM_UP:]]
    port = free_port_pair()
    address = f"127.0.0.1:{port}"
    stack = Stack(settings, services=("intake",), ports={"intake": (port, port + 1)})
    print(f"{rounds} rounds of {count:,} dossier.received events, SubmitBatch ({CLIENTS} clients, {BATCH}/batch, "
          f"token + validation + acks=all) then a raw aiokafka producer ({CLIENTS} clients, the same batches, "
          f"one record batch per partition, acks=all, idempotent)", flush=True)
    ratios, rates, ok = [], [], True
    kafka.start(settings)
    try:
        stack.start()
        # Untimed: topics created, connections open, and the broker's JIT warm for both paths alike.
        asyncio.run(through_grpc(address, [cmd.EventBatch(events=warm_up[i:i + BATCH])
                                           for i in range(0, WARM_UP, BATCH)]))
        asyncio.run(through_raw_producer(settings.kafka_bootstrap, f"bench{run}.warm-up",
                                         [warm_up[i:i + BATCH] for i in range(0, WARM_UP, BATCH)]))
        for n in range(rounds):
            mine = payloads[n * count:(n + 1) * count]  # fresh events each round: re-sends would be skipped
            batches = [cmd.EventBatch(events=[envelope(p) for p in mine[i:i + BATCH]]) for i in range(0, count, BATCH)]
            grpc_s, accepted = asyncio.run(through_grpc(address, batches))
            events = [envelope(p) for p in mine]
            raw_s = asyncio.run(through_raw_producer(settings.kafka_bootstrap, f"bench{run}.raw{n}",
                                                     [events[i:i + BATCH] for i in range(0, count, BATCH)]))
            ok &= accepted == count
            ratios.append((accepted / grpc_s) / (count / raw_s))
            rates.append((accepted / grpc_s, count / raw_s))
            print(f"round {n + 1}: SubmitBatch {accepted / grpc_s:,.0f} events/s, "
                  f"fair raw producer {count / raw_s:,.0f} events/s, ratio {ratios[-1]:.2f}", flush=True)
    finally:
        stack.stop()
        kafka.stop(settings)
        shutil.rmtree(state, ignore_errors=True)
    RESULTS.figure("commands", "SubmitBatch events/s (median)", statistics.median(r[0] for r in rates), "events/s")
    RESULTS.figure("commands", "fair raw producer events/s (median)", statistics.median(r[1] for r in rates),
                   "events/s")
    RESULTS.figure("commands", "ratio per round", [round(r, 3) for r in ratios], "x")
    RESULTS.goal("commands", "SubmitBatch / fair raw producer", statistics.median(ratios), ">=", 0.5, "x")
    return 0 if ok else 1
