"""Bad input against the real broker: field-level errors, nothing published for it, and the good items
of a batch still published."""
from __future__ import annotations

import json

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from motcua.interchange import LineError, parse_line
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from tests.integration.commands_support import CENTER, EXAMPLES, event, payload, read_topic, serving


def violations(error: grpc.aio.AioRpcError) -> dict[str, str]:
    status = rpc_status.from_call(error)
    detail = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(detail)
    return {v.field: v.description for v in detail.field_violations}


@pytest.mark.parametrize("service, method, type_name, changes, field", [
    ("intake", "ReceiveDossier", "dossier.received", {"department": "NOWHERE"}, "department"),
    ("intake", "ReceiveDossier", "dossier.received", {"procedure_code": "XX-1"}, "procedure_code"),
    ("intake", "ReceiveDossier", "dossier.received", {"field": "Đất đai"}, "field"),
    ("intake", "ReceiveDossier", "dossier.received", {"dossier_id": "with space"}, "dossier_id"),
    ("intake", "ReceiveDossier", "dossier.received", {"due_at": "2023-04-01T00:00:00+07:00"}, "due_at"),
    ("intake", "PublishIndex766", "index766.published", {"period": "2023-4"}, "period"),
    ("processing", "ResolveDossier", "dossier.resolved", {"resolved_at": "2099-01-01T00:00:00+07:00"}, "resolved_at"),
    ("payment", "CompletePayment", "payment.completed", {"amount_vnd": -5}, "amount_vnd"),
    ("survey", "SubmitSurvey", "survey.submitted", {"survey_id": ""}, "survey_id"),
])
async def test_a_bad_event_is_invalid_argument_naming_the_field_and_nothing_is_published(
        settings, service, method, type_name, changes, field):
    async with serving(settings, service) as stubs:
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await getattr(stubs[service], method)(payload(type_name, **changes), metadata=CENTER, timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(info.value) and field in info.value.details()
    assert await read_topic(settings, service, 0, settle=1.0) == []


async def test_unset_required_fields_and_unknown_enum_numbers_are_named(settings):
    resolved = payload("dossier.resolved")
    resolved.ClearField("resolved_at")
    resolved.outcome = 9
    async with serving(settings, "processing") as stubs:
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stubs["processing"].ResolveDossier(resolved, metadata=CENTER, timeout=10)
    assert set(violations(info.value)) == {"resolved_at", "outcome"}


async def test_a_batch_reports_each_bad_item_by_index_and_publishes_the_good_ones(settings):
    items = [event("dossier.received", dossier_id="OK-1"),
             event("dossier.received", dossier_id="BAD 2"),
             pb.Event(source="no payload"),
             event("payment.completed"),  # the payment service's event, sent to intake
             event("dossier.received", dossier_id="OK-5", channel="postal"),
             event("dossier.received", dossier_id="BAD-6", department="NOWHERE", due_at="2020-01-01T00:00:00Z")]
    async with serving(settings, "intake") as stubs:
        result = await stubs["intake"].SubmitBatch(cmd.EventBatch(events=items), metadata=CENTER, timeout=10)
    assert (result.accepted, result.refused) == (2, 4)
    refused = {r.index: r for r in result.results if not r.accepted}
    assert {i: r.field for i, r in refused.items()} == {1: "dossier_id", 2: "payload", 3: "payload", 5: "department"}
    assert all(r.code == "INVALID_ARGUMENT" for r in refused.values())
    assert {v.field for v in refused[5].violations} == {"department", "procedure_code", "due_at"}
    records = await read_topic(settings, "intake", 2)
    assert sorted(r.key for r in records) == [b"OK-1", b"OK-5"]


async def test_an_oversize_batch_is_refused_whole(settings):
    items = [event("dossier.received", dossier_id=f"D-{n}") for n in range(5001)]
    async with serving(settings, "intake") as stubs:
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stubs["intake"].SubmitBatch(cmd.EventBatch(events=items), metadata=CENTER, timeout=20)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "events" in violations(info.value)


field_values = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40) | st.sampled_from(
    ["NOWHERE", "TU_PHAP", "2023-04-03T09:15:00", "2023-04-03T09:15:00+07:00", "2099-01-01T00:00:00Z", "a b"])


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
async def test_generated_lines_through_the_batch_call_are_each_accepted_or_refused(settings, data):
    type_names = [t for t in EXAMPLES if t.startswith("dossier.") and t != "dossier.received"] + ["dossier.received"]
    events = []
    for n in range(20):
        type_name = data.draw(st.sampled_from(type_names))
        changes = data.draw(st.dictionaries(st.sampled_from(sorted(EXAMPLES[type_name])), field_values, max_size=2))
        line = {**EXAMPLES[type_name], "dossier_id": f"G-{n}", **changes}
        try:
            events.append(parse_line(json.dumps(line)))
        except LineError:
            continue
    by_service = {"intake": [e for e in events if e.WhichOneof("payload") in ("dossier_received", "dossier_digitized")]}
    by_service["processing"] = [e for e in events if e not in by_service["intake"]]
    async with serving(settings, "intake", "processing") as stubs:
        for service, items in by_service.items():
            result = await stubs[service].SubmitBatch(cmd.EventBatch(events=items), metadata=CENTER, timeout=10)
            assert len(result.results) == len(items) == result.accepted + result.refused
            assert all(r.accepted == bool(r.event_id) and (r.accepted or (r.field or r.code == "INTERNAL") and r.message)
                       for r in result.results)
            assert not any(r.code == "INTERNAL" for r in result.results)
