"""The ledger check: every event a command service acknowledged is in the archive, exactly once.

A load driver writes each acknowledged event id to an ack file (one id a line; JSON lines with an
`event_id` key are read too). `motcua ledger --acks FILE --database DB` compares them with the
`events` archive: missing ids (acknowledged, not archived: lost), doubled ids (more than one row even
with FINAL: counted twice by every reader), ids with several raw rows (counted twice by a reader
that forgets FINAL, until ClickHouse merges them) and unexpected ids (archived, never acknowledged:
a sender that gave up on an event Kafka had in fact taken). Exact means nothing missing or doubled.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

Counts = dict[str, int]  # event id -> rows


@dataclass(frozen=True)
class LedgerReport:
    acknowledged: int
    archived: int
    raw_rows: int
    missing: list[str]
    doubled: Counts
    doubled_raw: Counts
    unexpected: list[str]

    @property
    def exact(self) -> bool:
        return not self.missing and not self.doubled

    def as_dict(self) -> dict:
        return {"exact": self.exact, "acknowledged": self.acknowledged, "archived": self.archived,
                "raw_rows": self.raw_rows, "missing": len(self.missing), "doubled": len(self.doubled),
                "doubled_without_final": len(self.doubled_raw), "unexpected": len(self.unexpected)}

    def summary(self, examples: int = 5) -> str:
        lines = [f"ledger: {self.acknowledged} acknowledged, {self.archived} in the archive "
                 f"({self.raw_rows} rows without FINAL)"]
        for label, ids in (("missing", self.missing), ("doubled (FINAL)", sorted(self.doubled)),
                           ("doubled without FINAL", sorted(self.doubled_raw)), ("unexpected", self.unexpected)):
            shown = f": {', '.join(ids[:examples])}{' ...' if len(ids) > examples else ''}" if ids else ""
            lines.append(f"  {label}: {len(ids)}{shown}")
        lines.append("  EXACT" if self.exact else "  NOT EXACT")
        return "\n".join(lines)


def compare(acknowledged: Iterable[str], final_counts: Counts, raw_counts: Counts) -> LedgerReport:
    """Pure: acknowledged ids against the archive's rows per id, with and without FINAL."""
    acked = set(acknowledged)
    return LedgerReport(
        acknowledged=len(acked),
        archived=len(final_counts),
        raw_rows=sum(raw_counts.values()),
        missing=sorted(acked - final_counts.keys()),
        doubled={i: n for i, n in final_counts.items() if n > 1},
        doubled_raw={i: n for i, n in raw_counts.items() if n > 1},
        unexpected=sorted(final_counts.keys() - acked),
    )


def read_acks(paths: Iterable[Path]) -> set[str]:
    ids: set[str] = set()
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                ids.add(json.loads(line)["event_id"] if line.startswith("{") else line)
    return ids


def archive_counts(client, database: str) -> tuple[Counts, Counts]:
    """(rows per id with FINAL, rows per id without it) of `database`.events."""
    final = dict(client.query(f"SELECT event_id, count() FROM {database}.events FINAL GROUP BY event_id").result_rows)
    raw = dict(client.query(f"SELECT event_id, count() FROM {database}.events GROUP BY event_id").result_rows)
    return final, raw


def wait_until_exact(check: Callable[[], LedgerReport], timeout: float, interval: float = 1.0) -> LedgerReport:
    """The projector lags behind the acknowledgements: poll until exact or out of time."""
    deadline = time.monotonic() + timeout
    while True:
        report = check()
        if report.exact or time.monotonic() >= deadline:
            return report
        time.sleep(interval)


class AckLog:
    """Appends acknowledged ids as they come, so a crashed driver still leaves what it had."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self._file = path, open(path, "a", encoding="utf-8")
        self.count = 0

    def record(self, event_ids: Iterable[str]) -> None:
        ids = list(event_ids)
        self._file.write("".join(f"{i}\n" for i in ids))
        self._file.flush()
        self.count += len(ids)

    def close(self) -> None:
        self._file.close()


def check(settings, database: str, acknowledged: set[str]) -> LedgerReport:
    from motcua.chschema import connect

    client = connect(settings)
    try:
        return compare(acknowledged, *archive_counts(client, database))
    finally:
        client.close()


def main(argv: list[str] | None = None, out: IO[str] = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="motcua ledger", description=__doc__.split("\n\n")[0])
    parser.add_argument("--acks", action="append", required=True, type=Path, metavar="FILE",
                        help="acknowledged event ids, one a line (repeat for several files)")
    parser.add_argument("--database", help="ClickHouse database (default: $MOTCUA_CLICKHOUSE_DATABASE)")
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
        report = wait_until_exact(lambda: check(settings, database, acknowledged), args.wait)
    except Exception as exc:  # noqa: BLE001 - any ClickHouse failure: say it, do not pretend a verdict
        print(f"error: cannot read {database}.events at {settings.clickhouse_url}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict()) if args.json else report.summary(), file=out)
    return 0 if report.exact else 1
