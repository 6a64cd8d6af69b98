"""Where each dossier stands in a period: carried over or new; resolved early, on time or late;
still open within its deadline or overdue. The rules are motcua.deadlines'; this module only
decides which moment each rule is asked about."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from motcua.deadlines import (OpenClass, Pause, ResolvedClass, classify_open, classify_resolved, effective_due,
                              waiting_for_supplement)


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


class Standing(NamedTuple):
    dossier: Dossier
    new: bool                          # received in the period (else carried over)
    resolved: ResolvedClass | None     # closed in the period, and how
    open: OpenClass | None             # still open at the cut-off, and how
    effective_due: datetime            # due time pushed back by the pauses closed by then
    waiting: bool = False              # waiting for the citizen's supplement at the cut-off


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


def standings(dossiers: Iterable[Dossier], start: datetime, cutoff: datetime) -> list[Standing]:
    found = (stand(dossier, start, cutoff) for dossier in dossiers)
    return [standing for standing in found if standing is not None]
