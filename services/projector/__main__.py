"""`python -m projector`: migrate the schema, then fold the log into ClickHouse until SIGTERM."""
from __future__ import annotations

import asyncio
import logging
import signal

from prometheus_client import start_http_server

from motcua import config
from motcua.chschema import connect, migrate
from projector.app import build
from projector.writer import ClickHouseWriter

log = logging.getLogger("motcua.projector")


async def main() -> None:
    settings = config.load("projector")
    client = connect(settings)
    applied = migrate(client, settings.clickhouse_database)
    log.info("schema ready (%s)", ", ".join(applied) or "up to date")
    broker = build(settings, ClickHouseWriter(client, settings.clickhouse_database))
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.grpc_host)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await broker.start()
    log.info("projecting %s into %s", ", ".join(settings.command_topics), settings.clickhouse_database)
    await stop.wait()
    await broker.stop()  # the in-flight batch finishes and commits before the consumer closes
    log.info("projector stopped")


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
asyncio.run(main())
