"""Re-sending changes nothing: the same event keeps its id, a process that accepted it answers
`duplicate` and publishes nothing; after a restart the id alone lets downstream drop the copy."""
from __future__ import annotations

import grpc
import pytest

from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from tests.integration.commands_support import CENTER, event, payload, read_topic, serving


async def test_the_same_event_twice_is_one_record(settings):
    async with serving(settings, "payment") as stubs:
        first = await stubs["payment"].CompletePayment(payload("payment.completed"), metadata=CENTER, timeout=10)
        again = await stubs["payment"].CompletePayment(payload("payment.completed"), metadata=CENTER, timeout=10)
    assert first.event_id == again.event_id and not first.duplicate and again.duplicate
    records = await read_topic(settings, "payment", 1, settle=1.5)
    assert len(records) == 1 and pb.Event.FromString(records[0].value).event_id == first.event_id


async def test_a_retried_batch_publishes_only_what_is_new(settings):
    batch = cmd.EventBatch(events=[event("survey.submitted", survey_id=f"KS-{n}") for n in range(5)])
    bigger = cmd.EventBatch(events=[*batch.events, event("survey.submitted", survey_id="KS-5"),
                                    event("survey.submitted", survey_id="KS-5")])  # twice within one batch too
    async with serving(settings, "survey") as stubs:
        one = await stubs["survey"].SubmitBatch(batch, metadata=CENTER, timeout=10)
        two = await stubs["survey"].SubmitBatch(bigger, metadata=CENTER, timeout=10)
    assert (one.accepted, one.duplicates) == (5, 0)
    assert (two.accepted, two.duplicates) == (7, 6)
    assert [r.event_id for r in two.results[:5]] == [r.event_id for r in one.results]
    assert two.results[5].event_id == two.results[6].event_id
    assert len(await read_topic(settings, "survey", 6, settle=1.5)) == 6


async def test_after_a_restart_a_resend_keeps_its_id_for_downstream_deduplication(settings):
    ids = []
    for _ in range(2):  # two processes' lifetimes: the second has forgotten the first
        async with serving(settings, "processing") as stubs:
            ids.append((await stubs["processing"].ResolveDossier(payload("dossier.resolved"),
                                                                 metadata=CENTER, timeout=10)).event_id)
    records = await read_topic(settings, "processing", 2)
    assert ids[0] == ids[1] and {pb.Event.FromString(r.value).event_id for r in records} == {ids[0]}


async def test_a_senders_own_event_id_is_kept_and_cannot_name_another_event(settings):
    metadata = (*CENTER, ("x-motcua-event-id", "dvc-hanam-000042"))
    async with serving(settings, "processing") as stubs:
        kept = await stubs["processing"].WithdrawDossier(payload("dossier.withdrawn"), metadata=metadata, timeout=10)
        assert kept.event_id == "dvc-hanam-000042"
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stubs["processing"].WithdrawDossier(payload("dossier.withdrawn", dossier_id="OTHER-1"),
                                                      metadata=metadata, timeout=10)
    assert info.value.code() == grpc.StatusCode.ALREADY_EXISTS and "event_id" in info.value.details()


async def test_a_second_receipt_moving_a_dossier_to_another_department_is_refused(settings):
    async with serving(settings, "intake") as stubs:
        await stubs["intake"].ReceiveDossier(payload("dossier.received"), metadata=CENTER, timeout=10)
        corrected = await stubs["intake"].ReceiveDossier(payload("dossier.received", channel="direct"),
                                                         metadata=CENTER, timeout=10)
        assert corrected.event_id and not corrected.duplicate  # the same department may correct its receipt
        moved = event("dossier.received", department="Y_TE", field="Khám bệnh, chữa bệnh", procedure_code="YT-004")
        result = await stubs["intake"].SubmitBatch(cmd.EventBatch(events=[moved]), metadata=CENTER, timeout=10)
    assert (result.results[0].code, result.results[0].field) == ("ALREADY_EXISTS", "department")
    assert len(await read_topic(settings, "intake", 2)) == 2
