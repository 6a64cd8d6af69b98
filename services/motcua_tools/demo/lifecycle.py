"""One synthetic dossier's life, drawn so that it ends up in the class its slot asks for.

A slot fixes the department, procedure, channel, when the dossier may be received, and what it
must be in a given month (resolved in time, resolved late, open and overdue, open within the
deadline). Drawing is rejection sampling: draw a receipt, derive the due date with the real
deadline rules, and keep the draw only if the rest of the life can honour the role.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from motcua.catalog import Procedure
from motcua.deadlines import Pause, due_at, effective_due

from .clock import local_midnight, office_moment, receipt_moment

ON_TIME_SHARE = 0.15        # resolved on the due day itself rather than before it
PAUSE_SHARE = 0.07          # resolved dossiers that had a supplement request
SAVED_BY_PAUSE_SHARE = 0.03  # ... resolved after the original due, in time only thanks to the pause
WAITING_SHARE = 0.12        # open within deadline because the citizen still has to supplement
WITHDRAWN_SHARE, REFUSED_SHARE = 0.015, 0.025
DIGITIZED_SHARE = 0.7       # counter and postal dossiers scanned at receipt
MAX_ATTEMPTS, STICKY_ATTEMPTS = 5000, 300
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
Drawn = tuple[tuple[Pause, ...], datetime | None] | None  # (pauses, closed at), or None: redraw


class Role(Enum):
    RESOLVED_IN_TIME = "resolved_in_time"
    RESOLVED_LATE = "resolved_late"
    OPEN_OVERDUE = "open_overdue"
    OPEN_WITHIN = "open_within"


@dataclass(frozen=True)
class Slot:
    department: str
    procedure: Procedure
    channel: str
    role: Role
    receipt_window: tuple[datetime, datetime]
    period: tuple[datetime, datetime]  # the month in which the role must hold
    paid_online: bool = False          # paid through the national portal at submission


@dataclass(frozen=True)
class Lifecycle:
    slot: Slot
    received_at: datetime
    due_at: datetime
    pauses: tuple[Pause, ...]
    closed_at: datetime | None
    closing: str | None  # approved | refused | withdrawn
    digitized_at: datetime | None
    dossier_id: str = ""


def plan_lifecycle(rng: random.Random, slot: Slot) -> Lifecycle:
    """The variant (pause, waiting, ...) is drawn once, so rejections do not skew the shares;
    only a variant that keeps failing is redrawn at each attempt."""
    variant = rng.random()
    for attempt in range(MAX_ATTEMPTS):
        life = _attempt(rng, slot, variant if attempt < STICKY_ATTEMPTS else rng.random())
        if life is not None:
            return life
    raise RuntimeError(f"no lifecycle found for {slot.role.value} {slot.procedure.code} "
                       f"received in {slot.receipt_window[0]:%Y-%m-%d}..{slot.receipt_window[1]:%Y-%m-%d}")


def _attempt(rng: random.Random, slot: Slot, draw: float) -> Lifecycle | None:
    received = receipt_moment(rng, slot.channel, *slot.receipt_window)
    if received is None:
        return None
    due = due_at(received, slot.procedure.processing_days)
    if slot.role is Role.RESOLVED_IN_TIME:
        outcome = _resolved_in_time(rng, slot, received, due, draw)
    elif slot.role is Role.RESOLVED_LATE:
        outcome = _resolved_late(rng, slot, received, due, draw)
    else:
        outcome = _open(rng, slot, received, due, draw)
    if outcome is None:
        return None
    pauses, closed_at = outcome
    closing = None if closed_at is None else _closing(rng, slot.role)
    digitized = None
    if slot.channel != "online" and rng.random() < DIGITIZED_SHARE:
        digitized = received + timedelta(seconds=rng.randrange(180, 2400))
    return Lifecycle(slot, received, due, pauses, closed_at, closing, digitized)


def _resolved_in_time(rng: random.Random, slot: Slot, received: datetime, due: datetime, draw: float) -> Drawn:
    start, end = slot.period
    pauses = _maybe_pause(rng, slot, received, due, draw < PAUSE_SHARE)
    if pauses is None:
        return None
    eff = effective_due(due, pauses)
    lo = max([start, received + 30 * MINUTE] + [s + 30 * MINUTE for _, s in pauses])
    if draw < SAVED_BY_PAUSE_SHARE:
        lo = max(lo, due + MINUTE)
    hi = min(end, eff + timedelta(seconds=1))
    due_day = local_midnight(eff)
    windows = [(lo, min(hi, due_day)), (max(lo, due_day), hi)]  # early, then on the due day itself
    if rng.random() < ON_TIME_SHARE:
        windows.reverse()
    resolved = office_moment(rng, *windows[0]) or office_moment(rng, *windows[1])
    return None if resolved is None else (pauses, resolved)


def _resolved_late(rng: random.Random, slot: Slot, received: datetime, due: datetime, draw: float) -> Drawn:
    start, end = slot.period
    pauses = _maybe_pause(rng, slot, received, due, draw < 0.2)
    if pauses is None:
        return None
    eff = effective_due(due, pauses)
    lo = max([start, eff + MINUTE, received + 30 * MINUTE] + [s + 30 * MINUTE for _, s in pauses])
    resolved = office_moment(rng, lo, min(end, lo + 10 * DAY))
    return None if resolved is None else (pauses, resolved)


def _open(rng: random.Random, slot: Slot, received: datetime, due: datetime, draw: float) -> Drawn:
    start, end = slot.period
    if slot.role is Role.OPEN_WITHIN and draw < WAITING_SHARE:
        requested = office_moment(rng, received + HOUR, min(due, end))
        return None if requested is None else (((requested, None),), None)
    pauses = _maybe_pause(rng, slot, received, due, draw > 0.85)
    if pauses is None:
        return None
    overdue = effective_due(due, pauses, as_of=end) < end
    wanted = slot.role is Role.OPEN_OVERDUE
    too_old = effective_due(due, pauses) < start - 30 * DAY
    return (pauses, None) if overdue == wanted and not too_old else None


def _maybe_pause(rng: random.Random, slot: Slot, received: datetime, due: datetime,
                 wanted: bool) -> tuple[Pause, ...] | None:
    """No pause, one closed pause within the period, or None when the draw cannot have one."""
    if not wanted:
        return ()
    requested = office_moment(rng, received + HOUR, min(due, slot.period[1]))
    if requested is None:
        return None
    waited = requested + timedelta(seconds=rng.randrange(1 * 86400, 10 * 86400))
    supplemented = receipt_moment(rng, slot.channel, waited, waited + DAY)
    if supplemented is None or supplemented >= slot.period[1]:
        return None
    return ((requested, supplemented),)


def _closing(rng: random.Random, role: Role) -> str:
    draw = rng.random()
    if role is Role.RESOLVED_IN_TIME and draw < WITHDRAWN_SHARE:
        return "withdrawn"  # only in time: a late withdrawal would blur what "overdue" counts
    return "refused" if draw > 1 - REFUSED_SHARE else "approved"
