"""Bad input at every door of the running command services (processes, with the projector behind them),
through gRPC and through a JSONL import: random bytes, undecodable and invalid UTF-8 messages and
lines, oversize requests and lines, huge strings, dates of 1900 and 2100, negative money, enum values
no one defined. Each gets a clear error; the services keep
serving; and every event accepted before, at the start of the module, is still in the archive once."""
from __future__ import annotations

import dataclasses
import io
import json
import uuid
from types import SimpleNamespace

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from motcua.auth import DEV_READER_TOKEN, bearer
from motcua.catalog import Catalog
from motcua.interchange import to_object
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua.v1 import reporting_pb2
from motcua_tools import ledger
from motcua_tools.importer import STUBS, Importer, read_lines
from motcua_tools.loaddriver import LoadDriver
from motcua_tools.loadgen import LoadMix
from motcua_tools.stack import Stack, grpc_serving, metrics_answer
from tests.e2e.conftest import free_service_ports
from tests.integration.commands_support import CENTER, EXAMPLES, event, payload

SERVICES = ("intake", "processing", "payment", "survey")


@pytest.fixture(scope="module")
async def doors(infra_settings, tmp_path_factory):
    run = uuid.uuid4().hex[:8]
    settings = dataclasses.replace(infra_settings, topic_prefix=f"z{run}", clickhouse_database=f"z_{run}",
                                   state_dir=tmp_path_factory.mktemp("doors"))
    stack = Stack(settings, services=(*SERVICES, "projector", "reporting"), ports=free_service_ports())
    stack.start()
    acks = ledger.AckLog(settings.state_dir / "acks.txt")
    driver = LoadDriver({s: f"127.0.0.1:{stack.ports[s][0]}" for s in SERVICES}, acks, rate=200)
    try:
        stats = await driver.run(LoadMix(Catalog.load(), run).events(), seconds=1.5)  # accepted before the abuse
        assert stats.acked > 200 and not stats.refused and not stats.unacknowledged
        channels = {s: grpc.aio.insecure_channel(f"127.0.0.1:{stack.ports[s][0]}", options=[
            ("grpc.max_send_message_length", -1)]) for s in (*SERVICES, "reporting")}
        yield SimpleNamespace(stack=stack, settings=settings, acks=acks, channels=channels)
        for channel in channels.values():
            await channel.close()
    finally:
        await driver.close()
        acks.close()
        stack.stop()


def raw_batch(doors, service: str):
    path = f"/motcua.v1.{STUBS[service].__name__.removesuffix('Stub')}/SubmitBatch"
    return doors.channels[service].unary_unary(path, request_serializer=None, response_deserializer=None)


def assert_unharmed(doors) -> None:
    """Every service answers, and the archive holds every acknowledged event exactly once."""
    ports = doors.stack.ports
    assert all(grpc_serving(ports[s][0]) for s in (*SERVICES, "reporting")) and metrics_answer(ports["projector"][1])
    acknowledged = ledger.read_acks([doors.acks.path])
    report = ledger.wait_until_exact(lambda: ledger.check(doors.settings, doors.settings.clickhouse_database,
                                                          acknowledged), timeout=30)
    assert report.exact and report.figures_checked and not report.unexpected, report.summary()


def violations(error: grpc.aio.AioRpcError) -> dict[str, str]:
    detail = error_details_pb2.BadRequest()
    assert rpc_status.from_call(error).details[0].Unpack(detail)
    return {v.field: v.description for v in detail.field_violations}


def invalid_utf8_batch() -> bytes:
    marker = "MARKER-0123456789"
    body = cmd.EventBatch(events=[event("dossier.withdrawn", dossier_id=marker)]).SerializeToString()
    return body.replace(marker.encode(), b"\xff\xfe\xfd" + b"x" * (len(marker) - 3))


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.binary(max_size=2048) | st.just(invalid_utf8_batch()))
async def test_random_bytes_into_every_batch_call_are_answered(doors, body):
    for service in SERVICES:
        try:
            answer = cmd.BatchResult.FromString(await raw_batch(doors, service)(body, metadata=CENTER, timeout=10))
        except grpc.aio.AioRpcError as error:
            assert error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.UNKNOWN), error
            assert error.details() and len(error.details()) < 2000
            continue
        if any(r.accepted for r in answer.results):  # valid by chance: it counts
            sent = cmd.EventBatch.FromString(body).events
            doors.acks.record_events((r.event_id, sent[r.index]) for r in answer.results if r.accepted)
        assert all(r.accepted or (r.code and r.message) for r in answer.results)


