"""The official statistics table (Biểu 06/VPCP/KSTT): 13 columns per department or per field, and
its identities 3 = 4 + 5 + 6 = 7 + 11, 7 = 8 + 9 + 10, 11 = 12 + 13."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from motcua.catalog import Catalog
from motcua.dossier import Counts
from reporting.tallies import Tally

TOTAL = "Tổng cộng"


@dataclass
class Row:
    department: str           # code
    field: str | None         # None in the per-department table
    counts: Counts = field(default_factory=Counts)


def department_order(catalog: Catalog, codes: Iterable[str]) -> list[str]:
    """Catalog order; codes the catalog does not know come last, alphabetically."""
    known = [d.code for d in catalog.departments]
    return [c for c in known if c in set(codes)] + sorted(set(codes) - set(known))


def field_order(catalog: Catalog, department: str, names: Iterable[str]) -> list[str]:
    known = catalog.fields(department)
    return [f for f in known if f in set(names)] + sorted(set(names) - set(known))


def tabulate(tallies: Iterable[Tally], catalog: Catalog, by: str = "department") -> list[Row]:
    """Rows in catalog order, one per department (by="department") or per department and field."""
    key: Callable[[Tally], tuple[str, str | None]] = (
        (lambda t: (t.department, None)) if by == "department" else (lambda t: (t.department, t.field)))
    groups: dict[tuple[str, str | None], Counts] = {}
    for t in tallies:
        groups.setdefault(key(t), Counts()).add_alike(t.new, t.channel, t.resolved, t.open, t.dossiers)
    rows = []
    for department in department_order(catalog, {d for d, _ in groups}):
        names = [f for d, f in groups if d == department]
        ordered = [None] if by == "department" else field_order(catalog, department, names)
        rows += [Row(department, name, groups[(department, name)]) for name in ordered]
    return rows


def roll_up(by_field: list[Row]) -> list[Row]:
    """The per-department table from the per-field one (same order), so the two always agree."""
    rows: dict[str, Row] = {}
    for row in by_field:
        rows.setdefault(row.department, Row(row.department, None)).counts.merge(row.counts)
    return list(rows.values())


def totals(rows: Iterable[Row]) -> Counts:
    total = Counts()
    for row in rows:
        total.merge(row.counts)
    return total


@dataclass(frozen=True)
class Identity:
    identity: str
    row: str
    left: int
    right: int

    @property
    def holds(self) -> bool:
        return self.left == self.right


def identities(label: str, c: Counts) -> list[Identity]:
    return [
        Identity("(3) = (4) + (5) + (6)", label, c.received_total, c.online + c.direct_or_postal + c.carried_over),
        Identity("(3) = (7) + (11)", label, c.received_total, c.resolved_total + c.in_progress_total),
        Identity("(7) = (8) + (9) + (10)", label, c.resolved_total, c.early + c.on_time + c.overdue),
        Identity("(11) = (12) + (13)", label, c.in_progress_total, c.within_deadline + c.in_progress_overdue),
    ]


def check(rows: list[Row], catalog: Catalog) -> list[Identity]:
    """Every identity on every row and on the totals; rows are by department or by field."""
    checks = []
    for row in rows:
        label = catalog.department_name(row.department) + (f" / {row.field}" if row.field is not None else "")
        checks += identities(label, row.counts)
    return checks + identities(TOTAL, totals(rows))
