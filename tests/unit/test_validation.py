"""Validation of payloads: each class of bad input names its field; every valid example passes."""
from __future__ import annotations

import math
from datetime import datetime, timezone

import pytest

from motcua.catalog import Catalog
from motcua.v1 import events_pb2 as pb
from motcua.validation import validate, validate_envelope
from tests.integration.commands_support import EXAMPLES, payload

CATALOG = Catalog.load()
NOW = datetime(2023, 5, 1, tzinfo=timezone.utc)


def fields_of(message) -> list[str]:
    return [e.field for e in validate(message, CATALOG, now=NOW)]


@pytest.mark.parametrize("type_name", sorted(EXAMPLES))
def test_every_example_is_valid(type_name):
    assert validate(payload(type_name), CATALOG, now=NOW) == []


@pytest.mark.parametrize("type_name, changes, field", [
    # ids: syntax and presence
    ("dossier.received", {"dossier_id": "has space"}, "dossier_id"),
    ("dossier.received", {"dossier_id": "x" * 65}, "dossier_id"),
    ("dossier.resolved", {"dossier_id": "-leading-dash"}, "dossier_id"),
    ("payment.completed", {"payment_id": "P 1"}, "payment_id"),
    ("survey.submitted", {"survey_id": ""}, "survey_id"),
    ("feedback.received", {"feedback_id": "a\nb"}, "feedback_id"),
    ("account.assisted", {"account_ref": "tài-khoản"}, "account_ref"),
    # catalog: unknown department, procedure, field; a procedure of another department
    ("dossier.received", {"department": "NOWHERE"}, "department"),
    ("dossier.received", {"procedure_code": "XX-999"}, "procedure_code"),
    ("dossier.received", {"procedure_code": "YT-004"}, "procedure_code"),
    ("dossier.received", {"field": "Đất đai"}, "field"),
    ("payment.completed", {"department": "tu_phap"}, "department"),
    ("dossier.resolved", {"department": "NOWHERE"}, "department"),
    ("catalog.decision_published", {"fields": ["Hộ tịch"]}, "fields"),
    # time: out of range, business times in the future, deadline before receipt
    ("dossier.received", {"received_at": "2014-12-31T23:00:00+07:00"}, "received_at"),
    ("dossier.resolved", {"resolved_at": "2023-05-03T00:00:00+07:00"}, "resolved_at"),
    ("dossier.received", {"due_at": "2023-04-02T09:15:00+07:00"}, "due_at"),
    ("dossier.received", {"due_at": "2030-04-02T09:15:00+07:00"}, "due_at"),
    ("dossier.received", {"due_at": ..., "processing_days": 400}, "processing_days"),
    ("dossier.received", {"due_at": ..., "processing_days": -1}, "processing_days"),
    # amounts
    ("payment.completed", {"amount_vnd": 0}, "amount_vnd"),
    ("payment.completed", {"amount_vnd": -8000}, "amount_vnd"),
    ("payment.completed", {"amount_vnd": 10_000_000_001}, "amount_vnd"),
    # publications
    ("catalog.decision_published", {"changes": ["renamed"]}, "changes"),
    ("catalog.decision_published", {"date": None, "at": ...}, "at"),
    ("index766.published", {"period": "2023-13"}, "period"),
    ("index766.published", {"total": 100.5}, "total"),
    ("index766.published", {"rank": 64}, "rank"),
    ("index766.published", {"components": {"x": {"score": 19, "max": 18}}}, "components.x"),
    ("index766.published", {"components": {}}, "components"),
    # sizes
    ("dossier.received", {"field": "x" * 300}, "field"),
])
def test_each_class_of_bad_input_names_its_field(type_name, changes, field):
    assert field in fields_of(payload(type_name, **changes))


def test_required_times_and_enums_left_unset_are_named():
    received = payload("dossier.received")
    received.ClearField("received_at")
    received.channel = pb.CHANNEL_UNSPECIFIED
    assert {"received_at", "channel"} <= set(fields_of(received))
    resolved = payload("dossier.resolved")
    resolved.outcome = 7  # proto3 enums are open: a number no one defined still parses
    assert fields_of(resolved) == ["outcome"]


def test_a_decision_date_that_is_no_date_is_refused():
    decision = payload("catalog.decision_published")
    for bad in ("2023-02-30", "03/04/2023", "2023-4-3"):
        decision.date = bad
        assert fields_of(decision) == ["date"]


def test_nanos_and_non_finite_numbers_are_refused():
    paid = payload("payment.completed")
    paid.paid_at.nanos = -1
    assert fields_of(paid) == ["paid_at"]
    index = payload("index766.published")
    index.change_vs_same_period_pct = math.nan
    index.components["x"].score, index.components["x"].max = math.inf, 18
    assert set(fields_of(index)) == {"change_vs_same_period_pct", "components.x"}


def test_a_deadline_ahead_of_now_is_fine_but_a_receipt_ahead_is_not():
    received = payload("dossier.received", received_at="2023-04-30T09:00:00+07:00",
                       due_at="2023-06-30T09:00:00+07:00")
    assert fields_of(received) == []
    assert fields_of(payload("dossier.received", received_at="2023-05-03T09:00:00+07:00",
                             due_at="2023-06-30T09:00:00+07:00")) == ["received_at"]


def test_optional_departments_and_dossiers():
    assert fields_of(payload("dossier.resolved", department=...)) == []
    assert fields_of(payload("account.assisted", department="TU_PHAP")) == []
    assert fields_of(payload("survey.submitted", dossier_id=...)) == []
    anonymous = payload("survey.submitted")
    anonymous.department = ""
    assert fields_of(anonymous) == ["department"]


def test_every_error_of_one_payload_is_reported_not_only_the_first():
    bad = payload("payment.completed", department="NOWHERE", amount_vnd=-1, payment_id="a b")
    assert set(fields_of(bad)) == {"department", "amount_vnd", "payment_id"}


def test_the_envelope_fields_a_sender_may_set():
    assert validate_envelope("ext-42", "dvc-hanam") == []
    assert [e.field for e in validate_envelope("not an id", "x" * 65)] == ["event_id", "source"]
