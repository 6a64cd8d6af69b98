"""Running a command service: load the catalog and credentials, connect the publisher, serve gRPC.

`python -m intake` (and processing, payment, survey) calls `run`; tests and the bench call
`serve_commands` in-process with a `stop` event of their own.
"""
from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from motcua import config
from motcua.auth import AuthInterceptor, load_for_service
from motcua.catalog import Catalog
from motcua.commandside import CommandHandler
from motcua.grpc_runtime import serve
from motcua.publishing import EventPublisher
from motcua.receipts import ReceiptWatcher

log = logging.getLogger("motcua.commands")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
RECEIPT_WATCHERS = ("processing",)


async def serve_commands(service: str, settings: config.Settings, *, stop: asyncio.Event | None = None,
                         ready: asyncio.Event | None = None) -> None:
    """Serve `service` until SIGTERM (or `stop`): in-flight calls finish, then the producer flushes."""
    catalog = Catalog.load(settings.reference_dir)
    credentials = load_for_service(settings, (d.code for d in catalog.departments))
    _warn_about_exposure(settings)
    publisher = EventPublisher(settings)
    await publisher.start()
    handler = CommandHandler(service, catalog, publisher, credentials)
    register = importlib.import_module(f"{service}.service").register
    # Processing refuses a result dated before its dossier's receipt, which intake accepts: it follows
    # the intake topic to know receipts (motcua.receipts explains why this way).
    watcher = ReceiptWatcher(settings, handler.memory) if service in RECEIPT_WATCHERS else None
    try:
        if watcher is not None:
            await watcher.start()
        await serve(service, settings, lambda server: register(server, handler), on_stop=publisher.stop,
                    ready=ready, interceptors=[AuthInterceptor(credentials)], stop=stop, probe=publisher.reachable)
    finally:
        if watcher is not None:
            await watcher.stop()
        await publisher.stop()  # also when serving failed to start: never leave a producer open


def _warn_about_exposure(settings: config.Settings) -> None:
    if settings.grpc_host in LOOPBACK:
        return
    if settings.credentials_file.name == "dev.json":
        log.warning("serving on %s with the public development credentials %s: set MOTCUA_CREDENTIALS_FILE",
                    settings.grpc_host, settings.credentials_file)
    if not settings.tls_cert_file:
        log.warning("serving on %s without TLS: bearer tokens travel in clear", settings.grpc_host)


def run(service: str) -> None:
    """Entry point of a command service: `python -m <service>`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = config.load(service)
    try:
        asyncio.run(serve_commands(service, settings))
    except config.ConfigError as exc:
        raise SystemExit(f"{service}: configuration error: {exc}") from None


@asynccontextmanager
async def running(service: str, settings: config.Settings) -> AsyncIterator[str]:
    """Serve `service` in this event loop (tests, the bench); yields its address, stops on exit."""
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve_commands(service, settings, stop=stop, ready=ready))
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()  # raises what stopped it
        raise RuntimeError(f"{service} stopped before serving")
    try:
        yield f"{settings.grpc_host}:{settings.grpc_port}"
    finally:
        stop.set()
        await task
