"""A department corrects a received dossier's channel and due date, the correction recorded later:
through the projector's fold and the dossier domain, the month's figures follow the correction."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone

import pytest

from motcua.deadlines import LOCAL_TZ, month_bounds
from motcua.dossier import Fact, count, standings, state
from motcua.events import envelope
from motcua.v1 import events_pb2 as pb
from projector.batch import fold_batch
from projector.fold import table_rows
from tests.unit.test_fold import record

pytestmark = pytest.mark.unit

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
RECEIVED = datetime(2023, 4, 3, 9, 0, tzinfo=LOCAL_TZ)
FIRST_DUE = datetime(2023, 4, 5, 9, 0, tzinfo=LOCAL_TZ)
CORRECTED_DUE = datetime(2023, 4, 7, 17, 0, tzinfo=LOCAL_TZ)
RESOLVED = datetime(2023, 4, 7, 10, 0, tzinfo=LOCAL_TZ)   # after the first due date, on the corrected one's day


def _receipt(channel: int, due: datetime, recorded: datetime) -> pb.Event:
    message = pb.DossierReceived(dossier_id="HS-1", department="TU_PHAP", field="Lý lịch tư pháp",
                                 procedure_code="TP-01", channel=channel)
    message.received_at.FromDatetime(RECEIVED)
    message.due_at.FromDatetime(due)
    return envelope(message, source="unit", recorded_at=recorded)


def _resolution(recorded: datetime) -> pb.Event:
    message = pb.DossierResolved(dossier_id="HS-1", department="TU_PHAP", outcome=pb.OUTCOME_APPROVED)
    message.resolved_at.FromDatetime(RESOLVED)
    return envelope(message, source="unit", recorded_at=recorded)


def _moment(ms: int | None) -> datetime | None:
    return None if ms is None else EPOCH + timedelta(milliseconds=ms)


def facts_of(rows) -> dict[str, list[Fact]]:
    """The fold's dossier_facts rows as the domain's facts (columns in fold.COLUMNS order)."""
    facts: dict[str, list[Fact]] = defaultdict(list)
    for (dossier_id, event_id, recorded, department, field, procedure, channel, received, due, resolved, _outcome,
         withdrawn, _digitized, requested, supplemented) in table_rows(rows, "dossier_facts"):
        facts[dossier_id].append(Fact(event_id, _moment(recorded), department, field, procedure, channel,
                                      _moment(received), _moment(due), _moment(resolved), _moment(withdrawn),
                                      _moment(requested), _moment(supplemented)))
    return facts


def april_figures(events: list[pb.Event], as_of: datetime | None = None) -> dict[str, int]:
    batch = fold_batch([record(event, offset) for offset, event in enumerate(events)])
    assert not batch.dead
    start, end = month_bounds("2023-04")
    dossiers = [state(d, facts, as_of) for d, facts in facts_of(batch.rows).items()]
    return count(standings([d for d in dossiers if d is not None], start, end)).as_dict()


ORIGINAL = _receipt(pb.CHANNEL_ONLINE, FIRST_DUE, recorded=datetime(2023, 4, 3, 9, 1, tzinfo=LOCAL_TZ))
CORRECTION = _receipt(pb.CHANNEL_DIRECT, CORRECTED_DUE, recorded=datetime(2023, 4, 6, 8, 0, tzinfo=LOCAL_TZ))
RESOLUTION = _resolution(recorded=datetime(2023, 4, 7, 10, 5, tzinfo=LOCAL_TZ))


def test_before_the_correction_the_dossier_is_online_and_late():
    figures = april_figures([ORIGINAL, RESOLUTION])
    assert (figures["online"], figures["direct_or_postal"], figures["overdue"], figures["on_time"]) == (1, 0, 1, 0)


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2), (2, 1, 0), (1, 2, 0)])
def test_the_later_recorded_correction_wins_in_any_arrival_order(order):
    events = [ORIGINAL, CORRECTION, RESOLUTION]
    figures = april_figures([events[i] for i in order])
    # Alphabetically "online" > "direct" and the first due date is the earliest: the old max/min fold
    # would have kept an online, overdue dossier.
    assert (figures["online"], figures["direct_or_postal"], figures["overdue"], figures["on_time"]) == (0, 1, 0, 1)
    assert figures["received_total"] == figures["resolved_total"] == 1


def test_a_report_as_of_before_the_correction_still_sees_the_original():
    figures = april_figures([CORRECTION, ORIGINAL, RESOLUTION], as_of=datetime(2023, 4, 5, tzinfo=LOCAL_TZ))
    assert (figures["online"], figures["in_progress_total"]) == (1, 1)
