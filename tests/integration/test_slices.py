"""Property: a period read from its slice (reporting.slices) gives what the pure dossier domain gives
from every fact, whatever arrived after the slice was built: carried-over dossiers closed since,
receipts corrected into the month after their dossier had closed, re-sent copies, pauses, as_of
(real ClickHouse). The slice is built between the inserts, as the reporting service builds it at a
month's start while the projector goes on writing."""
from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from motcua.dossier import relevant, standings
from motcua.v1 import events_pb2 as pb
from projector.batch import fold_batch
from projector.writer import ClickHouseWriter
from reporting import queries, series, slice_build, slices, tallies
from reporting.facts import load_month
from reporting.periods import bounds
from reporting.reader import Reader
from tests.integration.test_dossier_sql_equals_domain import APRIL, MARCH, _event, _pure, arrivals
from tests.unit.test_fold import record

pytestmark = pytest.mark.integration


def _write(client, name, events) -> None:
    batch = fold_batch([record(event, offset) for offset, event in enumerate(events)])
    assert not batch.dead
    ClickHouseWriter(client, name).write(batch.rows, uuid.uuid4().hex)


def _build_april(client, name, margin: timedelta, monkeypatch) -> slices.Slice:
    # The margin decides what counts as arrived since the build: none (everything before it is read from
    # the slice alone) or the service's own (everything written in the last minutes is read again).
    monkeypatch.setattr(slices, "MARGIN", margin)
    slice_build.build(client, name, "2023-04", months=1)
    found = slices.find(Reader(client, name), APRIL[0])
    assert found is not None
    return found


def _flows(pure, cutoff):
    flows = Counter()
    for d in pure:
        for kind, month, late in series.flows_of(d):
            moment = d.received_at if kind == "new" else d.closed_at
            if month in ("2023-03", "2023-04") and moment < cutoff:
                flows[(month, kind)] += 1
                flows[(month, "online" if kind == "new" else "late")] += (d.channel == "online") if kind == "new" else late
    return +flows


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                             HealthCheck.function_scoped_fixture])
@given(drawn=arrivals(), built_after=st.integers(0, 3), margin=st.sampled_from([timedelta(0), slices.MARGIN]))
def test_a_period_read_from_its_slice_equals_the_domain(migrated_database, monkeypatch, drawn, built_after, margin):
    client, name = migrated_database
    department, inserts, as_of, cutoff = drawn
    for n, insert in enumerate(inserts):
        if n == built_after:
            _build_april(client, name, margin, monkeypatch)
        _write(client, name, insert)
    if built_after >= len(inserts):
        _build_april(client, name, margin, monkeypatch)
    events = [event for insert in inserts for event in insert]
    pure = _pure(fold_batch([record(event, offset) for offset, event in enumerate(events)]), as_of)
    reader = Reader(client, name, as_of=as_of)
    start = APRIL[0]
    if as_of is None:
        assert slices.find(reader, start) is not None  # the slice answers, not dossier_facts

    in_period = sorted(d for d in pure if relevant(d, start, cutoff))
    assert sorted(queries.dossiers_of_period(reader, start, cutoff, department=department)) == in_period
    open_then = sorted(d for d in pure if relevant(d, cutoff, cutoff))
    assert sorted(queries.dossiers_of_period(reader, cutoff, cutoff, department=department)) == open_then
    intake = Counter((d.department, d.channel) for d in pure if start <= d.received_at < cutoff)
    assert {(dept, channel): n for dept, channel, n in queries.intake_by_department_channel(reader, start, cutoff)
            if dept == department} == intake

    counted = tallies.fold(reader, start, cutoff)
    history = series.load_history(reader, ["2023-03", "2023-04"], cutoff, counted)  # touched dossiers read apart
    assert _department_flows(history, department) == _flows(pure, cutoff)
    # As the report reads them: one fold for the tallies and the dossiers touched since the slice.
    month = load_month(reader, "2023-04", now=cutoff, history_months=2)
    assert tallies.merged(t for t in month.tallies if t.department == department) == \
        tallies.merged(tallies.of_standings(standings(in_period, start, cutoff)))
    assert _department_flows(month.history, department) == _flows(pure, cutoff)


def _department_flows(history, department) -> Counter:
    found = Counter()
    for month, by_department in history.items():
        if (flow := by_department.get(department)) is not None:
            found.update({(month, "new"): flow.new, (month, "online"): flow.online,
                          (month, "closed"): flow.resolved, (month, "late"): flow.overdue})
    return +found


def _dossier_events(dossier_id, department, received, resolved, recorded):
    receipt = pb.DossierReceived(dossier_id=dossier_id, department=department, field="F", procedure_code="P",
                                 channel=pb.CHANNEL_DIRECT)
    receipt.due_at.FromDatetime(received + timedelta(days=10))
    closing = pb.DossierResolved(dossier_id=dossier_id, department=department, outcome=pb.OUTCOME_APPROVED)
    return [_event(receipt, "received_at", received, recorded), _event(closing, "resolved_at", resolved, recorded)]


