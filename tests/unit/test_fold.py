"""The fold, the contract and the batch identity: pure, no servers."""
from __future__ import annotations

import json
import random
from collections import namedtuple
from datetime import datetime, timezone

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from motcua.events import EVENT_TYPES, envelope, event_type_of
from motcua.interchange import to_object
from motcua.v1 import events_pb2 as pb
from motcua_tools.sample_events import month_of_events
from projector.batch import batch_key, fold_batch
from projector.contract import Violation, check, decode
from projector.fold import COLUMNS, fold, table_rows
from projector.jsonform import iso, payload_json

Record = namedtuple("Record", "topic partition offset key value")
EVENTS = month_of_events(300, seed=3, side=40)


def topic_of(event: pb.Event, prefix: str = "motcua") -> str:
    return f"{prefix}.{event_type_of(event).service}.v1"


def record(event: pb.Event, offset: int = 0, partition: int = 0) -> Record:
    return Record(topic_of(event), partition, offset, event.dossier_id.encode(), event.SerializeToString())


def test_the_sample_covers_every_event_type():
    assert {e.type for e in EVENTS} == set(EVENT_TYPES)


def test_the_archive_payload_is_the_interchange_form_byte_for_byte():
    for event in EVENTS:
        expected = json.dumps(to_object(event), ensure_ascii=False, separators=(",", ":"))
        assert payload_json(decode(event.SerializeToString())) == expected


def test_iso_writes_what_datetime_isoformat_writes():
    rng = random.Random(5)
    for _ in range(5000):
        stamp = Timestamp(seconds=rng.randrange(0, 4_000_000_000), nanos=rng.choice([0, 999, 1000, rng.randrange(10**9)]))
        assert iso(stamp) == stamp.ToDatetime(tzinfo=timezone.utc).isoformat()


def _one(payload) -> pb.Event:
    return envelope(payload, source="unit", recorded_at=datetime(2023, 4, 2, tzinfo=timezone.utc))


def _stamped(message, **times):
    for name, at in times.items():
        getattr(message, name).FromDatetime(at)
    return message


APRIL = datetime(2023, 4, 3, 8, 30, tzinfo=timezone.utc)


def test_a_receipt_becomes_an_archive_row_and_a_fact_row():
    event = _one(_stamped(pb.DossierReceived(dossier_id="D1", department="TU_PHAP", field="Hộ tịch",
                                             procedure_code="TP-1", channel=pb.CHANNEL_POSTAL),
                          received_at=APRIL, due_at=datetime(2023, 4, 10, tzinfo=timezone.utc)))
    rows = fold(decode(event.SerializeToString()), "motcua.intake.v1", 2, 41)
    archived = dict(zip(COLUMNS["events"], table_rows(rows, "events")[0]))
    assert archived["type"] == "dossier.received" and (archived["partition"], archived["offset"]) == (2, 41)
    assert archived["recorded_at"] == 1680393600000 and archived["occurred_at"] == int(APRIL.timestamp() * 1000)
    fact = dict(zip(COLUMNS["dossier_facts"], table_rows(rows, "dossier_facts")[0]))
    assert fact["channel"] == "postal" and fact["field"] == "Hộ tịch" and fact["resolved_at"] is None
    assert fact["due_at"] == 1681084800000
    assert sum(len(table_rows(rows, t)) for t in COLUMNS) == 2


