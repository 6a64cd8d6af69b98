"""Payments and surveys are folded only for the ids with a version in the period (reporting.activity):
a correction that moves a payment or a survey to another month moves it in the figures (real
ClickHouse; counted by hand). Both tables keep one row per id once merged, the latest recorded."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from motcua.events import envelope
from motcua.v1 import events_pb2 as pb
from projector.batch import fold_batch
from projector.writer import ClickHouseWriter
from reporting import activity
from reporting.periods import bounds
from reporting.reader import Reader
from tests.unit.test_fold import record

pytestmark = pytest.mark.integration

MARCH, APRIL = bounds("2023-03"), bounds("2023-04")
SENT, CORRECTED = datetime(2023, 3, 31, 12, tzinfo=timezone.utc), datetime(2023, 4, 3, 12, tzinfo=timezone.utc)


def _stamp(moment: datetime) -> dict:
    return {"seconds": int(moment.timestamp())}


def test_a_correction_moves_a_payment_and_a_survey_to_its_new_month(migrated_database):
    client, name = migrated_database
    ident = {"dossier_id": "D-1", "department": "SYT"}
    payment = {"payment_id": "P-1", **ident, "amount_vnd": 50_000, "method": pb.PAYMENT_METHOD_NATIONAL_PORTAL}
    survey = {"survey_id": "S-1", "department": "SYT", "rating": 1, "dossier_id": "D-1"}
    march_end = MARCH[1] - timedelta(hours=1)  # paid and rated in March, as first sent
    events = [envelope(pb.PaymentCompleted(**payment, paid_at=_stamp(march_end)), recorded_at=SENT),
              envelope(pb.PaymentCompleted(**payment, paid_at=_stamp(APRIL[0] + timedelta(hours=2))),
                       recorded_at=CORRECTED),
              envelope(pb.SurveySubmitted(**survey, submitted_at=_stamp(march_end)), recorded_at=SENT),
              envelope(pb.SurveySubmitted(**survey, submitted_at=_stamp(APRIL[0] + timedelta(hours=3))),
                       recorded_at=CORRECTED)]
    for n, event in enumerate(events):  # one insert each: the versions stay unmerged rows
        ClickHouseWriter(client, name).write(fold_batch([record(event, n)]).rows, f"act-{n}")

    def counts(reader: Reader, period) -> tuple[int, int]:
        return (activity.national_payment_dossiers(reader, *period),
                sum(n for _, _, n in activity.survey_ratings(reader, *period)))
    reader = Reader(client, name)
    assert counts(reader, MARCH) == (0, 0) and counts(reader, APRIL) == (1, 1)
