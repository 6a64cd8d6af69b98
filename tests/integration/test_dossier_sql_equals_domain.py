"""Property: what reporting's SQL computes for speed (the period's dossiers, their standings counted
together, the monthly flows, the late closings) equals what the pure dossier domain computes from the
same facts, on random histories with corrections, pauses, withdrawals, re-sent events and any arrival
order (real ClickHouse). The SQL first narrows the facts to the dossiers dossier_periods finds for the
period (reporting.queries.candidates), written in several inserts so that index rows stay unmerged:
whatever it leaves out must be a dossier the domain leaves out too."""
from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from motcua.deadlines import classify_resolved, effective_due, month_bounds
from motcua.dossier import relevant, standings, state
from motcua.events import envelope
from motcua.v1 import events_pb2 as pb
from projector.batch import fold_batch
from projector.writer import ClickHouseWriter
from reporting import queries, series, tallies
from reporting.periods import containing
from reporting.reader import Reader
from tests.unit.test_dossier_correction import facts_of
from tests.unit.test_fold import record

pytestmark = pytest.mark.integration

BASE = datetime(2023, 3, 20, tzinfo=timezone.utc)  # histories spread over March to May
APRIL = month_bounds("2023-04")
CHANNELS = (pb.CHANNEL_ONLINE, pb.CHANNEL_DIRECT, pb.CHANNEL_POSTAL)
hours = st.integers(0, 24 * 60)  # an offset from BASE, in hours: up to two months


def _at(offset_hours: int, minutes: int = 0) -> datetime:
    return BASE + timedelta(hours=offset_hours, minutes=minutes)


def _event(message, at_field: str, at: datetime, recorded: datetime) -> pb.Event:
    getattr(message, at_field).FromDatetime(at)
    return envelope(message, source="prop", recorded_at=recorded)


@st.composite
def history(draw, dossier_id: str, department: str) -> list[pb.Event]:
    """One dossier's events: 1-3 receipts (corrections), maybe pauses, a result, a withdrawal."""
    events = []
    received = draw(hours)
    for n in range(draw(st.integers(1, 3))):
        receipt = pb.DossierReceived(dossier_id=dossier_id, department=department, field=f"F{draw(st.integers(0, 2))}",
                                     procedure_code=f"P{n}", channel=draw(st.sampled_from(CHANNELS)))
        receipt.due_at.FromDatetime(_at(received + draw(st.integers(-24, 24 * 20))))
        events.append(_event(receipt, "received_at", _at(received + draw(st.integers(0, 3))),
                             _at(received + draw(st.integers(0, 24 * 40)))))
    for _ in range(draw(st.integers(0, 2))):
        asked = received + draw(st.integers(1, 24 * 10))
        events.append(_event(pb.SupplementRequested(dossier_id=dossier_id, department=department), "at",
                             _at(asked), _at(asked, 1)))
        if draw(st.booleans()):
            answered = asked + draw(st.integers(0, 24 * 10))
            events.append(_event(pb.SupplementReceived(dossier_id=dossier_id, department=department), "at",
                                 _at(answered), _at(answered + draw(st.integers(0, 24 * 20)))))
    if draw(st.booleans()):
        resolved = received + draw(st.integers(1, 24 * 30))
        events.append(_event(pb.DossierResolved(dossier_id=dossier_id, department=department,
                                                outcome=pb.OUTCOME_APPROVED), "resolved_at", _at(resolved),
                             _at(resolved + draw(st.integers(0, 24 * 20)))))  # recorded late: as_of may not know it
    if draw(st.integers(0, 4)) == 0:
        withdrawn = received + draw(st.integers(1, 24 * 30))
        events.append(_event(pb.DossierWithdrawn(dossier_id=dossier_id, department=department), "at",
                             _at(withdrawn), _at(withdrawn)))
    return events


@st.composite
def arrivals(draw):
    """Several dossiers' events in any order, some re-sent later (same id, recorded again)."""
    department = f"D{uuid.uuid4().hex[:8]}"  # each example reads only its own department
    events = [e for n in range(draw(st.integers(1, 6))) for e in draw(history(f"{department}-{n}", department))]
    for original in draw(st.lists(st.sampled_from(events), max_size=3)):
        copy = pb.Event.FromString(original.SerializeToString())
        copy.recorded_at.FromDatetime(original.recorded_at.ToDatetime(tzinfo=timezone.utc)
                                      + timedelta(days=draw(st.integers(1, 30))))
        events.append(copy)
    order = draw(st.permutations(events))
    as_of = draw(st.none() | hours.map(_at))
    cutoff = draw(st.sampled_from([APRIL[1], _at(24 * 20)]))  # a finished April, or one running until the 9th
    # Written in one to three inserts: dossier_periods' rows of one dossier may stay unmerged.
    cuts = sorted(draw(st.lists(st.integers(0, len(order)), max_size=2)))
    inserts = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)]) if a < b]
    return department, inserts, as_of, cutoff


