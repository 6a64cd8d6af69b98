"""Payment events of a month: national-portal payments that the report counts, and others it must not.

Counting convention the generated data follows (and the report should): `online_payments.dossiers`
counts distinct dossiers with a national_portal payment in the period; `amount_vnd` adds up every
national_portal payment in the period, so a dossier paying twice (a fee, then a supplementary fee)
counts once in dossiers and twice in the amount. Provincial-portal and counter payments count in
neither.
"""
from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import Any

from motcua.catalog import Catalog, Procedure

from .allocation import Draft, apportion, pick_procedure
from .clock import office_moment
from .lifecycle import Lifecycle, Role

Line = tuple[datetime, dict[str, Any]]


def choose_paid(rng: random.Random, catalog: Catalog, drafts: list[Draft], dossiers: int,
                departments: tuple[str, ...]) -> list[Draft]:
    """Mark `dossiers` online drafts of `departments` as paid through the national portal."""
    eligible = {code: [d for d in drafts if d.department == code and d.channel == "online" and not d.carried
                       and d.role in (Role.RESOLVED_IN_TIME, Role.OPEN_WITHIN)] for code in departments}
    if any(not _fee_procedures(catalog, code) for code in departments):
        raise ValueError("every paying department needs a procedure with a fee")
    weights = {code: math.sqrt(len(eligible[code])) for code in departments}
    counts = apportion(dossiers, weights, caps={c: int(0.8 * len(e)) for c, e in eligible.items()},
                       minimums={code: 1 for code in departments})
    paid = []
    for code in departments:
        for draft in rng.sample(eligible[code], counts[code]):
            draft.paid_online = True
            draft.procedure = pick_procedure(rng, _fee_procedures(catalog, code))
            paid.append(draft)
    return paid


def fit_amount(rng: random.Random, catalog: Catalog, paid: list[Draft], amount: int) -> int:
    """Re-choose the paid drafts' fee procedures so their fees add up to `amount`; returns what is left."""
    diff = amount - sum(d.procedure.fee_vnd for d in paid)
    improved = True
    while diff and improved:
        improved = False
        for draft in rng.sample(paid, len(paid)):
            current = draft.procedure.fee_vnd
            best = min(_fee_procedures(catalog, draft.department),
                       key=lambda p: (abs(diff - (p.fee_vnd - current)), p.code))
            if abs(diff - (best.fee_vnd - current)) < abs(diff):
                diff -= best.fee_vnd - current
                draft.procedure, improved = best, True
                if not diff:
                    break
    return diff


def _fee_procedures(catalog: Catalog, code: str) -> tuple[Procedure, ...]:
    return tuple(p for p in catalog.procedures_of(code) if p.fee_vnd > 0)


def payment_line(life: Lifecycle, method: str, amount: int, paid_at: datetime, number: int) -> Line:
    prefix = {"national_portal": "DVCQG", "provincial_portal": "DVCT", "counter": "QUAY"}[method]
    return paid_at, {"type": "payment.completed", "payment_id": f"{prefix}-{life.dossier_id}-{number}",
                     "dossier_id": life.dossier_id, "department": life.slot.department,
                     "amount_vnd": amount, "method": method, "paid_at": paid_at}


def _at_submission(rng: random.Random, life: Lifecycle, period_end: datetime) -> datetime:
    room = int((period_end - life.received_at).total_seconds()) - 1
    return life.received_at + timedelta(seconds=max(0, min(rng.randrange(60, 900), room)))


def national_payments(rng: random.Random, lives: list[Lifecycle], extra_amounts: list[int],
                      period_end: datetime) -> list[Line]:
    """One payment at submission per paid dossier, and a second one for len(extra_amounts) of them."""
    paid = [life for life in lives if life.slot.paid_online]
    lines = [payment_line(life, "national_portal", life.slot.procedure.fee_vnd,
                          _at_submission(rng, life, period_end), 1) for life in paid]
    first_paid = {line["dossier_id"]: at for at, line in lines}
    candidates = [life for life in paid if life.received_at < period_end - timedelta(days=5)]
    rng.shuffle(candidates)
    for amount in extra_amounts:
        while True:
            if not candidates:
                raise RuntimeError("no dossier can take a second national-portal payment")
            life = candidates.pop()
            until = min(period_end, life.closed_at or period_end)
            paid_at = office_moment(rng, first_paid[life.dossier_id] + timedelta(hours=1), until)
            if paid_at is not None:
                lines.append(payment_line(life, "national_portal", amount, paid_at, 2))
                break
    return lines


def other_payments(rng: random.Random, lives: list[Lifecycle], period: tuple[datetime, datetime],
                   counter: int, provincial: int) -> list[Line]:
    """Fees paid at the counter or on the provincial portal: real money, not the national indicator."""
    start, end = period
    unpaid = [life for life in lives if not life.slot.paid_online and life.slot.procedure.fee_vnd > 0
              and start <= life.received_at < end]
    at_counter = [life for life in unpaid if life.slot.channel != "online"]
    on_provincial = [life for life in unpaid if life.slot.channel == "online"]
    lines = []
    for method, pool, count in (("counter", at_counter, counter), ("provincial_portal", on_provincial, provincial)):
        for life in rng.sample(pool, min(count, len(pool))):
            lines.append(payment_line(life, method, life.slot.procedure.fee_vnd,
                                      _at_submission(rng, life, end), 1))
    return lines
