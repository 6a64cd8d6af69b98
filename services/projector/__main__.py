"""`python -m projector`: migrate the schema, then fold the log into ClickHouse until SIGTERM."""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from prometheus_client import start_http_server

from motcua import config
from motcua.chschema import connect, migrate_for
from projector.app import build, group_id, tune_gc
from projector.metrics import LagProbe
from projector.writer import ClickHouseWriter

log = logging.getLogger("motcua.projector")


async def main() -> int:
    settings = config.load("projector")
    client = connect(settings, compress=False)  # big inserts on a near network: lz4 would cost more CPU than it saves
    applied = migrate_for(settings)
    log.info("schema ready (%s)", ", ".join(applied) or "up to date")
    stop, failed = asyncio.Event(), asyncio.Event()

    def fatal() -> None:
        failed.set()
        stop.set()

    broker, pipeline = build(settings, ClickHouseWriter(client, settings.clickhouse_database), on_fatal=fatal)
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.grpc_host)
    probe = LagProbe(settings.kafka_servers, group_id(settings), settings.command_topics)
    tune_gc()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await broker.start()
    probe.start()
    log.info("projecting %s into %s", ", ".join(settings.command_topics), settings.clickhouse_database)
    await stop.wait()
    pipeline.stopping = True  # from now on every batch is written and committed before its handler returns
    if not failed.is_set():
        await pipeline.drain()
    await broker.stop()
    probe.stop()
    log.info("projector stopped")
    return 1 if failed.is_set() else 0


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
sys.exit(asyncio.run(main()))