def _pure(batch, as_of):
    dossiers = (state(d, facts, as_of) for d, facts in facts_of(batch.rows).items())
    return [d for d in dossiers if d is not None]


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                             HealthCheck.function_scoped_fixture])
@given(drawn=arrivals())
def test_reporting_sql_and_the_dossier_domain_agree(migrated_database, drawn):
    client, name = migrated_database
    department, inserts, as_of, cutoff = drawn
    events = [event for insert in inserts for event in insert]
    batch = fold_batch([record(event, offset) for offset, event in enumerate(events)])
    assert not batch.dead
    for insert in inserts:  # folded and written as the projector would, batch by batch
        part = fold_batch([record(event, offset) for offset, event in enumerate(insert)])
        ClickHouseWriter(client, name).write(part.rows, uuid.uuid4().hex)
    reader = Reader(client, name, as_of=as_of)
    pure = _pure(batch, as_of)
    start = APRIL[0]

    in_period = sorted(d for d in pure if relevant(d, start, cutoff))
    assert sorted(queries.dossiers_of_period(reader, start, cutoff, department=department)) == in_period
    # The same standings counted together in SQL (reporting.tallies), paused ones stood by the domain;
    # and with the live figures' marks: due within two days of the cut-off, received in its last five.
    stood = standings(in_period, start, cutoff)
    assert tallies.merged(t for t in tallies.fold(reader, start, cutoff) if t.department == department) == \
        tallies.merged(tallies.of_standings(stood))
    marks = {"soon": cutoff + timedelta(days=2), "since": cutoff - timedelta(days=5)}
    assert tallies.merged(t for t in tallies.fold(reader, start, cutoff, **marks) if t.department == department) == \
        tallies.merged(tallies.of_standings(stood, **marks))

    open_then = sorted(d for d in pure if relevant(d, cutoff, cutoff))  # the lists: open at a moment
    assert sorted(queries.dossiers_of_period(reader, cutoff, cutoff, department=department)) == open_then
    intake = Counter((d.department, d.channel) for d in pure if start <= d.received_at < cutoff)
    assert {(dept, channel): n for dept, channel, n in queries.intake_by_department_channel(reader, start, cutoff)
            if dept == department} == intake

    def late(d):
        closed = d.closed_at
        return classify_resolved(closed, effective_due(d.due_at, d.pauses, as_of=closed)) == "overdue"
    window = month_bounds("2023-03")[0], cutoff  # the series: March and April (until the cut-off)
    flows = Counter()
    for d in pure:
        if window[0] <= d.received_at < window[1]:
            flows[(containing(d.received_at), "new")] += 1
            flows[(containing(d.received_at), "online")] += d.channel == "online"
        if d.closed_at is not None and window[0] <= d.closed_at < window[1]:
            flows[(containing(d.closed_at), "closed")] += 1
            flows[(containing(d.closed_at), "late")] += late(d)
    sql_flows = Counter()
    for month, by_department in series.load_history(reader, ["2023-03", "2023-04"], cutoff).items():
        if (flow := by_department.get(department)) is not None:
            sql_flows.update({(month, "new"): flow.new, (month, "online"): flow.online,
                              (month, "closed"): flow.resolved, (month, "late"): flow.overdue})
    assert +sql_flows == +flows


MARCH = datetime(2023, 3, 25, 3, tzinfo=timezone.utc)


def test_a_closing_recorded_after_as_of_leaves_the_dossier_open_for_the_period(migrated_database):
    """The index knows a March closing, but a report as of before it was recorded must not: the dossier
    is still open then, so it carries over into April (an independent tally: one dossier, by hand)."""
    client, name = migrated_database
    department = f"D{uuid.uuid4().hex[:8]}"
    receipt = pb.DossierReceived(dossier_id=f"{department}-late", department=department, field="F",
                                 procedure_code="P", channel=pb.CHANNEL_DIRECT)
    receipt.due_at.FromDatetime(MARCH + timedelta(days=20))
    resolved = pb.DossierResolved(dossier_id=f"{department}-late", department=department,
                                  outcome=pb.OUTCOME_APPROVED)
    events = [_event(receipt, "received_at", MARCH, MARCH),
              _event(resolved, "resolved_at", MARCH + timedelta(days=3), APRIL[0] + timedelta(days=9))]
    ClickHouseWriter(client, name).write(fold_batch([record(e, n) for n, e in enumerate(events)]).rows, uuid.uuid4().hex)
    start, end = APRIL

    def ids(as_of):
        found = queries.dossiers_of_period(Reader(client, name, as_of=as_of), start, end, department=department)
        return [d.dossier_id for d in found]
    assert ids(APRIL[0] + timedelta(days=5)) == [f"{department}-late"]  # the closing not recorded yet
    assert ids(None) == []                                                # closed in March: not April's