async def test_an_undecodable_request_is_invalid_argument_after_authentication(doors):
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await raw_batch(doors, "intake")(invalid_utf8_batch(), metadata=CENTER, timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "request" in violations(info.value)
    with pytest.raises(grpc.aio.AioRpcError) as info:  # no token: refused before its bytes are read
        await raw_batch(doors, "intake")(invalid_utf8_batch(), timeout=10)
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_oversize_requests_are_refused_whole(doors):
    intake = STUBS["intake"](doors.channels["intake"])
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await intake.ReceiveDossier(payload("dossier.received", dossier_id="D" * (9 << 20)), metadata=CENTER, timeout=30)
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    items = [event("dossier.received", dossier_id=f"BIG-{n}") for n in range(10_000)]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await intake.SubmitBatch(cmd.EventBatch(events=items), metadata=CENTER, timeout=30)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "events" in violations(info.value)


def stamp(seconds: int, nanos: int = 0) -> Timestamp:
    return Timestamp(seconds=seconds, nanos=nanos)


BAD = [  # (service, method, type, changes, field)
    ("intake", "ReceiveDossier", "dossier.received", {"dossier_id": "D" * (1 << 20)}, "dossier_id"),
    ("intake", "ReceiveDossier", "dossier.received", {"field": "F" * 100_000}, "field"),
    # A refusal quoting a 140 KB input would exceed gRPC's 16 KiB trailing metadata: details are clipped.
    ("intake", "ReceiveDossier", "dossier.received", {"department": "TU_PHAP" * 20_000}, "department"),
    ("intake", "ReceiveDossier", "dossier.received", {"received_at": stamp(-2208988800)}, "received_at"),  # 1900
    ("intake", "ReceiveDossier", "dossier.received", {"received_at": stamp(4102444800)}, "received_at"),  # 2100
    ("intake", "ReceiveDossier", "dossier.received", {"received_at": stamp(1680000000, -1)}, "received_at"),
    ("intake", "ReceiveDossier", "dossier.received", {"channel": 99}, "channel"),
    ("processing", "ResolveDossier", "dossier.resolved", {"outcome": -7}, "outcome"),
    ("processing", "ResolveDossier", "dossier.resolved", {"resolved_at": stamp(4102444800)}, "resolved_at"),
    ("payment", "CompletePayment", "payment.completed", {"amount_vnd": -8000}, "amount_vnd"),
    ("payment", "CompletePayment", "payment.completed", {"amount_vnd": 10 ** 15}, "amount_vnd"),
    ("payment", "CompletePayment", "payment.completed", {"method": 12345}, "method"),
    ("survey", "SubmitSurvey", "survey.submitted", {"rating": 1000}, "rating"),
    ("survey", "SubmitSurvey", "survey.submitted", {"survey_id": "é" * 70}, "survey_id"),
]


def bad_payload(type_name: str, changes: dict):
    message = payload(type_name)
    for name, value in changes.items():
        if isinstance(value, Timestamp):
            getattr(message, name).CopyFrom(value)
        else:
            setattr(message, name, value)  # proto3 keeps enum numbers no one defined: the service must not
    return message


@pytest.mark.parametrize("service, method, type_name, changes, field", BAD)
async def test_each_bad_value_is_invalid_argument_naming_its_field_alone_or_in_a_batch(
        doors, service, method, type_name, changes, field):
    stub = STUBS[service](doors.channels[service])
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await getattr(stub, method)(bad_payload(type_name, changes), metadata=CENTER, timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in violations(info.value)
    assert len(info.value.details()) < 2000, "the refusal must not echo a huge value back"
    good = event(type_name, **({"dossier_id": f"OK-{uuid.uuid4().hex[:10]}"} if type_name != "survey.submitted"
                               else {"survey_id": f"KS-{uuid.uuid4().hex[:10]}"}))
    bad = pb.Event()
    getattr(bad, good.WhichOneof("payload")).CopyFrom(bad_payload(type_name, changes))
    result = await stub.SubmitBatch(cmd.EventBatch(events=[good, bad]), metadata=CENTER, timeout=10)
    assert [r.accepted for r in result.results] == [True, False] and result.results[1].field == field
    doors.acks.record_events([(result.results[0].event_id, good)])


def withdrawn(**changes) -> dict:
    return {"type": "dossier.withdrawn", "dossier_id": "TP-JUNK-1", "department": "TU_PHAP",
            "at": "2023-04-06T15:00:00+07:00", **changes}


JUNK = {  # each line must be refused, with its number and a reason; the lines around it go through
    "invalid UTF-8": json.dumps(withdrawn(dossier_id="MARK")).encode().replace(b"MARK", b"\xff\xfe\xfd"),
    "not JSON": b"{not json",
    "an array": b"[1, 2, 3]",
    "wrong type": json.dumps(withdrawn(at=12345)).encode(),
    "naive time": json.dumps(withdrawn(at="2023-04-06T15:00:00")).encode(),
    "1900": json.dumps(withdrawn(at="1900-01-01T00:00:00+07:00")).encode(),
    "2100": json.dumps(withdrawn(at="2100-01-01T00:00:00+07:00")).encode(),
    "negative money": json.dumps({**EXAMPLES["payment.completed"], "amount_vnd": -8000}).encode(),
    "absurd money": json.dumps({**EXAMPLES["payment.completed"], "amount_vnd": 10 ** 30}).encode(),
    "unknown enum": json.dumps({**EXAMPLES["dossier.received"], "channel": "pigeon"}).encode(),
    "enum as number": json.dumps({**EXAMPLES["dossier.received"], "channel": 99}).encode(),
    "unknown type": json.dumps(withdrawn(type="dossier.teleported")).encode(),
    "huge line": json.dumps(withdrawn(dossier_id="x" * (1 << 20))).encode(),
    "long text": json.dumps({**EXAMPLES["dossier.received"], "field": "F" * 300}).encode(),
}
VALID_LINES = LoadMix(Catalog.load(), uuid.uuid4().hex[:8], seed=7).events()


def valid_line() -> tuple[bytes, pb.Event]:
    event = next(VALID_LINES)[1]
    event.event_id = str(uuid.uuid4())
    return json.dumps(to_object(event)).encode(), event


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(kinds=st.lists(st.sampled_from(["valid"] * 4 + sorted(JUNK)), min_size=1, max_size=25))
async def test_an_import_refuses_each_bad_line_by_number_and_takes_the_rest(doors, kinds):
    lines, junk, ids = [], set(), []
    for number, kind in enumerate(kinds, start=1):
        if kind == "valid":
            line, sent = valid_line()
            ids.append((sent.event_id, sent))
        else:
            line = JUNK[kind]
            junk.add(number)
        lines.append(line)
    importer = Importer({s: f"127.0.0.1:{doors.stack.ports[s][0]}" for s in SERVICES}, batch_size=7)
    try:
        report = await importer.run(read_lines(io.BytesIO(b"\n".join(lines) + b"\n")))
    finally:
        await importer.close()
    assert {number for number, _ in report.errors} == junk, report.errors
    assert all(reason for _, reason in report.errors) and report.accepted == len(ids)
    doors.acks.record_events(ids)


REPORTING = "/motcua.v1.ReportingService/"
BAD_QUESTIONS = [  # (method, request, the field the refusal must name)
    ("GetMonthlyStatistics", reporting_pb2.StatisticsRequest(period="2023-13"), "period"),
    ("GetMonthlyStatistics", reporting_pb2.StatisticsRequest(period="2023-04", by="colour"), "by"),
    ("GetMonthlyStatistics", reporting_pb2.StatisticsRequest(period="2" * 100_000), "period"),
    ("GetDossierTimeline", reporting_pb2.TimelineRequest(dossier_id="D" * 100_000), "dossier_id"),
    ("ListDossiers", reporting_pb2.ListDossiersRequest(period="2023-04", status="pigeon"), "status"),
    ("ListDossiers", reporting_pb2.ListDossiersRequest(period="2023-04", selection=77), "selection"),
    ("ListDossiers", reporting_pb2.ListDossiersRequest(period="2023-04"), "selection"),
    ("GetMonthlyStatistics", reporting_pb2.StatisticsRequest(period="2023-04", group_by=9), "group_by"),
    ("ListDossiers", reporting_pb2.ListDossiersRequest(period="2023-04", status="overdue", page_size=-5), "page_size"),
    ("ListDossiers", reporting_pb2.ListDossiersRequest(period="2023-04", status="overdue", page_token="%%%"),
     "page_token"),
]


@pytest.mark.parametrize("method, request_message, field", BAD_QUESTIONS)
async def test_the_reporting_door_refuses_bad_questions_naming_the_field(doors, method, request_message, field):
    call = doors.channels["reporting"].unary_unary(REPORTING + method, request_serializer=lambda m: m.SerializeToString(),
                                                   response_deserializer=None)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call(request_message, metadata=bearer(DEV_READER_TOKEN), timeout=30)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in violations(info.value), info.value
    assert len(info.value.details()) < 2000


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.binary(max_size=512))
async def test_random_bytes_at_the_reporting_door_are_answered(doors, body):
    for method in ("GetMonthlyStatistics", "GetDossierTimeline", "ListDossiers"):
        call = doors.channels["reporting"].unary_unary(REPORTING + method, request_serializer=None,
                                                       response_deserializer=None)
        try:
            await call(body, metadata=bearer(DEV_READER_TOKEN), timeout=30)
        except grpc.aio.AioRpcError as error:
            assert error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.UNKNOWN,
                                    grpc.StatusCode.NOT_FOUND), error


def test_after_all_that_every_service_serves_and_the_archive_is_exact(doors):
    assert_unharmed(doors)
