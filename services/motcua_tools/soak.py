"""`make soak` (`python -m motcua_tools.soak --minutes 10`): a steady mixed load, its figures, then the ledger.

By default it starts a private stack (Kafka, ClickHouse, the six services on free ports, see
motcua_tools.faults) and stops it at the end; `--attach` drives a stack already running at the usual ports.
Every `--every` seconds it prints throughput, ack latency percentiles, retries, the projector's
consumer lag and how many acknowledged events are not queryable yet; at the end, the ledger.
Exit status 0 only when every event was acknowledged, none refused, and the ledger is exact.
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from motcua import config
from motcua.auth import DEV_CENTER_TOKEN
from motcua.catalog import Catalog
from motcua.chschema import connect
from motcua_tools import ledger
from motcua_tools.faults import COMMAND_SERVICES, Sandbox
from motcua_tools.loaddriver import LoadDriver, Stats, percentile
from motcua_tools.loadgen import LoadMix


def ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:.0f}ms" if values else "-"


def queryable_since(settings: config.Settings, since: datetime) -> int | None:
    try:
        client = connect(settings)
        try:
            return client.query(f"SELECT uniqExact(event_id) FROM {settings.clickhouse_database}.events "
                                "WHERE recorded_at >= {since:DateTime64(3)}", parameters={"since": since}).result_rows[0][0]
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - a figure missing from one line must not stop the run
        return None


def consumer_lag(settings: config.Settings) -> int | None:
    """Records of the command topics the projector's group has not committed yet, read from the broker."""
    from kafka.admin import KafkaAdminClient

    from projector.app import group_id
    from projector.metrics import consumer_lag as lag_by_partition

    try:
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka_servers, client_id="motcua-soak",
                                 request_timeout_ms=5000)
        try:
            return sum(lag_by_partition(admin, group_id(settings), settings.command_topics).values())
        finally:
            admin.close()
    except Exception:  # noqa: BLE001 - the broker may be down: no figure, not a failure
        return None


async def report_every(seconds: float, stats: Stats, settings: config.Settings, since: datetime,
                       began: float) -> None:
    last = time.monotonic()
    while True:
        await asyncio.sleep(seconds - (time.monotonic() - last) % seconds)
        acked, latencies, total = *stats.take_window(), stats.acked
        now, window = time.monotonic(), time.monotonic() - last
        last = now
        lag = await asyncio.to_thread(consumer_lag, settings)
        queryable = await asyncio.to_thread(queryable_since, settings, since)
        behind = "?" if queryable is None else max(0, total - queryable)
        print(f"[{now - began:6.0f}s] acked {acked / window:7.1f}/s (total {total}), "
              f"ack latency p50 {ms(latencies, 50)} p95 {ms(latencies, 95)} p99 {ms(latencies, 99)}, "
              f"retries {sum(stats.retries.values())}, kafka lag {'?' if lag is None else lag}, "
              f"not yet queryable {behind}", flush=True)


async def drive(args: argparse.Namespace, settings: config.Settings, targets: dict[str, str],
                acks_path: Path) -> tuple[Stats, float]:
    mix = LoadMix(Catalog.load(settings.reference_dir), args.run, departments=args.departments)
    acks = ledger.AckLog(acks_path)
    driver = LoadDriver(targets, acks, rate=args.rate, batch_size=args.batch_size, token=args.token)
    since, began = datetime.now(timezone.utc), time.monotonic()
    reporter = asyncio.create_task(report_every(args.every, driver.stats, settings, since, began))
    try:
        stats = await driver.run(mix.events(), args.seconds, drain_seconds=args.drain)
    finally:
        reporter.cancel()
        await driver.close()
        acks.close()
    return stats, time.monotonic() - began


def summary(stats: Stats, elapsed: float, report: ledger.LedgerReport) -> str:
    lines = [f"soak: {stats.produced} events produced, {stats.acked} acknowledged in {elapsed:.0f}s "
             f"({stats.acked / elapsed:.1f}/s), {stats.duplicates} duplicates, {stats.refused} refused, "
             f"{stats.unacknowledged} never acknowledged",
             f"ack latency per call: p50 {ms(stats.latencies, 50)}, p95 {ms(stats.latencies, 95)}, "
             f"p99 {ms(stats.latencies, 99)}, max {ms(stats.latencies, 100)} over {len(stats.latencies)} calls",
             f"retries: {dict(stats.retries) or 'none'}"]
    lines += [f"refused: {count} x {reason}" for reason, count in stats.refusals.most_common(5)]
    return "\n".join([*lines, report.summary()])


def run(args: argparse.Namespace) -> int:
    state = Path(args.state_dir or tempfile.mkdtemp(prefix="motcua-soak-"))
    acks_path = Path(args.acks or state / f"acks-{args.run}.txt")
    if args.attach:
        settings = config.load()
        targets = {s: config.service_address(s) for s in COMMAND_SERVICES}
        return finish(args, settings, targets, acks_path)
    print(f"soak: starting a private stack in {state} ...", flush=True)
    with Sandbox(state, prefix=f"soak{args.run}", database=f"soak_{args.run}") as sandbox:
        sandbox.supervise()
        code = finish(args, sandbox.settings, sandbox.targets(), acks_path)
        sandbox.stop_supervising()
        print(f"soak: processes restarted by the supervisor: {dict(sandbox.restarts) or 'none'}")
    if code == 0 and not args.state_dir:
        shutil.rmtree(state, ignore_errors=True)  # kept when something went wrong: the logs are there
    else:
        print(f"soak: data, logs and acks kept in {state}")
    return code


def finish(args: argparse.Namespace, settings: config.Settings, targets: dict[str, str], acks_path: Path) -> int:
    print(f"soak: {args.rate:.0f} events/s for {args.seconds:.0f}s into {settings.clickhouse_database}, "
          f"acks in {acks_path}", flush=True)
    stats, elapsed = asyncio.run(drive(args, settings, targets, acks_path))
    acknowledged = ledger.read_acks([acks_path])
    report = ledger.wait_until_exact(
        lambda: ledger.check(settings, settings.clickhouse_database, acknowledged), timeout=args.drain)
    print(summary(stats, elapsed, report), flush=True)
    return 0 if report.exact and report.figures_checked and not stats.refused and not stats.unacknowledged else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m motcua_tools.soak", description=__doc__.split("\n\n")[0])
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=float, default=10.0)
    length.add_argument("--seconds", type=float)
    parser.add_argument("--rate", type=float, default=300.0, help="events per second (default 300)")
    parser.add_argument("--departments", type=int, default=6)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--every", type=float, default=10.0, help="seconds between progress lines")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds allowed to catch up at the end")
    parser.add_argument("--attach", action="store_true", help="drive the stack running at the usual ports")
    parser.add_argument("--token", default=DEV_CENTER_TOKEN, help="bearer token of the sender")
    parser.add_argument("--state-dir", help="where the private stack keeps its data and logs")
    parser.add_argument("--acks", help="ack log path (default: in the state folder)")
    args = parser.parse_args(argv)
    args.seconds = args.seconds if args.seconds is not None else args.minutes * 60
    args.run = uuid.uuid4().hex[:8]
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
