"""Credentials on the command APIs: no token, an unknown token, another department's events, a
read-only caller; the Center for everyone; TLS; and what stays open (health, reflection)."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from motcua.command_server import running
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua.v1 import intake_pb2_grpc, reference_pb2_grpc
from motcua.v1 import reference_pb2 as ref
from tests.conftest import free_port_pair
from tests.integration.commands_support import CENTER, READER, as_department, event, payload, read_topic, serving


async def code_of(call) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code()


async def test_no_token_or_an_unknown_one_is_unauthenticated(settings):
    async with serving(settings, "intake", "payment") as stubs:
        for metadata in ((), (("authorization", "Bearer nope"),), (("authorization", "dev-center"),)):
            assert await code_of(stubs["intake"].ReceiveDossier(payload("dossier.received"), metadata=metadata,
                                                                timeout=10)) == grpc.StatusCode.UNAUTHENTICATED
            assert await code_of(stubs["payment"].SubmitBatch(cmd.EventBatch(events=[event("payment.completed")]),
                                                              metadata=metadata, timeout=10)) == grpc.StatusCode.UNAUTHENTICATED
    assert await read_topic(settings, "intake", 0) == []


async def test_a_department_submits_its_own_events_only(settings):
    async with serving(settings, "processing") as stubs:
        mine = await stubs["processing"].ResolveDossier(payload("dossier.resolved"),
                                                        metadata=as_department("TU_PHAP"), timeout=10)
        assert mine.event_id
        assert await code_of(stubs["processing"].ResolveDossier(
            payload("dossier.resolved"), metadata=as_department("Y_TE"), timeout=10)) == grpc.StatusCode.PERMISSION_DENIED
        batch = cmd.EventBatch(events=[event("dossier.withdrawn", dossier_id="W-1"),
                                       event("dossier.withdrawn", dossier_id="W-2", department="Y_TE"),
                                       event("dossier.withdrawn", dossier_id="W-3", department=...)])
        result = await stubs["processing"].SubmitBatch(batch, metadata=as_department("TU_PHAP"), timeout=10)
    assert [(r.accepted, r.code) for r in result.results] == [(True, ""), (False, "PERMISSION_DENIED"), (True, "")]
    records = await read_topic(settings, "processing", 3)
    assert {r.key: pb.Event.FromString(r.value).department for r in records} == {
        b"TP-20230403-0001": "TU_PHAP", b"W-1": "TU_PHAP", b"W-3": "TU_PHAP"}  # W-3 stamped with the caller's


async def test_publications_need_the_center_and_readers_submit_nothing(settings):
    async with serving(settings, "intake") as stubs:
        decision = payload("catalog.decision_published")
        assert await code_of(stubs["intake"].PublishCatalogDecision(
            decision, metadata=as_department("CONG_THUONG"), timeout=10)) == grpc.StatusCode.PERMISSION_DENIED
        assert (await stubs["intake"].PublishCatalogDecision(decision, metadata=CENTER, timeout=10)).event_id
        assert (await stubs["intake"].PublishIndex766(payload("index766.published"),
                                                      metadata=(("authorization", "Bearer dev-admin"),), timeout=10)).event_id
        assert await code_of(stubs["intake"].ReceiveDossier(payload("dossier.received"), metadata=READER,
                                                            timeout=10)) == grpc.StatusCode.PERMISSION_DENIED
        assert await code_of(stubs["intake"].SubmitBatch(cmd.EventBatch(events=[event("dossier.received")]),
                                                         metadata=READER, timeout=10)) == grpc.StatusCode.PERMISSION_DENIED
    assert len(await read_topic(settings, "intake", 2)) == 2


async def test_health_and_reflection_need_no_token_and_the_reference_service_answers(settings):
    own = dataclasses.replace(settings, grpc_port=free_port_pair(), metrics_port=0)
    async with running("intake", own) as address, grpc.aio.insecure_channel(address) as channel:
        health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5)
        names = {s.name async for answer in reflection for s in answer.list_services_response.service}
        assert {"motcua.v1.IntakeService", "motcua.v1.ReferenceService", "grpc.health.v1.Health"} <= names
        reference = reference_pb2_grpc.ReferenceServiceStub(channel)
        assert await code_of(reference.ListDepartments(ref.ListDepartmentsRequest(), timeout=5)) == \
            grpc.StatusCode.UNAUTHENTICATED
        departments = await reference.ListDepartments(ref.ListDepartmentsRequest(), metadata=READER, timeout=5)
        assert len(departments.departments) == 17
        procedures = await reference.ListProcedures(ref.ListProceduresRequest(department="TU_PHAP", field="Hộ tịch"),
                                                    metadata=READER, timeout=5)
        assert [(p.code, p.processing_days, p.fee_vnd) for p in procedures.procedures] == [("TP-003", 1, 8000)]
        fields = await reference.ListFields(ref.ListFieldsRequest(department="TU_PHAP"), metadata=READER, timeout=5)
        assert "Hộ tịch" in [f.name for f in fields.fields]
        assert (await reference.GetProcedure(ref.GetProcedureRequest(code="TP-001"), metadata=READER)).field == \
            "Lý lịch tư pháp"
        assert await code_of(reference.GetProcedure(ref.GetProcedureRequest(code="XX"), metadata=READER)) == \
            grpc.StatusCode.NOT_FOUND
        assert await code_of(reference.ListProcedures(ref.ListProceduresRequest(department="NOWHERE"),
                                                      metadata=READER)) == grpc.StatusCode.INVALID_ARGUMENT
        me = await reference.WhoAmI(ref.WhoAmIRequest(), metadata=as_department("Y_TE"))
        assert (me.principal, me.scope, me.department) == ("y_te", "department", "Y_TE")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")
async def test_tls_carries_the_token(settings, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    own = dataclasses.replace(settings, grpc_port=free_port_pair(), metrics_port=0, tls_cert_file=cert, tls_key_file=key)
    async with running("intake", own) as address:
        credentials = grpc.ssl_channel_credentials(cert.read_bytes())
        async with grpc.aio.secure_channel(address, credentials) as channel:
            accepted = await intake_pb2_grpc.IntakeServiceStub(channel).ReceiveDossier(
                payload("dossier.received"), metadata=CENTER, timeout=10)
            assert accepted.event_id
        async with grpc.aio.insecure_channel(address) as plain:
            assert await code_of(intake_pb2_grpc.IntakeServiceStub(plain).ReceiveDossier(
                payload("dossier.received"), metadata=CENTER, timeout=5)) == grpc.StatusCode.UNAVAILABLE
