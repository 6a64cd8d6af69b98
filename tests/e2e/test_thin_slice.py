"""gRPC → Kafka → projector → ClickHouse → gRPC, with every server real and every service a process."""
from __future__ import annotations

import asyncio
from collections import Counter

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from motcua.auth import DEV_READER_TOKEN, with_token
from motcua.catalog import Catalog
from motcua.events import payload_of
from motcua.interchange import parse_object
from motcua.v1 import intake_pb2_grpc, reporting_pb2, reporting_pb2_grpc
from motcua_tools.demo.sample import received_dossiers
from motcua_tools.importer import Importer
from motcua_tools.stack import wait_for

CENTER = (("authorization", "Bearer dev-center"),)  # deploy/credentials/dev.json


def summary(stack, period: str) -> reporting_pb2.IntakeSummary:
    with grpc.insecure_channel(f"127.0.0.1:{stack.ports['reporting'][0]}") as channel:
        return reporting_pb2_grpc.ReportingServiceStub(with_token(channel, DEV_READER_TOKEN)).GetIntakeSummary(
            reporting_pb2.PeriodRequest(period=period), timeout=10)


def test_received_dossiers_come_back_from_reporting_by_department_and_channel(stack):
    catalog = Catalog.load()
    lines = received_dossiers(catalog, "2023-04", 300)
    one, rest = lines[0], lines[1:]
    with grpc.insecure_channel(f"127.0.0.1:{stack.ports['intake'][0]}") as channel:
        accepted = intake_pb2_grpc.IntakeServiceStub(channel).ReceiveDossier(
            payload_of(parse_object(one)), metadata=CENTER, timeout=10)
    assert accepted.event_id

    async def send_rest():
        importer = Importer({"intake": f"127.0.0.1:{stack.ports['intake'][0]}"}, batch_size=100)
        try:
            import json
            return await importer.run((n, json.dumps(line)) for n, line in enumerate(rest + rest, start=2))
        finally:
            await importer.close()

    report = asyncio.run(send_rest())  # every line twice: the second copy must change nothing
    assert report.refused == 0 and report.accepted == 2 * len(rest)

    assert wait_for(lambda: summary(stack, "2023-04").received >= len(lines), timeout=60)
    got = summary(stack, "2023-04")
    expected = Counter((line["department"], line["channel"]) for line in lines)
    assert got.received == len(lines)
    for dept in got.departments:
        for channel in ("online", "direct", "postal"):
            assert getattr(dept, channel) == expected[(dept.department, channel)], (dept.department, channel)
        assert dept.name == catalog.department_name(dept.department)
    assert sum(d.received for d in got.departments) == len(lines)
    assert summary(stack, "2023-05").received == 0


def test_a_bad_dossier_gets_invalid_argument_naming_the_field(stack):
    line = received_dossiers(Catalog.load(), "2023-04", 1, prefix="BAD")[0]
    payload = payload_of(parse_object({**line, "department": "NOWHERE"}))
    with grpc.insecure_channel(f"127.0.0.1:{stack.ports['intake'][0]}") as channel:
        with pytest.raises(grpc.RpcError) as info:
            intake_pb2_grpc.IntakeServiceStub(channel).ReceiveDossier(payload, metadata=CENTER, timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(info.value)
    detail = error_details_pb2.BadRequest()
    status.details[0].Unpack(detail)
    assert "department" in [v.field for v in detail.field_violations]


def test_a_bad_period_is_refused(stack):
    with pytest.raises(grpc.RpcError) as info:
        summary(stack, "2023-13")
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
