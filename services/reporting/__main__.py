"""`python -m reporting`: the Reporting gRPC API."""
from __future__ import annotations

import asyncio
import logging

import grpc

from motcua import config
from motcua.catalog import Catalog
from motcua.chschema import connect, migrate
from motcua.grpc_runtime import serve
from motcua.v1.reporting_pb2_grpc import add_ReportingServiceServicer_to_server
from reporting.service import FULL_NAME, ReportingServicer


async def main() -> None:
    settings = config.load("reporting")
    client = connect(settings)
    migrate(client, settings.clickhouse_database)  # reads work on an empty database too
    catalog = Catalog.load(settings.reference_dir)

    def register(server: grpc.aio.Server) -> list[str]:
        add_ReportingServiceServicer_to_server(
            ReportingServicer(client, settings.clickhouse_database, catalog), server)
        return [FULL_NAME]

    await serve("reporting", settings, register)


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
asyncio.run(main())
