"""`make bench-history MONTHS="1 12 36"`: does a month's report cost the same whether ClickHouse holds
one month or years? Loads N months of a province (MOTCUA_BENCH_DOSSIERS new dossiers a month, default
100,000; each month's dossiers close in the months after, a share MOTCUA_BENCH_NEVER_CLOSED of them
never, default 0.003) into a ClickHouse of its own with the projector's own fold and writer
(reporting_data.fold_into), then times the last month's report model, GetMonthlyStatistics uncached
(compute.statistics), the overdue list and the live figures, beside the bare SELECT of the period's
dossiers. The months are loaded newest first, so each N of one run measures the same last month with
more history before it. A second ClickHouse holds that month alone: its report is timed in turn with
each N's, the baseline of the goal's ratio. Prints a table per N and writes them all to
out/bench-history.json (not part of `make bench` or CI)."""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from motcua import config
from motcua.catalog import Catalog
from motcua.chschema import connect, migrate
from motcua.config import REPO_ROOT
from motcua_tools.bench.history_data import history_month
from motcua_tools.bench.reporting import the_periods_select, timed
from motcua_tools.bench.reporting_data import fold_into
from motcua_tools.infra import clickhouse
from motcua_tools.infra.process import free_port_pair

LAST_MONTH = "2024-12"
GOAL_SECONDS, GOAL_GROWTH = 2.0, 1.3
RUNS = 5  # the median of five: a shared two-core machine moves single runs by a fifth


class PeakMemory:
    """The ClickHouse client, noting the most memory any one query took (the memory_usage ClickHouse
    sends back with every answer, X-ClickHouse-Summary). The report's queries run on several threads."""

    def __init__(self, client) -> None:
        self.client, self.peak, self._lock = client, 0, threading.Lock()

    def query(self, *args, **kwargs):
        result = self.client.query(*args, **kwargs)
        used = int((result.summary or {}).get("memory_usage", 0) or 0)
        with self._lock:
            self.peak = max(self.peak, used)
        return result

    def measure(self) -> float | None:
        """The peak since the last call, in MB (None: the server sent no figure), and start again."""
        with self._lock:
            peak, self.peak = self.peak, 0
        return round(peak / 2**20, 1) if peak else None

    def __getattr__(self, name: str):
        return getattr(self.client, name)


def settle(client, database: str, timeout: float = 300.0) -> None:
    """Wait for the background merges a bulk load starts, as a server that received its months one
    by one would have done them long ago: a read must not share the cores with them."""
    began, quiet = time.monotonic(), 0
    while time.monotonic() - began < timeout and quiet < 3:
        running = client.query("SELECT count() FROM system.merges WHERE database = {db:String}",
                               parameters={"db": database}).result_rows[0][0]
        quiet = quiet + 1 if running == 0 else 0
        time.sleep(1)


def month_end(client, database: str, catalog: Catalog, months: int, new: int, never_closed: float,
              reader=None) -> tuple:
    """(the slice built, the report model's median time right after the build). What the reporting
    service does at the month's start (SliceScheduler), once the months are loaded and a little more
    than the slice's margin later (what arrived just before is read again); then the month's facts
    arrive after the slice, as they do from its start to its end: the last month is written again
    (copies, which change no figure) and every read after takes it again from them."""
    from reporting import compute, slice_build, slices
    from reporting.periods import bounds
    from reporting.reader import Reader

    settle(client, database)
    time.sleep(slices.MARGIN.total_seconds() + 1)
    built = slice_build.build(client, database, LAST_MONTH)
    reader = reader or Reader(client, database)
    after = bounds(LAST_MONTH)[1] + timedelta(days=1)
    fresh, _ = timed(lambda: compute.report_model(reader, catalog, LAST_MONTH, now=after), RUNS)
    fold_into(client, database, history_month(catalog, LAST_MONTH, new, never_closed), f"again{months}")
    settle(client, database)
    return built, fresh


