"""The ledger's verdict, pure: acknowledged events against each table's rows per event id, and the
periods' figures as read against their tally (motcua_tools.ledger explains the terms)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from motcua_tools.ledger_tables import ARCHIVE, READ_MODELS, ReadModel, RowCounts

Acked = Mapping[str, "dict[str, Any] | None"]  # event id -> its interchange form (None: only the id is known)


@dataclass(frozen=True)
class TableCheck:
    table: str
    expected: int                 # acknowledged events that belong in the table
    rows: int                     # rows without FINAL
    missing: list[str]
    doubled: dict[str, int]       # as its reader counts: event id -> times counted
    doubled_final: dict[str, int]  # rows left by FINAL
    copies: dict[str, int]        # rows without FINAL, where more than one
    superseded: list[str]         # replaced by a later event of its key (with FINAL, or merged away)

    def line(self, examples: int = 3) -> str:
        parts = [f"{self.table}: {self.expected} expected, {self.rows} rows"]
        for label, ids in (("missing", self.missing), ("doubled as read", sorted(self.doubled)),
                           ("doubled with FINAL", sorted(self.doubled_final)),
                           ("copies without FINAL", sorted(self.copies)), ("superseded", self.superseded)):
            shown = f" ({', '.join(ids[:examples])}{' ...' if len(ids) > examples else ''})" if ids else ""
            parts.append(f"{label} {len(ids)}{shown}")
        return ", ".join(parts)


@dataclass(frozen=True)
class LedgerReport:
    acknowledged: int
    tables: list[TableCheck]
    unexpected: list[str]
    without_event: int = 0                 # acks that carry only an id: not in the figures
    periods: list[str] = field(default_factory=list)
    figure_differences: list[str] = field(default_factory=list)
    figures_checked: bool = False
    figures_note: str = ""
    index_gaps: dict[str, list[str]] = field(default_factory=dict)  # index table -> source keys it lacks

    def table(self, name: str) -> TableCheck:
        return next(t for t in self.tables if t.table == name)

    @property
    def archived(self) -> int:
        return self.table(ARCHIVE.table).expected - len(self.table(ARCHIVE.table).missing) + len(self.unexpected)

    @property
    def missing(self) -> list[str]:
        return sorted({i for t in self.tables for i in t.missing})

    @property
    def doubled(self) -> dict[str, int]:
        return {i: n for t in self.tables for i, n in (*t.doubled.items(), *t.doubled_final.items())}

    @property
    def exact(self) -> bool:
        return not self.missing and not self.doubled and not self.figure_differences and \
            not any(self.index_gaps.values())

    def as_dict(self) -> dict:
        return {"exact": self.exact, "acknowledged": self.acknowledged, "archived": self.archived,
                "missing": len(self.missing), "doubled": len(self.doubled), "unexpected": len(self.unexpected),
                "tables": {t.table: {"expected": t.expected, "rows": t.rows, "missing": len(t.missing),
                                     "doubled": len(t.doubled), "doubled_final": len(t.doubled_final),
                                     "copies": len(t.copies), "superseded": len(t.superseded)} for t in self.tables},
                "index_gaps": {table: len(keys) for table, keys in self.index_gaps.items()},
                "periods": self.periods, "figures_checked": self.figures_checked,
                "figure_differences": self.figure_differences}

    def summary(self, examples: int = 5) -> str:
        archive = self.table(ARCHIVE.table)
        lines = [f"ledger: {self.acknowledged} acknowledged, {self.archived} in the archive "
                 f"({archive.rows} rows without FINAL)"]
        lines += [f"  {t.line()}" for t in self.tables]
        for table, keys in self.index_gaps.items():
            lines.append(f"  {table} (index): {len(keys)} keys of its source missing"
                         + (f" ({', '.join(keys[:examples])})" if keys else ""))
        shown = f": {', '.join(self.unexpected[:examples])}" if self.unexpected else ""
        lines.append(f"  unexpected: {len(self.unexpected)}{shown}")
        if not self.figures_checked:
            lines.append(f"  figures: NOT CHECKED ({self.figures_note})")
        elif self.figure_differences:
            lines += [f"  figures of {', '.join(self.periods)}: {len(self.figure_differences)} differ"]
            lines += [f"    {d}" for d in self.figure_differences[:20]]
        else:
            lines.append(f"  figures of {', '.join(self.periods) or 'no period'}: equal to the acknowledged events' tally")
        lines.append("  EXACT" if self.exact else "  NOT EXACT")
        return "\n".join(lines)


def check_table(model: ReadModel, acknowledged: Acked, counts: RowCounts) -> TableCheck:
    """Pure: one table's rows per event id against the acknowledged events that belong there."""
    expected = [i for i, e in acknowledged.items()
                if model.holds(None if e is None else e["type"]) and (e is not None or model is ARCHIVE)]
    doubled = {i: n for i, n in counts.keys.items() if n > 1}
    if not model.dedupes:
        doubled.update({i: n for i, n in counts.raw.items() if n > 1})
    missing, superseded = [], []
    for i in expected:
        if counts.raw.get(i):
            if not counts.final.get(i):
                superseded.append(i)
        elif model.one_row_per_key and acknowledged[i] is not None and \
                acknowledged[i].get(model.key) in counts.key_values:
            superseded.append(i)  # its key's row is there: a later event of the key replaced it
        else:
            missing.append(i)
    return TableCheck(
        table=model.table, expected=len(expected), rows=sum(counts.raw.values()), missing=sorted(missing),
        doubled=doubled, doubled_final={i: n for i, n in counts.final.items() if n > 1},
        copies={i: n for i, n in counts.raw.items() if n > 1}, superseded=sorted(superseded))


def compare(acknowledged: Acked, counts: Mapping[str, RowCounts], models: Iterable[ReadModel] = READ_MODELS
            ) -> LedgerReport:
    """Pure: the acknowledged events against every table's rows (the figures are added by `check`)."""
    tables = [check_table(m, acknowledged, counts[m.table]) for m in models]
    return LedgerReport(acknowledged=len(acknowledged), tables=tables,
                        unexpected=sorted(counts[ARCHIVE.table].raw.keys() - acknowledged.keys()),
                        without_event=sum(e is None for e in acknowledged.values()))


def with_figures(report: LedgerReport, acknowledged: Acked, read_figures: Callable[[str], dict],
                 periods: list[str] | None = None) -> LedgerReport:
    """The report with each period's figures compared; skipped while events are still missing."""
    from motcua_tools import ledger_figures as figures

    if report.without_event:
        return replace(report, figures_note=f"{report.without_event} acks carry only an id")
    if report.missing:
        return replace(report, figures_note="events are missing")
    events = list(acknowledged.values())
    periods = figures.periods_of(events) if periods is None else periods
    differ = [d for p in periods for d in figures.differences(read_figures(p), figures.tally(events, p), p)]
    return replace(report, periods=periods, figure_differences=differ, figures_checked=True)
