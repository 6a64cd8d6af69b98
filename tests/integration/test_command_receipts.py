"""Processing refuses a resolution, withdrawal or supplement dated before the dossier's receipt, which
intake (another process) accepted: it learns receipts from the intake topic. A dossier whose receipt
it does not know yet is accepted (events arrive out of order)."""
from __future__ import annotations

import asyncio
import time

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from motcua.v1 import commands_pb2 as cmd
from tests.integration.commands_support import CENTER, event, payload, read_topic, serving

BEFORE = "2023-04-01T09:00:00+07:00"  # two days before the example receipt (2023-04-03T09:15+07:00)
CALLS = {"dossier.resolved": ("ResolveDossier", "resolved_at"), "dossier.withdrawn": ("WithdrawDossier", "at"),
         "dossier.supplement_requested": ("RequestSupplement", "at"),
         "dossier.supplement_received": ("ReceiveSupplement", "at")}


async def refusal(call) -> tuple[grpc.StatusCode, list[error_details_pb2.PreconditionFailure.Violation]]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    found = []
    for detail in rpc_status.from_call(info.value).details:
        failure = error_details_pb2.PreconditionFailure()
        if detail.Unpack(failure):
            found += list(failure.violations)
    return info.value.code(), found


async def test_processing_refuses_what_is_dated_before_a_receipt_intake_accepted(settings):
    async with serving(settings, "intake") as intake:
        await intake["intake"].ReceiveDossier(payload("dossier.received"), metadata=CENTER, timeout=10)
        async with serving(settings, "processing") as stubs:  # started after: it catches up on the topic
            processing = stubs["processing"]
            for type_name, (method, field) in CALLS.items():
                code, violations = await refusal(getattr(processing, method)(
                    payload(type_name, dossier_id="TP-20230403-0001", **{field: BEFORE}), metadata=CENTER, timeout=10))
                assert code == grpc.StatusCode.FAILED_PRECONDITION
                assert violations[0].subject == field and "TP-20230403-0001" in violations[0].description
                assert "before its receipt" in violations[0].description
            batch = await processing.SubmitBatch(cmd.EventBatch(events=[
                event("dossier.resolved", resolved_at=BEFORE), event("dossier.resolved"),
                event("dossier.resolved", dossier_id="NOT-YET-RECEIVED", resolved_at=BEFORE)]), metadata=CENTER, timeout=10)
    assert [(r.accepted, r.code, r.field) for r in batch.results] == [
        (False, "FAILED_PRECONDITION", "resolved_at"), (True, "", ""), (True, "", "")]
    keys = {r.key for r in await read_topic(settings, "processing", 2)}
    assert keys == {b"TP-20230403-0001", b"NOT-YET-RECEIVED"}


async def test_a_receipt_accepted_while_processing_runs_is_learnt_from_the_topic(settings):
    async with serving(settings, "processing", "intake") as stubs:
        await stubs["intake"].ReceiveDossier(payload("dossier.received", dossier_id="LIVE-1"), metadata=CENTER, timeout=10)
        early = payload("dossier.withdrawn", dossier_id="LIVE-1", at=BEFORE)
        deadline, code = time.monotonic() + 15, None
        while time.monotonic() < deadline:  # the same event each time: accepted at most once, before the receipt is read
            try:
                await stubs["processing"].WithdrawDossier(early, metadata=CENTER, timeout=10)
            except grpc.aio.AioRpcError as exc:
                code = exc.code()
                break
            await asyncio.sleep(0.2)
    assert code == grpc.StatusCode.FAILED_PRECONDITION


async def test_kafka_away_at_start_processing_serves_and_learns_receipts_once_it_is_back(settings, monkeypatch):
    from motcua import receipts
    monkeypatch.setattr(receipts, "RETRY_S", 0.5)
    real_connect = receipts.ReceiptWatcher._connect
    attempts = []

    async def away_at_first(self):  # the first attempt finds no Kafka, as after a power cut
        attempts.append(1)
        return False if len(attempts) == 1 else await real_connect(self)

    monkeypatch.setattr(receipts.ReceiptWatcher, "_connect", away_at_first)
    async with serving(settings, "intake", "processing") as stubs:
        await stubs["intake"].ReceiveDossier(payload("dossier.received", dossier_id="LATE-1"), metadata=CENTER, timeout=10)
        early = payload("dossier.resolved", dossier_id="LATE-1", resolved_at=BEFORE)
        deadline, code = time.monotonic() + 15, None
        while time.monotonic() < deadline and code is None:
            try:
                await stubs["processing"].ResolveDossier(early, metadata=CENTER, timeout=10)
                await asyncio.sleep(0.2)
            except grpc.aio.AioRpcError as exc:
                code = exc.code()
    assert len(attempts) >= 2 and code == grpc.StatusCode.FAILED_PRECONDITION