@pytest.mark.parametrize("payload, table, expected", [
    (_stamped(pb.DossierResolved(dossier_id="D1", department="TNMT", outcome=pb.OUTCOME_REFUSED), resolved_at=APRIL),
     "dossier_facts", {"outcome": "refused", "resolved_at": int(APRIL.timestamp() * 1000), "channel": ""}),
    (_stamped(pb.SupplementRequested(dossier_id="D1", department="TNMT"), at=APRIL),
     "dossier_facts", {"supplement_requested_at": int(APRIL.timestamp() * 1000), "received_at": None}),
    (_stamped(pb.PaymentCompleted(payment_id="P1", dossier_id="D1", department="TNMT", amount_vnd=50_000,
                                  method=pb.PAYMENT_METHOD_NATIONAL_PORTAL), paid_at=APRIL),
     "payments", {"method": "national_portal", "amount_vnd": 50_000}),
    (_stamped(pb.SurveySubmitted(survey_id="S1", department="TNMT", rating=pb.RATING_SATISFIED), submitted_at=APRIL),
     "survey_ratings", {"rating": "satisfied", "dossier_id": ""}),
    (_stamped(pb.FeedbackResolved(feedback_id="F1", department="TNMT"), at=APRIL),
     "feedback", {"received_at": None, "resolved_at": int(APRIL.timestamp() * 1000)}),
    (_stamped(pb.AccountAssisted(account_ref="A1"), at=APRIL), "accounts_assisted", {"department": ""}),
    (pb.CatalogDecisionPublished(number="1/QĐ", date="2023-04-01", department="TNMT", fields=["Đất đai"]),
     "catalog_decisions", {"at": None, "fields": ["Đất đai"]}),
])
def test_each_event_type_folds_into_its_read_model(payload, table, expected):
    rows = fold(decode(_one(payload).SerializeToString()))
    assert len(table_rows(rows, "events")) == 1 and len(table_rows(rows, table)) == 1
    assert all(len(column) == 1 for column in rows[table]), "one value in every column"
    row = dict(zip(COLUMNS[table], table_rows(rows, table)[0]))
    assert {k: row[k] for k in expected} == expected


def _broken(mutate) -> Record:
    event = _one(_stamped(pb.DossierResolved(dossier_id="D9", department="TNMT", outcome=pb.OUTCOME_APPROVED),
                          resolved_at=APRIL))
    mutate(event)
    return record(event)


@pytest.mark.parametrize("bad, code", [
    (Record("motcua.intake.v1", 0, 0, b"k", b"\xff\xff\xff not protobuf"), "undecodable"),
    (Record("motcua.intake.v1", 0, 0, b"k", pb.Event(event_id="x", type="dossier.received").SerializeToString()),
     "no_payload"),
    (_broken(lambda e: setattr(e, "type", "dossier.received")), "type_mismatch"),
    (_broken(lambda e: None)._replace(topic="motcua.payment.v1"), "wrong_topic"),
    (_broken(lambda e: e.dossier_resolved.ClearField("dossier_id")), "missing_id"),
    (_broken(lambda e: setattr(e, "event_id", "")), "missing_id"),
    (_broken(lambda e: e.ClearField("recorded_at")), "missing_time"),
    (_broken(lambda e: e.dossier_resolved.ClearField("resolved_at")), "missing_time"),
    (_broken(lambda e: setattr(e.dossier_resolved, "outcome", 0)), "invalid_value"),
])
def test_a_broken_event_is_a_dead_letter_with_its_reason(bad, code):
    good = record(EVENTS[0], offset=1)
    batch = fold_batch([bad, good])
    assert [(d.code, d.record) for d in batch.dead] == [(code, bad)]
    assert batch.folded == 1 and len(table_rows(batch.rows, "events")) == 1
    assert batch.next_offsets[(bad.topic, 0)] >= 1  # a dead letter's offset is committed too


def test_a_receipt_without_its_due_date_breaks_the_contract():
    payload = _stamped(pb.DossierReceived(dossier_id="D2", department="TNMT", field="f", procedure_code="p",
                                          channel=pb.CHANNEL_ONLINE), received_at=APRIL)
    with pytest.raises(Violation) as info:
        check(decode(_one(payload).SerializeToString()), "motcua.intake.v1")
    assert info.value.code == "missing_time" and "due_at" in info.value.detail


