"""Report sections about dossiers (4.1-4.3, the department lists, the 13-column tables), all derived
from one per-field table so that every total is the sum of its parts."""
from __future__ import annotations

from collections import Counter
from typing import Any

from motcua.catalog import Catalog
from motcua.dossier import Counts
from reporting.figures import pct
from reporting.statistics import Row
from reporting.tallies import Tally


def table_rows(rows: list[Row], catalog: Catalog) -> list[dict[str, Any]]:
    named = []
    for row in rows:
        entry: dict[str, Any] = {"department": catalog.department_name(row.department)}
        if row.field is not None:
            entry["field"] = row.field
        named.append({**entry, **row.counts.as_dict()})
    return named


def intake(total: Counts, tallies: list[Tally]) -> dict[str, Any]:
    new = total.online + total.direct_or_postal
    channels: Counter[str] = Counter()
    for t in tallies:
        if t.new:
            channels[t.channel] += t.dossiers
    return {
        "total": total.received_total, "carried_over": total.carried_over, "new": new,
        "new_online": total.online, "new_online_pct": pct(total.online, new),
        "new_direct_or_postal": total.direct_or_postal, "new_direct_or_postal_pct": pct(total.direct_or_postal, new),
        "new_direct": channels["direct"], "new_postal": channels["postal"],
    }


def resolved(total: Counts, by_field: list[Row], catalog: Catalog) -> dict[str, Any]:
    in_time = total.early + total.on_time
    late: dict[str, dict[str, int]] = {}
    for row in by_field:  # catalog order of departments, then of their fields
        if row.counts.overdue:
            late.setdefault(row.department, {})[row.field] = row.counts.overdue
    return {
        "total": total.resolved_total, "pct_of_intake": pct(total.resolved_total, total.received_total),
        "on_time_or_early": in_time, "on_time_or_early_pct": pct(in_time, total.resolved_total),
        "overdue": total.overdue, "overdue_pct": pct(total.overdue, total.resolved_total),
        "overdue_by_department": [{"department": catalog.department_name(code), "count": sum(fields.values()),
                                   "fields": fields} for code, fields in late.items()],
        "early": total.early, "early_pct": pct(total.early, total.resolved_total),
        "on_time": total.on_time, "on_time_pct": pct(total.on_time, total.resolved_total),
    }


def in_progress(total: Counts, by_department: list[Row], tallies: list[Tally], catalog: Catalog) -> dict[str, Any]:
    return {
        "total": total.in_progress_total, "pct_of_intake": pct(total.in_progress_total, total.received_total),
        "within_deadline": total.within_deadline, "overdue": total.in_progress_overdue,
        "overdue_by_department": {catalog.department_name(row.department): row.counts.in_progress_overdue
                                  for row in by_department if row.counts.in_progress_overdue},
        "waiting_for_supplement": sum(t.dossiers for t in tallies if t.waiting),
    }


def departments(by_department: list[Row], catalog: Catalog) -> dict[str, Any]:
    """Who received new dossiers, who received some online, who received all of them online."""
    active = [row for row in by_department if row.counts.online + row.counts.direct_or_postal]
    return {
        "new_by_department": [{"department": catalog.department_name(row.department),
                               "new": row.counts.online + row.counts.direct_or_postal, "online": row.counts.online}
                              for row in active],
        "departments_with_online": sum(1 for row in active if row.counts.online),
        "departments_total": len(active),
        "departments_fully_online": [catalog.department_name(row.department) for row in active
                                     if not row.counts.direct_or_postal],
    }

