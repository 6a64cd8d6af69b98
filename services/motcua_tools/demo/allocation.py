"""Which dossiers a month needs: slots per department, shaped by the golden figures.

April: new and online per department exactly as published; the carried-over and in-progress totals
spread by each department's workload (dossiers x typical processing days); overdue ones exactly
where the report names them. March and late February: a smaller, complete history before it.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from motcua.catalog import Catalog, Procedure

from .lifecycle import Role, Slot
from .targets import MonthTargets

HISTORY_SCALE, FEBRUARY_SCALE = 0.55, 0.06  # March and late-February intake relative to April's
HISTORY_LATE_SHARE = 0.015
CARRIED_OPEN_WITHIN_SHARE = 0.15  # of a department's open-within dossiers, how many came from before
POSTAL_SHARE = 0.12               # of the non-online intake
NEW_LATE_MAX_DAYS = 10            # longer procedures cannot be received, fall due and end late in one month


def popularity(procedure: Procedure) -> float:
    """Quick procedures are filed more often than long ones."""
    return 1 / math.sqrt(procedure.processing_days)


def pick_procedure(rng: random.Random, procedures: tuple[Procedure, ...] | list[Procedure]) -> Procedure:
    return rng.choices(list(procedures), weights=[popularity(p) for p in procedures])[0]


def apportion(total: int, weights: Mapping[str, float], *, minimums: Mapping[str, int] | None = None,
              caps: Mapping[str, int] | None = None) -> dict[str, int]:
    """Split `total` by weights (Sainte-Laguë, ties in key order), honouring minimums and caps."""
    result = {key: (minimums or {}).get(key, 0) for key in weights}
    caps = caps or {}
    for _ in range(total - sum(result.values())):
        candidates = [k for k in weights if weights[k] > 0 and result[k] < caps.get(k, total + 1)]
        if not candidates:
            raise ValueError(f"cannot apportion {total} within the caps")
        best = max(candidates, key=lambda k: weights[k] / (2 * result[k] + 1))
        result[best] += 1
    if sum(result.values()) != total:
        raise ValueError(f"minimums exceed the total {total}")
    return result


@dataclass
class Draft:
    """A slot being decided: procedure and channel are filled in step by step."""
    department: str
    role: Role
    carried: bool
    field: str | None = None
    channel: str | None = None
    procedure: Procedure | None = None
    paid_online: bool = False


def april_drafts(rng: random.Random, catalog: Catalog, targets: MonthTargets) -> list[Draft]:
    load = {d.department: d.new * _mean_days(catalog, d.department) for d in targets.new_by_department}
    open_overdue = dict(targets.open_overdue)
    carried = apportion(targets.carried_over, load, minimums=open_overdue)
    in_progress = apportion(targets.in_progress, load, minimums=open_overdue)
    drafts: list[Draft] = []
    for intake in targets.new_by_department:
        code = intake.department
        late_fields = [f for d, f, n in targets.resolved_overdue if d == code for _ in range(n)]
        late_fields.sort(key=lambda f: not _too_long_to_be_late_in_month(catalog, code, f))
        long_late = sum(_too_long_to_be_late_in_month(catalog, code, f) for f in late_fields)
        within = in_progress[code] - open_overdue.get(code, 0)
        in_time = intake.new + carried[code] - in_progress[code] - len(late_fields)
        if within < 0 or in_time < 0:
            raise ValueError(f"{code}: golden figures leave no room for its dossiers")
        roles = ([(Role.OPEN_OVERDUE, None)] * open_overdue.get(code, 0)
                 + [(Role.OPEN_WITHIN, None)] * within + [(Role.RESOLVED_LATE, f) for f in late_fields])
        take_carried = _carried_roles(carried[code], open_overdue.get(code, 0), within,
                                      max(len(late_fields) // 2, long_late))
        department_drafts = [Draft(code, role, carried=take_carried(role), field=field) for role, field in roles]
        leftover = carried[code] - sum(d.carried for d in department_drafts)
        if not 0 <= leftover <= in_time:
            raise ValueError(f"{code}: cannot carry over {carried[code]} dossiers")
        department_drafts += [Draft(code, Role.RESOLVED_IN_TIME, carried=i < leftover) for i in range(in_time)]
        _assign_channels(rng, [d for d in department_drafts if not d.carried], intake.online)
        ratio = intake.online / intake.new
        for draft in department_drafts:
            if draft.carried:
                draft.channel = "online" if rng.random() < ratio else _counter_or_post(rng)
        drafts += department_drafts
    return drafts


def _carried_roles(carried: int, open_overdue: int, within: int, late: int) -> Callable[[Role], bool]:
    """Which roles carried-over dossiers fill first: the overdue open ones, some open within, `late`."""
    quota = {Role.OPEN_OVERDUE: min(open_overdue, carried)}
    quota[Role.RESOLVED_LATE] = min(late, carried - quota[Role.OPEN_OVERDUE])
    quota[Role.OPEN_WITHIN] = min(round(CARRIED_OPEN_WITHIN_SHARE * within), carried - sum(quota.values()))

    def take(role: Role) -> bool:
        if quota.get(role, 0) > 0:
            quota[role] -= 1
            return True
        return False
    return take


def _assign_channels(rng: random.Random, new_drafts: list[Draft], online: int) -> None:
    order = list(new_drafts)
    rng.shuffle(order)
    for index, draft in enumerate(order):
        draft.channel = "online" if index < online else _counter_or_post(rng)


def _counter_or_post(rng: random.Random) -> str:
    return "postal" if rng.random() < POSTAL_SHARE else "direct"


def history_drafts(rng: random.Random, targets: MonthTargets) -> tuple[list[Draft], list[Draft]]:
    """(March, late February) intake, all of it resolved before April."""
    march, february = [], []
    for intake in targets.new_by_department:
        ratio = intake.online / intake.new
        for scale, bucket in ((HISTORY_SCALE, march), (FEBRUARY_SCALE, february)):
            for _ in range(max(1, round(scale * intake.new))):
                role = Role.RESOLVED_LATE if rng.random() < HISTORY_LATE_SHARE else Role.RESOLVED_IN_TIME
                channel = "online" if rng.random() < ratio else _counter_or_post(rng)
                bucket.append(Draft(intake.department, role, carried=bucket is february, channel=channel))
    return march, february


def _too_long_to_be_late_in_month(catalog: Catalog, code: str, field: str) -> bool:
    return min(p.processing_days for p in catalog.procedures_of(code) if p.field == field) > NEW_LATE_MAX_DAYS


def _mean_days(catalog: Catalog, code: str) -> float:
    procedures = catalog.procedures_of(code)
    return sum(popularity(p) * p.processing_days for p in procedures) / sum(popularity(p) for p in procedures)


def to_slot(rng: random.Random, catalog: Catalog, draft: Draft, period: tuple[datetime, datetime],
            earliest: datetime) -> Slot:
    """Freeze a draft: pick what is still open and the window its receipt is drawn from.

    A carried-over dossier is received shortly enough before the period for its procedure to
    still be running (or just late), and never before `earliest`."""
    procedure = draft.procedure
    if procedure is None:
        choices = [p for p in catalog.procedures_of(draft.department) if draft.field in (None, p.field)]
        if draft.role is Role.RESOLVED_LATE and not draft.carried:
            choices = [p for p in choices if p.processing_days <= NEW_LATE_MAX_DAYS] or choices
        procedure = pick_procedure(rng, choices)
    receipt_window = period
    if draft.carried:
        reach = timedelta(days=int(1.6 * procedure.processing_days) + 7)
        receipt_window = (max(earliest, period[0] - reach), period[0])
    return Slot(draft.department, procedure, draft.channel or "direct", draft.role, receipt_window, period,
                draft.paid_online)
