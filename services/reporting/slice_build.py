"""Building a month's slice (reporting.slices): once at the month's start, by the reporting service
(SliceScheduler) or by hand (`python -m reporting.slice_build PERIOD`). It reads the history once so
that every read of the month after it does not. A build is complete when its row in
dossier_slice_builds is written, last; until then, and for any month without one, reads go to
dossier_facts as before."""
from __future__ import annotations

import argparse
import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from clickhouse_connect.driver.client import Client

from motcua.tables import (
    DOSSIER_FACTS,
    DOSSIER_SLICE_BUILDS,
    DOSSIER_SLICE_FLOWS,
    DOSSIER_SLICES,
    SLICES,
)
from reporting import queries, series, slices
from reporting.periods import bounds, containing, previous, shift
from reporting.reader import Reader

log = logging.getLogger("motcua.reporting.slices")
SETTINGS = {"distributed_product_mode": "local"}  # as Reader.rows: each shard reads its own dossiers
MIN_REBUILD_FACTS = 100_000  # a small database is read whole in no time: no rebuild for it


@dataclass(frozen=True)
class Built:
    period: str
    built_at: datetime
    dossiers: int
    facts: int
    flows: int
    seconds: float


def build(client: Client, database: str, period: str, months: int = series.SERIES_MONTHS - 1) -> Built:
    """Copy the facts of every dossier that can still count from `period` on, and the series
    contributions of the `months` months before it, as ClickHouse holds them now."""
    began = time.perf_counter()
    reader = Reader(client, database)
    start = bounds(period)[0]
    built_at = reader.rows("SELECT now64(3, 'UTC')")[0][0]
    params = {"slice_start": start, "slice_built": built_at}
    columns = ", ".join(slices.FACT_COLUMNS)
    client.command(f"""
        INSERT INTO {reader.table(DOSSIER_SLICES)} (slice_start, built_at, {columns})
        SELECT {{slice_start:{slices.TIME}}}, {{slice_built:{slices.TIME}}}, {columns}
        FROM {reader.table(DOSSIER_FACTS)} FINAL WHERE dossier_id IN ({slices.kept_dossiers_sql(reader)})""",
                   parameters=params, settings=SETTINGS)
    flows = contributions(reader, period, months)
    totals = Counter(row[1:] for row in flows)  # what a read takes, less the rows of dossiers touched since
    if flows:
        client.insert(reader.table(DOSSIER_SLICE_FLOWS),
                      [[start, built_at, *row, 1] for row in flows]
                      + [[start, built_at, "", *place, count] for place, count in totals.items()],
                      column_names=["slice_start", "built_at", "dossier_id", "kind", "month", "department",
                                    "channel", "late", "dossiers"])
    (dossiers, facts), = reader.rows(f"SELECT uniqExact(dossier_id), count() FROM {reader.table(DOSSIER_SLICES)} "
                                     f"WHERE slice_start = {{slice_start:{slices.TIME}}} "
                                     f"AND built_at = {{slice_built:{slices.TIME}}}", **params)
    # Taken after the copy: every fact the build can have seen was recorded by then (slices.find).
    (recorded_max,), = reader.rows(f"SELECT max(recorded_at) FROM {reader.table(DOSSIER_FACTS)}")
    client.insert(reader.table(DOSSIER_SLICE_BUILDS), [[start, built_at, recorded_max, months, dossiers, facts]],
                  column_names=["slice_start", "built_at", "recorded_max", "months", "dossiers", "facts"])
    done = Built(period, built_at, int(dossiers), int(facts), len(flows), time.perf_counter() - began)
    log.info("built the slice of %s: %s dossiers, %s facts, %s series rows in %.1fs", period, done.dossiers,
             done.facts, done.flows, done.seconds)
    return done


def contributions(reader: Reader, period: str, months: int) -> list[tuple[str, str, str, str, str, int]]:
    """(dossier, kind, month, department, channel, late) of every dossier's place in the series of
    the `months` months before `period`, by series.flows_of."""
    if months <= 0:
        return []
    window = [shift(period, -n) for n in range(months, 0, -1)]
    start, end = bounds(window[0])[0], bounds(period)[0]
    rows = []
    for dossier in queries.dossiers_of_period(reader, start, end):
        for kind, month, late in series.flows_of(dossier):
            if month in window:
                rows.append((dossier.dossier_id, kind, month, dossier.department, dossier.channel, int(late)))
    return rows


def has(client: Client, database: str, period: str) -> bool:
    reader = Reader(client, database)
    return bool(reader.rows(f"SELECT 1 FROM {reader.table(DOSSIER_SLICE_BUILDS)} "
                            f"WHERE slice_start = {{slice_start:{slices.TIME}}} LIMIT 1", slice_start=bounds(period)[0]))


def arrived_since(client: Client, database: str, period: str) -> tuple[int, int] | None:
    """(facts arrived since the newest slice of `period` was cut, facts it holds); None without one."""
    reader = Reader(client, database)
    found = slices.newest(reader, bounds(period)[0])  # outgrown or not: what the scheduler must know
    if found is None:
        return None
    return slices.arrived(reader, found), found.facts


def forget_older(client: Client, database: str, period: str) -> None:
    """Drop a month's builds but its newest two: a read that chose the one before still finds it whole."""
    reader = Reader(client, database)
    builds = [row[0] for row in reader.rows(
        f"SELECT DISTINCT built_at FROM {reader.table(DOSSIER_SLICE_BUILDS)} WHERE slice_start = {{slice_start:{slices.TIME}}} "
        "ORDER BY built_at DESC", slice_start=bounds(period)[0])]
    if len(builds) <= 2:
        return
    for table in SLICES:
        client.command(f"DELETE FROM {reader.table(table)} WHERE slice_start = {{slice_start:{slices.TIME}}} "
                       f"AND built_at < {{oldest_kept:{slices.TIME}}}",
                       parameters={"slice_start": bounds(period)[0], "oldest_kept": builds[1]})


class SliceScheduler:
    """Builds the slices of this month and the last when they are missing: at a month's start, and
    at the first start on a database without them. This month's is built again when more facts
    arrived since it was cut than it holds (a large import): what a read takes again stays the
    size of a month. A failed build is retried at the next check."""

    def __init__(self, client: Client, database: str, check_seconds: float = 600.0,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.client, self.database, self.check_seconds, self.clock = client, database, check_seconds, clock

    def run_once(self) -> list[str]:
        month = containing(self.clock())
        built = []
        for period in (previous(month), month):
            if not has(self.client, self.database, period):
                build(self.client, self.database, period)
                built.append(period)
        since = arrived_since(self.client, self.database, month)
        if month not in built and since is not None and since[0] > max(since[1], MIN_REBUILD_FACTS):
            build(self.client, self.database, month)
            forget_older(self.client, self.database, month)
            built.append(month)
        return built

    async def run(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:  # ClickHouse away: reads fall back to dossier_facts meanwhile
                log.exception("slice build failed; retrying in %.0fs", self.check_seconds)
            await asyncio.sleep(self.check_seconds)


def main(argv: list[str] | None = None) -> int:
    from motcua import config
    from motcua.chschema import connect

    parser = argparse.ArgumentParser(prog="python -m reporting.slice_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("period", help="YYYY-MM")
    args = parser.parse_args(argv)
    settings = config.load()
    done = build(connect(settings), settings.clickhouse_database, args.period)
    print(f"slice of {done.period}: {done.dossiers:,} dossiers, {done.facts:,} facts, {done.flows:,} series rows, "
          f"{done.seconds:.1f}s")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