def measure(client, database: str, catalog: Catalog, months: int, load_seconds: float, pid: int, new: int,
            never_closed: float, baseline) -> dict:
    """The figures at N = `months`. `baseline`, a Reader of a server holding the last month alone (the
    same month end): its report is timed in turn with this one's, so the two share the machine's moods."""
    from reporting import compute, lists, live
    from reporting.periods import bounds
    from reporting.reader import Reader

    noted = PeakMemory(client)
    reader = Reader(noted, database)
    built, fresh = month_end(client, database, catalog, months, new, never_closed, reader)
    start, end = bounds(LAST_MONTH)
    after = end + timedelta(days=1)             # the month is finished: its full report
    running = end - timedelta(days=5, hours=6)  # the month still running: live figures, overdue now
    facts_rows, dossiers = client.query(f"SELECT count(), uniqExact(dossier_id) FROM {database}.dossier_facts FINAL").result_rows[0]
    sql, params = the_periods_select(reader, start, end)

    def report(read):
        return lambda: compute.report_model(read, catalog, LAST_MONTH, now=after)

    timings = {
        "bare SELECT of the period's dossiers": lambda: noted.query(sql, parameters=params).result_rows,
        "report model": report(reader),
        "GetMonthlyStatistics uncached": lambda: compute.statistics(reader, catalog, LAST_MONTH, "department",
                                                                     now=after),
        "overdue list": lambda: lists.select(reader, lists.Query(LAST_MONTH, "overdue"), running),
        "live figures": lambda: live.live_figures(reader, catalog, running, LAST_MONTH),
    }
    row = {"months": months, "dossiers": dossiers, "dossier_facts rows": facts_rows,
           "load seconds (this step)": round(load_seconds, 1), "slice build s (once a month)": round(built.seconds, 2),
           "report model s, nothing arrived since the slice (median)": round(fresh, 3),
           "slice dossiers": built.dossiers, "slice facts": built.facts}
    for name, call in timings.items():
        noted.measure()
        if name == "report model":
            (median, best), (alongside, _) = alternated(call, report(baseline), RUNS)
            row["report model s, 1-month baseline timed in turn (median)"] = round(alongside, 3)
            row["report model / baseline"] = round(median / alongside, 2)
        else:
            median, best = timed(call, RUNS)
        row[f"{name} s (median)"], row[f"{name} s (best)"] = round(median, 3), round(best, 3)
        row[f"{name} peak query MB"] = noted.measure()
    row["server resident MB"] = resident_memory(pid)
    # The month's own size: at N = 1 nothing is carried over into it, from N = 2 on about half a month is.
    table = compute.statistics(reader, catalog, LAST_MONTH, "department", now=after).totals
    row["dossiers in the month's table"] = table.received_total
    row["of which carried over"] = table.carried_over
    return row


