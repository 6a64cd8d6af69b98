"""Property: any order, any copies, any cut into batches of a set of dossiers' events gives the same
read models and the same monthly figures as folding them once, in order (real ClickHouse)."""
from __future__ import annotations

import uuid
from collections import namedtuple
from datetime import datetime, timezone

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from motcua.catalog import Catalog
from motcua.chschema import connect, migrate
from motcua.events import event_type_of
from motcua_tools.sample_events import month_of_events
from projector.batch import fold_batch
from projector.writer import ClickHouseWriter
from reporting import activity, archive, compute
from reporting.queries import dossier_state_sql
from reporting.reader import Reader
from tests.integration.test_projector_support import snapshot

Record = namedtuple("Record", "topic partition offset key value")
APRIL, NOW = "2023-04", datetime(2023, 6, 1, tzinfo=timezone.utc)
MONTH = (datetime(2023, 3, 31, 17, tzinfo=timezone.utc), datetime(2023, 4, 30, 17, tzinfo=timezone.utc))


def fold_into(client, events, cuts: list[int]) -> str:
    """A fresh database with `events` folded batch by batch (`cuts`: the batch sizes, repeated)."""
    database = f"prop_{uuid.uuid4().hex[:10]}"
    migrate(client, database)
    writer = ClickHouseWriter(client, database)
    records = [Record(f"p.{event_type_of(e).service}.v1", 0, n, e.dossier_id.encode(), e.SerializeToString())
               for n, e in enumerate(events)]
    start, turn = 0, 0
    while start < len(records):
        size = cuts[turn % len(cuts)]
        batch = fold_batch(records[start:start + size])
        writer.write(batch.rows, batch.key)
        start, turn = start + size, turn + 1
    return database


def figures(client, database: str) -> dict:
    """What the monthly report reads: dossier states, the 13-column table, payments, ratings, counts."""
    reader = Reader(client, database)
    stats = compute.statistics(reader, Catalog.load(), APRIL, "department", now=NOW)
    return {
        "dossiers": sorted(client.query(dossier_state_sql(database, None)).result_rows),
        "table": [(row.department, row.counts.as_dict()) for row in stats.rows],
        "payments": activity.national_payments(reader, *MONTH),
        "ratings": activity.survey_ratings(reader, *MONTH),
        "feedback": activity.feedback_counts(reader, *MONTH),
        "accounts": activity.accounts_assisted(reader, *MONTH),
        "decisions": activity.catalog_decisions(reader, *MONTH),
        "index766": activity.index766(reader, "2023-04"),
    }


@st.composite
def arrivals(draw):
    """A set of dossiers' events, then how they arrive: shuffled, some twice, cut into batches."""
    seed = draw(st.integers(0, 10**6))
    events = month_of_events(draw(st.integers(2, 7)), seed=seed, prefix=f"P{seed}", side=draw(st.integers(0, 5)))
    order = draw(st.permutations(events))
    copies = draw(st.lists(st.sampled_from(events), max_size=len(events)))
    for copy in copies:
        order.insert(draw(st.integers(0, len(order))), copy)
    cuts = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))
    return events, order, cuts


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=arrivals())
def test_any_arrival_gives_the_read_models_and_figures_of_the_log_in_order(infra_settings, case):
    events, arrived, cuts = case
    client = connect(infra_settings)
    in_order = fold_into(client, events, [len(events)])
    shuffled = fold_into(client, arrived, cuts)
    try:
        assert snapshot(client, shuffled, positions=False) == snapshot(client, in_order, positions=False)
        assert figures(client, shuffled) == figures(client, in_order)
    finally:
        for database in (in_order, shuffled):
            client.command(f"DROP DATABASE IF EXISTS {database} SYNC")


def test_a_re_sent_event_keeps_its_first_recording_whatever_arrives_first(infra_settings):
    """A department re-syncs its export: the same events, recorded again months later. A report as
    of a moment in between must still see them, before and after ClickHouse merges the copies."""
    from datetime import timedelta

    client = connect(infra_settings)
    events = month_of_events(5, seed=3, prefix="RS", side=4)
    later = []
    for event in events:
        copy = type(event).FromString(event.SerializeToString())
        copy.recorded_at.FromDatetime(copy.recorded_at.ToDatetime() + timedelta(days=400))  # after `between`
        later.append(copy)
    database = fold_into(client, later + events, [3])  # the later copy arrives first
    try:
        between = max(e.recorded_at.ToDatetime(tzinfo=timezone.utc) for e in events) + timedelta(days=1)
        reader = Reader(client, database, as_of=between)
        known = lambda: (sorted(client.query(dossier_state_sql(database, between), parameters={"as_of": between})  # noqa: E731
                                .result_rows), archive.data_status(reader))
        before = known()
        for table in ("events", "dossier_facts", "feedback", "accounts_assisted"):
            client.command(f"OPTIMIZE TABLE {database}.{table} FINAL")
        assert known() == before and len(before[0]) == 5
        for table in ("events", "dossier_facts"):  # FINAL keeps each event once, as first recorded
            kept = client.query(f"SELECT count(), countIf(recorded_at > {{at:DateTime64(3, 'UTC')}}) "
                                f"FROM {database}.{table} FINAL", parameters={"at": between}).result_rows[0]
            assert kept[1] == 0 and kept[0] > 0, table
    finally:
        client.command(f"DROP DATABASE IF EXISTS {database} SYNC")
