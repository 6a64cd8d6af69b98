"""Reporting side only: a month of a province 20 times Hà Nam's size (about 100,000 dossiers) folded
straight into a ClickHouse of its own with the projector's batch fold and writer (reporting_data.py),
parts left as the inserts made them (no OPTIMIZE: a report runs on what the projector left); then the
full report model is timed next to its fair baseline, the exact SELECT of the period's dossier facts
the report runs (captured from reporting's own query code, fetched by a plain client), and
GetMonthlyStatistics through gRPC (p50/p99). Goal: the report model <= 2 s.
MOTCUA_BENCH_DOSSIERS sets the month's new dossiers (default 94,000; 771 carried over per 4,708
new, as in April 2023), MOTCUA_BENCH_CALLS the gRPC calls (default 100).
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import grpc

from motcua import config
from motcua.auth import DEV_READER_TOKEN, with_token
from motcua.catalog import Catalog
from motcua.chschema import connect, migrate
from motcua.v1 import reporting_pb2, reporting_pb2_grpc
from motcua_tools.bench.goals import RESULTS
from motcua_tools.bench.reporting_data import PERIOD, fold_into, synthetic_month
from motcua_tools.infra import clickhouse
from motcua_tools.infra.process import free_port_pair
from motcua_tools.stack import Stack

GOAL_SECONDS = 2.0


def timed(fn, runs: int) -> tuple[float, float]:
    """(median, best) wall seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), min(times)


def main() -> int:
    from reporting import compute, queries
    from reporting.periods import bounds
    from reporting.reader import Reader

    new, calls = int(os.environ.get("MOTCUA_BENCH_DOSSIERS", "94000")), int(os.environ.get("MOTCUA_BENCH_CALLS", "100"))
    state = Path(tempfile.mkdtemp(prefix="motcua-reporting-bench-"))
    settings = dataclasses.replace(config.load(), clickhouse_url=f"http://127.0.0.1:{free_port_pair()}",
                                   clickhouse_database="bench", state_dir=state)
    catalog = Catalog.load(settings.reference_dir)
    clickhouse.start(settings)
    stack = None
    try:
        client = connect(settings)
        migrate(client, settings.clickhouse_database)
        began = time.perf_counter()
        events = fold_into(client, settings.clickhouse_database, synthetic_month(catalog, new), "bench")
        reader = Reader(client, settings.clickhouse_database)
        start, end = bounds(PERIOD)
        dossiers = len(queries.dossiers_of_period(reader, start, end))
        print(f"{events:,} events folded in {time.perf_counter() - began:.1f}s: {dossiers:,} dossiers in {PERIOD} "
              f"(ClickHouse of its own in {state}, removed at the end)", flush=True)
        sql, params = the_periods_select(reader, start, end)
        bare, bare_best = timed(lambda: client.query(sql, parameters=params).result_rows, 5)
        model_s, model_best = timed(lambda: compute.report_model(reader, catalog, PERIOD), 5)
        print(f"the period's dossier SELECT alone: median {bare:.3f}s (best {bare_best:.3f}s)")
        print(f"full report model:                median {model_s:.3f}s (best {model_best:.3f}s), "
              f"{model_s / bare:.1f}x the SELECT", flush=True)
        RESULTS.figure("reporting", "dossiers in the period", dossiers, "dossiers")
        RESULTS.figure("reporting", "the period's dossier SELECT (median)", bare, "s")
        RESULTS.figure("reporting", "report model / its SELECT", model_s / bare, "x")
        RESULTS.goal("reporting", f"report model for a {dossiers:,}-dossier month (median)", model_s, "<=",
                     GOAL_SECONDS, "s")
        port = free_port_pair()
        stack = Stack(settings, services=("reporting",), ports={"reporting": (port, port + 1)},
                      env={"MOTCUA_LIVE_PORT": "0", "MOTCUA_REPORT_DAY": "0", "MOTCUA_LIVE_SECONDS": "3600"})
        stack.start()
        first, latencies = grpc_latencies(f"127.0.0.1:{port}", calls)
        cut = statistics.quantiles(latencies, n=100)
        print(f"GetMonthlyStatistics over gRPC: first call {first * 1000:.0f} ms (classifies the month); then "
              f"{calls} calls p50 {cut[49] * 1000:.0f} ms, p99 {cut[98] * 1000:.0f} ms (the finished month's "
              f"standings are kept while the facts' fingerprint is unchanged)")
        RESULTS.figure("reporting", "GetMonthlyStatistics first call", first, "s")
        RESULTS.figure("reporting", "GetMonthlyStatistics p50", cut[49], "s")
        RESULTS.figure("reporting", "GetMonthlyStatistics p99", cut[98], "s")
        return 0  # the goal is judged in out/bench.json (goals.py), not here
    finally:
        if stack is not None:
            stack.stop()
        clickhouse.stop(settings)
        shutil.rmtree(state, ignore_errors=True)


def the_periods_select(reader, start, end) -> tuple[str, dict]:
    """The SQL and parameters reporting runs for the period's dossiers, captured from its own code
    (which looks up the period's slice first, for real)."""
    from reporting import queries
    from reporting.reader import Reader

    asked: list[tuple[str, dict]] = []

    class Capturing(Reader):
        def rows(self, sql, **params):
            if queries.STATE_COLUMNS not in sql:  # the slice's lookup: run
                return super().rows(sql, **params)
            asked.append((sql, params))
            return []

    queries.dossiers_of_period(Capturing(reader.client, reader.database), start, end)
    (sql, params), = asked
    return sql, params


def grpc_latencies(address: str, calls: int) -> tuple[float, list[float]]:
    """The first call's latency, and those of the `calls` after it."""
    with grpc.insecure_channel(address) as channel:
        stub = reporting_pb2_grpc.ReportingServiceStub(with_token(channel, DEV_READER_TOKEN))
        request = reporting_pb2.StatisticsRequest(period=PERIOD, group_by=reporting_pb2.GROUPING_DEPARTMENT)
        began = time.perf_counter()
        stub.GetMonthlyStatistics(request, timeout=60)
        first = time.perf_counter() - began
        latencies = []
        for _ in range(calls):
            began = time.perf_counter()
            stub.GetMonthlyStatistics(request, timeout=60)
            latencies.append(time.perf_counter() - began)
        return first, latencies