def test_a_dossier_closed_before_the_slice_that_a_correction_brings_into_the_month_is_counted(
        migrated_database, monkeypatch):
    """Received and resolved in March, so left out of April's slice; then its receipt is corrected to
    April 5. The latest receipt wins: it is April's, received and (its closing dated before the receipt
    counts at the receipt) resolved in April, on time. An independent tally, by hand."""
    client, name = migrated_database
    department = f"D{uuid.uuid4().hex[:8]}"
    dossier_id = f"{department}-moved"
    _write(client, name, _dossier_events(dossier_id, department, MARCH, MARCH + timedelta(days=2), MARCH))
    _build_april(client, name, timedelta(0), monkeypatch)
    corrected = pb.DossierReceived(dossier_id=dossier_id, department=department, field="F", procedure_code="P",
                                   channel=pb.CHANNEL_ONLINE)
    moved = APRIL[0] + timedelta(days=5)
    corrected.due_at.FromDatetime(moved + timedelta(days=10))
    _write(client, name, [_event(corrected, "received_at", moved, moved)])

    reader = Reader(client, name)
    april = queries.dossiers_of_period(reader, *APRIL, department=department)
    assert [(d.dossier_id, d.channel, d.received_at, d.resolved_at) for d in april] == \
        [(dossier_id, "online", moved, moved)]
    stood = standings(april, *APRIL)
    assert [(s.new, s.resolved) for s in stood] == [(True, "early")]  # ten days before its due time
    history = series.load_history(reader, ["2023-03", "2023-04"], APRIL[1], tallies.fold(reader, *APRIL))
    assert department not in history["2023-03"]  # its March receipt and closing no longer count there
    flow = history["2023-04"][department]
    assert (flow.new, flow.online, flow.resolved, flow.overdue) == (1, 1, 1, 0)


def test_a_carried_over_dossier_closed_after_the_slice_counts_as_resolved_in_the_month(
        migrated_database, monkeypatch):
    """Open at April's start (in the slice), resolved on April 20, written after the build: resolved late
    in April (due April 4), and still new in March's series. By hand."""
    client, name = migrated_database
    department = f"D{uuid.uuid4().hex[:8]}"
    events = _dossier_events(f"{department}-carried", department, MARCH, APRIL[0] + timedelta(days=19), MARCH)
    _write(client, name, events[:1])
    _build_april(client, name, timedelta(0), monkeypatch)
    _write(client, name, events[1:])

    reader = Reader(client, name)
    stood = standings(queries.dossiers_of_period(reader, *APRIL, department=department), *APRIL)
    assert [(s.dossier.dossier_id, s.new, s.resolved) for s in stood] == [(f"{department}-carried", False, "overdue")]
    history = series.load_history(reader, ["2023-03", "2023-04"], APRIL[1], tallies.fold(reader, *APRIL))
    march, april = history["2023-03"][department], history["2023-04"][department]
    assert (march.new, march.resolved, april.new, april.resolved, april.overdue) == (1, 0, 0, 1, 1)


def _builds(client, name, period) -> list:
    month = "slice_start = {s:DateTime64(3, 'UTC')}"
    rows = client.query(f"SELECT DISTINCT built_at FROM {name}.dossier_slice_builds WHERE {month} "
                        f"UNION DISTINCT SELECT DISTINCT built_at FROM {name}.dossier_slices WHERE {month}",
                        parameters={"s": bounds(period)[0]}).result_rows
    return sorted(row[0] for row in rows)


def test_the_scheduler_builds_missing_slices_and_again_after_a_large_import(migrated_database, monkeypatch):
    client, name = migrated_database
    scheduler = slice_build.SliceScheduler(client, name, clock=lambda: datetime(2023, 6, 10, tzinfo=timezone.utc))
    assert scheduler.run_once() == ["2023-05", "2023-06"]
    assert scheduler.run_once() == []  # nothing missing, nothing arrived
    monkeypatch.setattr(slice_build, "MIN_REBUILD_FACTS", 0)
    monkeypatch.setattr(slices, "MARGIN", timedelta(0))
    department = f"D{uuid.uuid4().hex[:8]}"
    for round_ in range(3):  # each time more arrives since the newest June slice than it holds
        arrived, held = slice_build.arrived_since(client, name, "2023-06")
        received = datetime(2023, 6, 5, tzinfo=timezone.utc)
        _write(client, name, [event for n in range(held - arrived + 1) for event in _dossier_events(
            f"{department}-{round_}-{n}", department, received, received + timedelta(days=1), received)[:1]])
        assert scheduler.run_once() == ["2023-06"]
    assert scheduler.run_once() == []
    assert len(_builds(client, name, "2023-06")) == 2  # the newest two: a read that chose the older finds it whole
    assert len(_builds(client, name, "2023-05")) == 1


def test_a_slice_outgrown_by_what_arrived_since_is_not_read(migrated_database, monkeypatch):
    """A month's slice read long after the month would fold every later fact: once more has arrived since
    its cut than OUTGROWN times what it holds, the read goes to dossier_facts, with the same answer,
    while the scheduler still sees the slice and what arrived since it."""
    client, name = migrated_database
    department = f"D{uuid.uuid4().hex[:8]}"
    carried = _dossier_events(f"{department}-carried", department, MARCH, APRIL[0] + timedelta(days=3), MARCH)
    _write(client, name, carried[:1])
    found = _build_april(client, name, timedelta(0), monkeypatch)
    _write(client, name, carried[1:])
    reader = Reader(client, name)
    monkeypatch.setattr(slices, "OUTGROWN_MIN_FACTS", 0)
    monkeypatch.setattr(slices, "OUTGROWN", 1)
    assert slices.find(reader, APRIL[0]) == found  # one fact arrived since: the slice still answers
    later = datetime(2023, 6, 5, tzinfo=timezone.utc)
    arrived, held = slice_build.arrived_since(client, name, "2023-04")
    _write(client, name, [event for n in range(held - arrived + 1) for event in _dossier_events(
        f"{department}-later-{n}", department, later, later + timedelta(days=1), later)[:1]])

    assert slices.find(reader, APRIL[0]) is None
    assert slice_build.arrived_since(client, name, "2023-04")[0] > held
    stood = standings(queries.dossiers_of_period(reader, *APRIL, department=department), *APRIL)
    assert [(s.dossier.dossier_id, s.new, s.resolved) for s in stood] == [(f"{department}-carried", False, "on_time")]
