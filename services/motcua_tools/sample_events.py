"""Seeded, valid event streams for the projector's tests and bench: dossiers with their lifecycles,
payments, surveys, feedback and the side events, as the command services would publish them."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from motcua.events import envelope
from motcua.v1 import events_pb2 as pb

PROCEDURES = [  # (department, field, procedure code)
    ("TU_PHAP", "Lý lịch tư pháp", "TP-001"), ("TU_PHAP", "Hộ tịch", "TP-002"),
    ("TNMT", "Đất đai", "TN-001"), ("CONG_AN", "Phòng cháy", "CA-001"),
    ("XAY_DUNG", "Hoạt động xây dựng", "XD-001"), ("Y_TE", "Dược phẩm", "YT-001"),
]
CHANNELS = [pb.CHANNEL_ONLINE, pb.CHANNEL_ONLINE, pb.CHANNEL_DIRECT, pb.CHANNEL_POSTAL]
METHODS = [pb.PAYMENT_METHOD_NATIONAL_PORTAL, pb.PAYMENT_METHOD_PROVINCIAL_PORTAL, pb.PAYMENT_METHOD_COUNTER]
RATINGS = [pb.RATING_VERY_SATISFIED, pb.RATING_SATISFIED, pb.RATING_UNSATISFIED]
MONTH_START = datetime(2023, 4, 1, 1, 0, tzinfo=timezone.utc)


def _stamp(message, name: str, at: datetime) -> None:
    getattr(message, name).FromDatetime(at)


def _wrap(payload, recorded_at: datetime | None) -> pb.Event:
    """The envelope; without a recording time the event is recorded when it happened."""
    event = envelope(payload, source="sample", recorded_at=recorded_at or MONTH_START)
    if recorded_at is None:
        event.recorded_at.CopyFrom(event.occurred_at)
    return event


def dossier_events(rng: random.Random, dossier_id: str, recorded_at: datetime | None = None) -> list[pb.Event]:
    """One dossier's events in business order: received, perhaps digitized, a supplement, paid,
    rated, and resolved or withdrawn (or still open)."""
    department, field, procedure = rng.choice(PROCEDURES)
    received = MONTH_START + timedelta(minutes=rng.randrange(60 * 24 * 29))
    first = pb.DossierReceived(dossier_id=dossier_id, department=department, field=field,
                               procedure_code=procedure, channel=rng.choice(CHANNELS))
    _stamp(first, "received_at", received)
    _stamp(first, "due_at", received + timedelta(days=rng.randint(1, 15)))
    payloads: list = [first]
    clock = received
    if rng.random() < 0.3:
        clock += timedelta(hours=rng.randint(1, 48))
        payloads.append(pb.DossierDigitized(dossier_id=dossier_id, department=department))
        _stamp(payloads[-1], "at", clock)
    if rng.random() < 0.15:
        asked = clock + timedelta(days=1)
        clock = asked + timedelta(days=rng.randint(1, 5))
        payloads += [pb.SupplementRequested(dossier_id=dossier_id, department=department),
                     pb.SupplementReceived(dossier_id=dossier_id, department=department)]
        _stamp(payloads[-2], "at", asked)
        _stamp(payloads[-1], "at", clock)
    if rng.random() < 0.4:
        clock += timedelta(minutes=rng.randint(5, 600))
        payment = pb.PaymentCompleted(payment_id=f"PAY-{dossier_id}", dossier_id=dossier_id,
                                      department=department, amount_vnd=rng.choice([50_000, 100_000, 350_000]),
                                      method=rng.choice(METHODS))
        _stamp(payment, "paid_at", clock)
        payloads.append(payment)
    ending = rng.random()
    if ending < 0.75:
        clock += timedelta(days=rng.randint(0, 20), minutes=rng.randint(1, 600))
        resolved = pb.DossierResolved(dossier_id=dossier_id, department=department,
                                      outcome=pb.OUTCOME_APPROVED if rng.random() < 0.9 else pb.OUTCOME_REFUSED)
        _stamp(resolved, "resolved_at", clock)
        payloads.append(resolved)
    elif ending < 0.8:
        clock += timedelta(days=rng.randint(0, 5))
        payloads.append(pb.DossierWithdrawn(dossier_id=dossier_id, department=department))
        _stamp(payloads[-1], "at", clock)
    if rng.random() < 0.2:
        survey = pb.SurveySubmitted(survey_id=f"SV-{dossier_id}", department=department,
                                    rating=rng.choice(RATINGS), dossier_id=dossier_id)
        _stamp(survey, "submitted_at", clock + timedelta(hours=1))
        payloads.append(survey)
    return [_wrap(p, recorded_at) for p in payloads]


def side_events(rng: random.Random, n: int, recorded_at: datetime | None = None) -> list[pb.Event]:
    """Events without a dossier: feedback received and answered, digital-ID help, publications."""
    out = []
    for i in range(n):
        at = MONTH_START + timedelta(minutes=rng.randrange(60 * 24 * 29))
        department = rng.choice(PROCEDURES)[0]
        kind = i % 4
        if kind == 0:
            got = pb.FeedbackReceived(feedback_id=f"FB-{i}", department=department)
            _stamp(got, "at", at)
            done = pb.FeedbackResolved(feedback_id=f"FB-{i}", department=department)
            _stamp(done, "at", at + timedelta(days=rng.randint(1, 6)))
            payloads = [got, done] if rng.random() < 0.8 else [got]
        elif kind == 1:
            payloads = [pb.AccountAssisted(account_ref=f"ACC-{i}", department=department)]
            _stamp(payloads[0], "at", at)
        elif kind == 2:
            payloads = [pb.CatalogDecisionPublished(number=f"{i}/QĐ-UBND", date=f"{at:%Y-%m-%d}",
                                                    department=department, fields=["Đất đai"], changes=["new"])]
            _stamp(payloads[0], "at", at)
        else:
            index = pb.Index766Published(period=f"{at:%Y-%m}", total=82.5, rank=1, of=63,
                                         change_vs_same_period_pct=1.5)
            index.components["progress"].score, index.components["progress"].max = 19.86, 20
            payloads = [index]
        out += [_wrap(p, recorded_at) for p in payloads]
    return out


def month_of_events(dossiers: int, seed: int = 1, prefix: str = "D", side: int = 0) -> list[pb.Event]:
    rng = random.Random(seed)
    events = [e for n in range(dossiers) for e in dossier_events(rng, f"{prefix}-{n:07d}")]
    return events + side_events(rng, side)
