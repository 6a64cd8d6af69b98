"""The dossier domain, pure: a dossier's state from its facts, where it stands at a moment, and the
13 columns of the official table (Biểu 06/VPCP/KSTT) it counts in. No I/O: the report, the live
figures and the tests all fold and classify with exactly this; SQL that computes the same for speed
(reporting.queries) is held equal to it by a property-based test.

The rules (deadline arithmetic itself is motcua.deadlines'):
- A receipt sent again is a correction: the latest *recorded* receipt wins for department, field,
  procedure, channel, received and due time (ties broken by event id, so any order gives one answer).
  The command side refuses a correction that changes the department.
- A re-sent event counts from its first recording; the earliest result and withdrawal count.
- Each supplement request is paired with the first later supplement; the pair pauses the clock.
- Closed = resolved (approved or refused) or withdrawn, whichever came first.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import NamedTuple

from motcua.deadlines import (
    OpenClass,
    Pause,
    ResolvedClass,
    classify_open,
    classify_resolved,
    effective_due,
    waiting_for_supplement,
)


class Fact(NamedTuple):
    """What one dossier event says (one dossier_facts row); None where the event says nothing."""
    event_id: str
    recorded_at: datetime
    department: str = ""
    field: str = ""
    procedure_code: str = ""
    channel: str = ""
    received_at: datetime | None = None
    due_at: datetime | None = None
    resolved_at: datetime | None = None
    withdrawn_at: datetime | None = None
    supplement_requested_at: datetime | None = None
    supplement_received_at: datetime | None = None


class Dossier(NamedTuple):
    """A named tuple rather than a dataclass: a month at scale builds 100,000 of them per report."""
    dossier_id: str
    department: str
    field: str
    procedure_code: str
    channel: str
    received_at: datetime
    due_at: datetime
    resolved_at: datetime | None = None
    withdrawn_at: datetime | None = None
    pauses: tuple[Pause, ...] = ()

    @property
    def closed_at(self) -> datetime | None:
        """Resolved (approved or refused) or withdrawn, whichever came first."""
        if self.resolved_at is None or self.withdrawn_at is None:
            return self.resolved_at or self.withdrawn_at
        return min(self.resolved_at, self.withdrawn_at)


def pair_pauses(requested: Sequence[datetime], supplemented: Sequence[datetime]) -> tuple[Pause, ...]:
    """Each request with the first supplement at or after it not taken by an earlier request;
    events may arrive in any order, so this pairs by time, not by arrival."""
    remaining = sorted(supplemented)
    pauses = []
    for asked in sorted(requested):
        answer = next((s for s in remaining if s >= asked), None)
        if answer is not None:
            remaining.remove(answer)
        pauses.append((asked, answer))
    return tuple(pauses)


def _earliest(moments: Iterable[datetime | None]) -> datetime | None:
    return min((m for m in moments if m is not None), default=None)


def state(dossier_id: str, facts: Iterable[Fact], as_of: datetime | None = None) -> Dossier | None:
    """The dossier as its facts recorded by `as_of` (all when None) tell it; None before its receipt."""
    first: dict[str, Fact] = {}
    for fact in facts:  # a re-sent event counts from its first recording
        known = first.get(fact.event_id)
        if known is None or fact.recorded_at < known.recorded_at:
            first[fact.event_id] = fact
    known_facts = [f for f in first.values() if as_of is None or f.recorded_at <= as_of]
    receipts = [f for f in known_facts if f.received_at is not None]
    if not receipts:
        return None
    latest = max(receipts, key=lambda f: (f.recorded_at, f.event_id))
    received = latest.received_at

    def at_receipt(moment: datetime | None) -> datetime | None:
        """A moment dated before the receipt is taken as the receipt's (docs/data-issues.md)."""
        return None if moment is None else max(moment, received)

    pauses = pair_pauses(sorted({at_receipt(f.supplement_requested_at) for f in known_facts if f.supplement_requested_at}),
                         sorted({at_receipt(f.supplement_received_at) for f in known_facts if f.supplement_received_at}))
    return Dossier(dossier_id, latest.department, latest.field, latest.procedure_code, latest.channel,
                   received, latest.due_at, at_receipt(_earliest(f.resolved_at for f in known_facts)),
                   at_receipt(_earliest(f.withdrawn_at for f in known_facts)), pauses)


