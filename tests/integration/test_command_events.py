"""Every event type of the interchange, through its own service's call, reaches its topic: keyed by
dossier (or entity) id, a full envelope as the value, acknowledged before the answer."""
from __future__ import annotations

from datetime import timezone

import pytest

from motcua.deadlines import due_at
from motcua.events import EVENT_TYPES, types_of
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from tests.integration.commands_support import CENTER, event, payload, read_topic, serving

UNARY = {  # event type: (service, method)
    "dossier.received": ("intake", "ReceiveDossier"),
    "dossier.digitized": ("intake", "DigitizeDossier"),
    "account.assisted": ("intake", "AssistAccount"),
    "catalog.decision_published": ("intake", "PublishCatalogDecision"),
    "index766.published": ("intake", "PublishIndex766"),
    "dossier.supplement_requested": ("processing", "RequestSupplement"),
    "dossier.supplement_received": ("processing", "ReceiveSupplement"),
    "dossier.resolved": ("processing", "ResolveDossier"),
    "dossier.withdrawn": ("processing", "WithdrawDossier"),
    "payment.completed": ("payment", "CompletePayment"),
    "survey.submitted": ("survey", "SubmitSurvey"),
    "feedback.received": ("survey", "ReceiveFeedback"),
    "feedback.resolved": ("survey", "ResolveFeedback"),
}
SERVICES = ("intake", "processing", "payment", "survey")


def test_every_event_type_has_a_call_on_its_owning_service():
    assert set(UNARY) == set(EVENT_TYPES)
    assert all(EVENT_TYPES[name].service == service for name, (service, _) in UNARY.items())


async def test_each_event_type_through_its_call_lands_on_its_topic(settings):
    async with serving(settings, *SERVICES) as stubs:
        sent = {}
        for name, (service, method) in UNARY.items():
            answer = await getattr(stubs[service], method)(
                payload(name), metadata=(*CENTER, ("x-motcua-source", "dvc-test")), timeout=15)
            assert answer.event_id and not answer.duplicate
            sent[answer.event_id] = name
    for service in SERVICES:
        expected = {i: n for i, n in sent.items() if EVENT_TYPES[n].service == service}
        records = await read_topic(settings, service, len(expected))
        assert len(records) == len(expected)
        for record in records:
            got = pb.Event.FromString(record.value)
            name = expected[got.event_id]
            assert got.type == name and got.WhichOneof("payload") == EVENT_TYPES[name].oneof_field
            assert got.source == "dvc-test" and got.recorded_at.seconds > 0 and got.occurred_at.seconds > 0
            body = getattr(got, EVENT_TYPES[name].oneof_field)
            assert got.dossier_id == (getattr(body, "dossier_id", "") or str(getattr(body, EVENT_TYPES[name].key_field)))
            assert record.key == got.dossier_id.encode()


@pytest.mark.parametrize("service", SERVICES)
async def test_a_batch_of_all_of_a_services_types_goes_through(settings, service):
    events = [event(t.name) for t in types_of(service)]
    async with serving(settings, service) as stubs:
        result = await stubs[service].SubmitBatch(cmd.EventBatch(events=events), metadata=CENTER, timeout=15)
    assert (result.accepted, result.refused) == (len(events), 0)
    records = await read_topic(settings, service, len(events))
    assert sorted(pb.Event.FromString(r.value).type for r in records) == sorted(t.name for t in types_of(service))


async def test_a_receipt_without_due_at_gets_it_in_working_days_across_tet(settings):
    # Received on Friday 2023-01-13 with 10 working days: Tết (2023-01-20 .. 01-26) and weekends are skipped.
    received = event("dossier.received", due_at=..., processing_days=10, received_at="2023-01-13T10:15:00+07:00")
    async with serving(settings, "intake") as stubs:
        result = await stubs["intake"].SubmitBatch(cmd.EventBatch(events=[received]), metadata=CENTER, timeout=15)
    assert result.accepted == 1
    (record,) = await read_topic(settings, "intake", 1)
    got = pb.Event.FromString(record.value).dossier_received
    expected = due_at(received.dossier_received.received_at.ToDatetime(tzinfo=timezone.utc), 10)
    assert got.due_at.ToDatetime(tzinfo=timezone.utc) == expected
    assert expected.date().isoformat() == "2023-02-03"  # 13 Jan + 4 days, Tết 20-26 Jan, + 6 days
    assert got.processing_days == 10
