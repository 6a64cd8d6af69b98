"""The ledger check: what the command services acknowledged against what the report's readers see.

A load driver writes each acknowledged event to an ack file, one JSON line a event:
{"event_id": ..., "event": <its interchange form>} (lines holding only an id are read too, for the
archive check alone). `motcua ledger --acks FILE --database DB` then looks, without forcing any merge,
at the archive and every read model the monthly report reads (motcua_tools.ledger_tables), as those
readers read them, with and without FINAL:
- missing: acknowledged, but no row where the event belongs (lost);
- doubled: an event a reader would count twice: under two reader keys, two rows left by FINAL, or an
  unmerged copy in a table whose reader counts rows as they are;
- copies: rows of one event ClickHouse has not merged yet (reported; harmless to a reader that dedupes);
- unexpected: archived, never acknowledged (a sender gave up on an event Kafka had in fact taken);
- figures: each period's figures as reporting reads them against a tally of the acknowledged events
  (motcua_tools.ledger_figures). Exact means nothing missing, nothing doubled, no figure differing.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from motcua_tools.ledger_report import Acked, LedgerReport, TableCheck, check_table, compare, with_figures  # noqa: F401
from motcua_tools.ledger_tables import INDEXES, READ_MODELS, ReadModel, count_rows, keys_missing_from


def read_acks(paths: Iterable[Path]) -> dict[str, dict[str, Any] | None]:
    """Event id -> its interchange form, in acknowledgement order (None where a line holds only an id)."""
    acked: dict[str, dict[str, Any] | None] = {}
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("{"):
                    entry = json.loads(line)
                    event = entry.get("event")
                    acked.pop(entry["event_id"], None)  # the latest acknowledgement comes last
                    acked[entry["event_id"]] = None if event is None else {**event, "event_id": entry["event_id"]}
                else:
                    acked.setdefault(line, None)
    return acked


class AckLog:
    """Appends acknowledged events as they come, so a crashed driver still leaves what it had."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self._file = path, open(path, "a", encoding="utf-8")
        self.count = 0

    def record(self, event_ids: Iterable[str]) -> None:
        """Ids alone: the archive check covers them, the figures cannot."""
        self._write([json.dumps({"event_id": i}) for i in event_ids])

    def record_events(self, accepted: Iterable[tuple[str, Any]]) -> None:
        """(event id the service gave, the event sent): what the figures are tallied from."""
        from motcua.interchange import to_object

        self._write([json.dumps({"event_id": i, "event": {**to_object(e), "event_id": i}}, ensure_ascii=False)
                     for i, e in accepted])

    def _write(self, lines: list[str]) -> None:
        self._file.write("".join(f"{line}\n" for line in lines))
        self._file.flush()
        self.count += len(lines)

    def close(self) -> None:
        self._file.close()


def wait_until_exact(check: Callable[[], LedgerReport], timeout: float, interval: float = 1.0) -> LedgerReport:
    """The projector lags behind the acknowledgements: poll until exact or out of time."""
    deadline = time.monotonic() + timeout
    while True:
        report = check()
        if report.exact or time.monotonic() >= deadline:
            return report
        time.sleep(interval)


def check(settings, database: str, acknowledged: Acked, *, models: Iterable[ReadModel] = READ_MODELS,
          periods: list[str] | None = None) -> LedgerReport:
    from motcua.chschema import connect
    from motcua_tools.ledger_figures import read
    from reporting.reader import Reader

    models = list(models)
    if not isinstance(acknowledged, Mapping):
        acknowledged = dict.fromkeys(acknowledged)
    client = connect(settings)
    try:
        report = compare(acknowledged, {m.table: count_rows(client, database, m) for m in models}, models)
        report = replace(report, index_gaps={i.table: keys_missing_from(client, database, i) for i in INDEXES})
        reader = Reader(client, database)
        return with_figures(report, acknowledged, lambda period: read(reader, period), periods)
    finally:
        client.close()


def main(argv: list[str] | None = None, out: IO[str] = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="motcua ledger", description=__doc__.split("\n\n")[0])
    parser.add_argument("--acks", action="append", required=True, type=Path, metavar="FILE",
                        help="acknowledged events, one a line (repeat for several files)")
    parser.add_argument("--database", help="ClickHouse database (default: $MOTCUA_CLICKHOUSE_DATABASE)")
    parser.add_argument("--period", action="append", dest="periods", metavar="YYYY-MM",
                        help="check these periods' figures (default: every period an event falls in)")
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="poll until exact for this long (the projector may still be catching up)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    from motcua import config

    settings = config.load()
    try:
        acknowledged = read_acks(args.acks)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: cannot read the acks: {exc}", file=sys.stderr)
        return 2
    database = args.database or settings.clickhouse_database
    try:
        report = wait_until_exact(lambda: check(settings, database, acknowledged, periods=args.periods), args.wait)
    except Exception as exc:  # noqa: BLE001 - any ClickHouse failure: say it, do not pretend a verdict
        print(f"error: cannot read {database} at {settings.clickhouse_url}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict()) if args.json else report.summary(), file=out)
    return 0 if report.exact else 1