def alternated(call, other, runs: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """(median, best) of `call` and of `other`, timed in turn `runs` times each."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for spent, fn in zip(times, (call, other)):
            began = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - began)
    return tuple((statistics.median(spent), min(spent)) for spent in times)  # type: ignore[return-value]


def resident_memory(pid: int) -> dict[str, float]:
    """The ClickHouse server process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    found = {line.split(":")[0]: int(line.split()[1]) for line in status if line.startswith(("VmRSS", "VmHWM"))}
    return {"now": round(found["VmRSS"] / 1024, 1), "peak": round(found["VmHWM"] / 1024, 1)}


def show(row: dict) -> None:
    print(f"\n--- {row['months']} month(s) stored: {row['dossiers']:,} dossiers, "
          f"{row['dossier_facts rows']:,} dossier_facts rows ---")
    table = row["dossiers in the month's table"]
    print(f"  the month's table counts {table:,} dossiers, "
          f"{row['of which carried over']:,} of them carried over from earlier months")
    fresh = row["report model s, nothing arrived since the slice (median)"]
    print(f"  report model right after the slice was built: median {fresh:.3f} s; below, with the whole month "
          "arrived since it")
    print(f"  slice of {LAST_MONTH} built in {row['slice build s (once a month)']:.2f} s (once, at the month's start): "
          f"{row['slice dossiers']:,} dossiers that can count in it, {row['slice facts']:,} facts")
    for name in ("bare SELECT of the period's dossiers", "report model", "GetMonthlyStatistics uncached",
                 "overdue list", "live figures"):
        memory = row[f"{name} peak query MB"]
        print(f"  {name:<38} median {row[f'{name} s (median)']:7.3f} s  best {row[f'{name} s (best)']:7.3f} s"
              + (f"  peak query {memory:,.0f} MB" if memory is not None else ""))
        if name == "report model":
            print(f"  {'  the 1-month baseline, timed in turn':<38} median "
                  f"{row['report model s, 1-month baseline timed in turn (median)']:7.3f} s  "
                  f"ratio {row['report model / baseline']:.2f}")
    resident = row["server resident MB"]
    print(f"  ClickHouse server resident memory: {resident['now']:,.0f} MB now, {resident['peak']:,.0f} MB at its peak "
          "(since it started)", flush=True)


def main(argv: list[str] | None = None) -> int:
    from reporting.periods import shift

    parser = argparse.ArgumentParser(prog="python -m motcua_tools.bench.history", description=__doc__.split("\n\n")[0])
    parser.add_argument("months", nargs="*", type=int, default=[1, 2, 12, 36])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "out" / "bench-history.json")
    args = parser.parse_args(argv)
    checkpoints = sorted(set(args.months))
    if not checkpoints or checkpoints[0] < 1:
        parser.error("MONTHS must be positive numbers of months")
    new = int(os.environ.get("MOTCUA_BENCH_DOSSIERS", "100000"))
    never_closed = float(os.environ.get("MOTCUA_BENCH_NEVER_CLOSED", "0.003"))
    # Two servers: the history, which grows to each N, and the baseline, which holds the last month alone.
    servers = [dataclasses.replace(config.load(), clickhouse_url=f"http://127.0.0.1:{free_port_pair()}",
                                   clickhouse_database="history",
                                   state_dir=Path(tempfile.mkdtemp(prefix=f"motcua-history-bench-{role}-")))
               for role in ("history", "baseline")]
    settings, base_settings = servers
    catalog = Catalog.load(settings.reference_dir)
    rows = []
    try:
        pid = clickhouse.start(settings)
        clickhouse.start(base_settings)
        base_client = connect(base_settings)
        migrate(base_client, "history")
        fold_into(base_client, "history", history_month(catalog, LAST_MONTH, new, never_closed), "baseline")
        month_end(base_client, "history", catalog, 1, new, never_closed)
        from reporting.reader import Reader
        baseline = Reader(base_client, "history")
        client = connect(settings)
        migrate(client, settings.clickhouse_database)
        loaded = 0
        for months in checkpoints:
            began = time.perf_counter()
            while loaded < months:  # newest first: the last month is the same at every N
                period = shift(LAST_MONTH, -loaded)
                events = fold_into(client, settings.clickhouse_database, history_month(catalog, period, new, never_closed),
                                   f"history{loaded}")
                loaded += 1
                print(f"loaded {period}: {events:,} events ({time.perf_counter() - began:.0f}s so far)", flush=True)
            rows.append(measure(client, settings.clickhouse_database, catalog, months, time.perf_counter() - began,
                                pid, new, never_closed, baseline))
            show(rows[-1])
        write(args.out, rows, new, never_closed)
        return 0
    finally:
        for server in servers:
            clickhouse.stop(server)
            shutil.rmtree(server.state_dir, ignore_errors=True)


def write(path: Path, rows: list[dict], new: int, never_closed: float) -> None:
    first, last = rows[0]["report model s (median)"], rows[-1]["report model s (median)"]
    # The same month with a month carried over into it, as at every N from 2 on: growth with the history alone.
    carried = next((r["report model s (median)"] for r in rows if r["months"] == 2), None)
    # The goal's ratio: the largest N against the 1-month baseline timed in turn with it (a ratio across
    # runs minutes apart also measures how the shared machine's load moved in between).
    ratio = rows[-1]["report model / baseline"]
    summary = {"last month": LAST_MONTH, "new dossiers a month": new, "share never closed": never_closed,
               "cores": os.cpu_count(),
               "goal": f"report model <= {GOAL_SECONDS} s at every N and, at the largest N, <= {GOAL_GROWTH}x "
                       "the 1-month baseline's, timed in turn",
               "report model / 1-month baseline at the largest N": ratio,
               "report model growth (largest N / smallest N, minutes apart)": round(last / first, 2),
               "report model growth (largest N / N = 2, minutes apart)": round(last / carried, 2) if carried else None,
               "goal met": all(r["report model s (median)"] <= GOAL_SECONDS for r in rows) and ratio <= GOAL_GROWTH,
               "runs": rows}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nreport model: {last:.3f}s at {rows[-1]['months']} months, {ratio:.2f}x the 1-month baseline timed in "
          f"turn with it; {first:.3f}s at {rows[0]['months']} month(s) minutes before ({last / first:.2f}x)"
          + (f", {last / carried:.2f}x its time at 2 months" if carried else "")
          + f"; goal met: {summary['goal met']}; written to {path}")


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