def test_a_fold_failure_is_kept_aside_and_leaves_no_partial_rows():
    bad = _one(pb.CatalogDecisionPublished(number="2/QĐ", date="2023-02-28", department="TNMT"))
    bad.catalog_decision_published.date = "2023-02-30"  # past the command side's checks
    batch = fold_batch([record(bad), record(EVENTS[0], offset=1)])
    assert [d.code for d in batch.dead] == ["fold_error"]
    assert len(table_rows(batch.rows, "events")) == 1 and not table_rows(batch.rows, "catalog_decisions")


def test_a_value_clickhouse_could_not_store_is_a_dead_letter_not_a_stuck_batch():
    bad = _one(pb.CatalogDecisionPublished(number="3/QĐ", date="2200-01-01", department="TNMT"))
    batch = fold_batch([record(bad)])
    assert [d.code for d in batch.dead] == ["invalid_value"] and not batch.folded


def test_a_batch_is_known_by_its_exact_offset_ranges():
    records = [Record("t.intake.v1", p, o, b"", b"") for p, o in [(0, 5), (0, 6), (1, 9), (2, 3)]]
    same_cut = [records[i] for i in (3, 1, 0, 2)]
    assert batch_key(records) == batch_key(same_cut)
    # Same first and last position and the same count, other records: another batch.
    other = [Record("t.intake.v1", p, o, b"", b"") for p, o in [(0, 5), (1, 9), (1, 10), (2, 3)]]
    assert batch_key(other) != batch_key(records)
    assert batch_key(records[:3]) != batch_key(records)


def test_folding_is_independent_of_order_and_copies():
    records = [record(e, offset=n) for n, e in enumerate(EVENTS[:200])]
    once = fold_batch(records).rows
    shuffled = records[::-1] + records[:50]
    again = fold_batch(shuffled).rows
    for table in COLUMNS:
        # Rows differ only by log position (the archive's offsets); the read models' rows are the same set.
        strip = (lambda row: row[:7] + row[10:]) if table == "events" else (lambda row: row)
        assert {strip(r) for r in table_rows(again, table)} == {strip(r) for r in table_rows(once, table)}, table


def test_the_fold_unpacks_each_payload_in_its_proto_field_order():
    """fold.py unpacks payload fields by position: a reordered or new proto field must fail here."""
    from projector.contract import SHAPES

    moment = ("dossier_id", "department", "at")
    expected = {
        "dossier_received": ("dossier_id", "department", "field", "procedure_code", "channel", "received_at",
                             "due_at", "processing_days"),
        "dossier_resolved": ("dossier_id", "department", "resolved_at", "outcome"),
        "dossier_withdrawn": moment, "dossier_digitized": moment,
        "supplement_requested": moment, "supplement_received": moment,
        "payment_completed": ("payment_id", "dossier_id", "department", "amount_vnd", "method", "paid_at"),
        "survey_submitted": ("survey_id", "department", "rating", "submitted_at", "dossier_id"),
        "feedback_received": ("feedback_id", "department", "at"), "feedback_resolved": ("feedback_id", "department", "at"),
        "account_assisted": ("account_ref", "at", "department"),
        "catalog_decision_published": ("number", "date", "department", "fields", "changes", "at"),
        "index766_published": ("period", "total", "rank", "of", "change_vs_same_period_pct", "components"),
    }
    assert {oneof: shape.names for oneof, shape in SHAPES.items()} == expected


def test_an_absent_optional_field_reads_as_none():
    event = next(e for e in EVENTS if e.type == "dossier.received")
    assert decode(event.SerializeToString()).values[7] is None
    event.dossier_received.processing_days = 0
    assert decode(event.SerializeToString()).values[7] == 0


def test_every_column_of_a_table_gets_a_value_for_every_row():
    rows = fold_batch([record(e, offset=n) for n, e in enumerate(EVENTS)]).rows
    for table, columns in rows.items():
        assert len(columns) == len(COLUMNS[table]) and len({len(c) for c in columns}) == 1, table
    assert len(rows["events"][0]) == len(EVENTS)  # one archive row per event folded (copies collapse in ClickHouse)
