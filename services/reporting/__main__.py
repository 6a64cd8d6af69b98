"""`python -m reporting`: the Reporting gRPC API, the monthly report scheduler, the business gauges
and the live page, in one process."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone

import grpc

from motcua import config
from motcua.auth import AuthInterceptor, load_for_service
from motcua.catalog import Catalog
from motcua.chschema import connect, migrate_for
from motcua.grpc_runtime import serve
from motcua.v1.reporting_pb2_grpc import add_ReportingServiceServicer_to_server
from reporting import compute, gauges
from reporting import settings as reporting_settings
from reporting.live import LiveRefresher, live_figures
from reporting.livepage import serve_page
from reporting.projector_lag import ProjectorLag
from reporting.reader import Reader
from reporting.scheduler import ReportScheduler
from reporting.service import FULL_NAME, ReportingServicer
from reporting.slice_build import SliceScheduler
from reporting.store import ReportStore

log = logging.getLogger("motcua.reporting")


async def main() -> None:
    settings = config.load("reporting")
    options = reporting_settings.load()
    catalog = Catalog.load(settings.reference_dir)
    # Every scope may read (reader, department, center, admin); no token, no answer. Checked first:
    # bad credentials stop the service before it touches the database.
    credentials = load_for_service(settings, (d.code for d in catalog.departments))
    client = connect(settings)
    migrate_for(settings)  # reads work on an empty database too
    # Background work reads through its own connection so it never queues behind API calls.
    background = Reader(connect(settings), settings.clickhouse_database)
    store = ReportStore(background.client, settings.clickhouse_database)
    tasks: list[asyncio.Task] = []

    lag = ProjectorLag(settings)
    refresher = LiveRefresher(lambda: live_figures(background, catalog, datetime.now(timezone.utc)),
                              [lambda figures: gauges.update(figures, catalog)], options.live_seconds, lag=lag)
    tasks.append(asyncio.create_task(refresher.run(), name="live figures"))
    page = None
    if options.live_port:
        page = await serve_page(settings.grpc_host, options.live_port,
                                lambda: refresher.latest.as_json(catalog, options.live_stale_seconds)
                                if refresher.latest else None)
    # Its own connection: a build reads the history once a month, and must not hold up the rest.
    slicer = SliceScheduler(connect(settings), settings.clickhouse_database)
    tasks.append(asyncio.create_task(slicer.run(), name="period slices"))
    if options.schedule is not None:
        scheduler = ReportScheduler(
            lambda period, now: compute.report_model(background, catalog, period, now=now, agency=options.agency),
            store, options.schedule)
        tasks.append(asyncio.create_task(scheduler.run(), name="report scheduler"))

    def register(server: grpc.aio.Server) -> list[str]:
        add_ReportingServiceServicer_to_server(
            ReportingServicer(client, settings.clickhouse_database, catalog, store=store, agency=options.agency),
            server)
        return [FULL_NAME]

    async def stop_background() -> None:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if page is not None:
            page.close()
            await page.wait_closed()
        lag.close()

    await serve("reporting", settings, register, on_stop=stop_background,
                interceptors=[AuthInterceptor(credentials)])


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
try:
    asyncio.run(main())
except config.ConfigError as exc:
    raise SystemExit(f"reporting: configuration error: {exc}") from None