class Standing(NamedTuple):
    dossier: Dossier
    new: bool                          # received in the period (else carried over)
    resolved: ResolvedClass | None     # closed in the period, and how
    open: OpenClass | None             # still open at the cut-off, and how
    effective_due: datetime            # due time pushed back by the pauses closed by then
    waiting: bool = False              # waiting for the citizen's supplement at the cut-off


def relevant(dossier: Dossier, start: datetime, cutoff: datetime) -> bool:
    """Received before the cut-off and not closed before the period started."""
    closed = dossier.closed_at
    return dossier.received_at < cutoff and (closed is None or closed >= start)


def stand(dossier: Dossier, start: datetime, cutoff: datetime) -> Standing | None:
    """The dossier in the period [start, cutoff): cutoff is the period's end, or now for the current
    month. None when the dossier is not part of the period (see `relevant`)."""
    closed = dossier.closed_at
    if dossier.received_at >= cutoff or (closed is not None and closed < start):
        return None
    new = dossier.received_at >= start
    pauses = dossier.pauses
    if closed is not None and closed < cutoff:
        due = effective_due(dossier.due_at, pauses, as_of=closed) if pauses else dossier.due_at
        return Standing(dossier, new, classify_resolved(closed, due), None, due)
    # Without pauses the due time is the nominal one and nobody is waiting: skip the pause rules.
    due = effective_due(dossier.due_at, pauses, as_of=cutoff) if pauses else dossier.due_at
    waiting = bool(pauses) and waiting_for_supplement(pauses, cutoff)
    return Standing(dossier, new, None, classify_open(cutoff, due, waiting), due, waiting)


def is_nearly_due(standing: Standing, soon: datetime) -> bool:
    """Open within its deadline, not waiting for the citizen, and due by `soon`."""
    return standing.open == "within_deadline" and not standing.waiting and standing.effective_due <= soon


def standings(dossiers: Iterable[Dossier], start: datetime, cutoff: datetime) -> list[Standing]:
    found = (stand(dossier, start, cutoff) for dossier in dossiers)
    return [standing for standing in found if standing is not None]


# Columns 3-13 (1 is the row number, 2 the department or field), named as the report model names them.
COLUMNS = ("received_total", "online", "direct_or_postal", "carried_over", "resolved_total", "early", "on_time",
           "overdue", "in_progress_total", "within_deadline", "in_progress_overdue")


@dataclass
class Counts:
    """One row of the official table: where each standing counts."""
    received_total: int = 0
    online: int = 0
    direct_or_postal: int = 0
    carried_over: int = 0
    resolved_total: int = 0
    early: int = 0
    on_time: int = 0
    overdue: int = 0
    in_progress_total: int = 0
    within_deadline: int = 0
    in_progress_overdue: int = 0

    def add(self, standing: Standing) -> None:
        self.add_alike(standing.new, standing.dossier.channel, standing.resolved, standing.open)

    def add_alike(self, new: bool, channel: str, resolved: ResolvedClass | None, open_: OpenClass | None,
                  dossiers: int = 1) -> None:
        """`dossiers` standings alike (reporting.tallies counts a month this way)."""
        self.received_total += dossiers
        if not new:
            self.carried_over += dossiers
        elif channel == "online":
            self.online += dossiers
        else:
            self.direct_or_postal += dossiers
        if resolved is not None:
            self.resolved_total += dossiers
            setattr(self, resolved, getattr(self, resolved) + dossiers)
        else:
            self.in_progress_total += dossiers
            if open_ == "overdue":
                self.in_progress_overdue += dossiers
            else:
                self.within_deadline += dossiers

    def merge(self, other: Counts) -> None:
        for name in COLUMNS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def count(standings_: Iterable[Standing]) -> Counts:
    total = Counts()
    for standing in standings_:
        total.add(standing)
    return total
