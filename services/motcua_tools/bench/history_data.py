"""Months of a province's history for the history bench: each month's dossiers are received in it and
close when they close, so they carry over into the next months as real dossiers do (a few stay open
for good, a few are corrected, some pause for a supplement). Events are recorded when they happen."""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from motcua.catalog import Catalog
from motcua.deadlines import due_at, month_bounds
from motcua.events import envelope
from motcua.v1 import events_pb2 as pb
from motcua_tools.bench.reporting_data import _stamp


def history_month(catalog: Catalog, period: str, new: int, never_closed: float = 0.003) -> Iterator[pb.Event]:
    """The events of the `new` dossiers received in `period` (local month), whenever they happen.
    Ids carry the month ("H202412-000001"), so every month's dossiers are distinct. A share
    `never_closed` is never resolved nor withdrawn: every later month carries them over, so each
    month of history adds that many dossiers to every later month's report (its table counts them)."""
    rng = random.Random(f"history-{period}")
    start, end = month_bounds(period)
    tag = period.replace("-", "")
    for n in range(new):
        procedure = rng.choice(catalog.procedures)
        received = start + (end - start) * rng.random()
        due = due_at(received, procedure.processing_days)
        ident = {"dossier_id": f"H{tag}-{n:06d}", "department": procedure.department}
        channel = rng.choices([1, 2, 3], weights=[65, 30, 5])[0]
        receipt = {**ident, "field": procedure.field, "procedure_code": procedure.code, "channel": channel}
        yield _event(pb.DossierReceived(**receipt, received_at=_stamp(received), due_at=_stamp(due)), received)
        if rng.random() < 0.01:  # a correction of the receipt, recorded a day later
            moved = received + timedelta(hours=rng.uniform(-6, 6))
            yield _event(pb.DossierReceived(**receipt, received_at=_stamp(moved), due_at=_stamp(due)),
                         received + timedelta(days=1))
        closing = received + (due - received) * rng.uniform(0.2, 1.3)
        if rng.random() < 0.07:
            asked = received + (due - received) * rng.random() * 0.5
            yield _event(pb.SupplementRequested(**ident, at=_stamp(asked)), asked)
            if rng.random() < 0.8:
                given = asked + timedelta(days=rng.uniform(1, 6))
                yield _event(pb.SupplementReceived(**ident, at=_stamp(given)), given)
                closing += given - asked
        fate = rng.random()
        if fate < 0.96 * (1 - never_closed):
            yield _event(pb.DossierResolved(**ident, resolved_at=_stamp(closing), outcome=1), closing)
            if rng.random() < 0.08:
                yield _event(pb.SurveySubmitted(survey_id=f"S{tag}-{n:06d}", department=procedure.department,
                                                rating=rng.choices([1, 2, 3], weights=[97, 2, 1])[0],
                                                submitted_at=_stamp(closing + timedelta(minutes=10)),
                                                dossier_id=ident["dossier_id"]), closing + timedelta(minutes=10))
        elif fate < 1 - never_closed:
            yield _event(pb.DossierWithdrawn(**ident, at=_stamp(closing)), closing)
        # else: still open, for good (the long tail a report carries over month after month)
        if procedure.fee_vnd and channel == 1 and rng.random() < 0.15:
            paid = received + timedelta(minutes=5)
            yield _event(pb.PaymentCompleted(payment_id=f"P{tag}-{n:06d}", **ident, amount_vnd=procedure.fee_vnd,
                                             method=1, paid_at=_stamp(paid)), paid)


def _event(message, recorded: datetime) -> pb.Event:
    return envelope(message, recorded_at=recorded)
